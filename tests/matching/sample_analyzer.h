// TEST-ONLY: a sample file -> events + per-boot facts through the landed
// front end (kernel_log::TextLogReader, every text format) and the events
// splitter. The pipeline's own Analyze replaces this once it is on main;
// signature tests depend only on the AnalyzeFn shape.
#pragma once

#include <filesystem>

#include "analyzer/diagnosis/signature_tests.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::testing {

Result<diagnosis::AnalyzedSample> AnalyzeSample(const std::filesystem::path& path);

// The shipped signatures/ library, loaded once; nullptr when it does not
// load (the error goes to stderr; SignatureSampleTest fails on it).
const matching::SignatureLibrary* ShippedLibrary();

}  // namespace crashsift::testing
