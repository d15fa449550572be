// TEST-ONLY: a sample file -> events + per-boot facts, through the landed
// events splitter and the events tests' dmesg text helper (raw dmesg,
// console and syslog lines). The pipeline's own Analyze replaces this once
// it is on main; signature tests depend only on the AnalyzeFn shape.
#pragma once

#include <filesystem>

#include "analyzer/diagnosis/signature_tests.h"

namespace crashsift::testing {

Result<diagnosis::AnalyzedSample> AnalyzeSample(const std::filesystem::path& path);

}  // namespace crashsift::testing
