// `crashsift signatures list|show|lint|test`: the signature library as the
// commands see it (matching's catalog and lint, diagnosis' sample tests run
// through this pipeline).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/diagnosis/signature_tests.h"
#include "analyzer/matching/signature_catalog.h"

namespace crashsift::pipeline {

using SignatureSummary = matching::SignatureSummary;
using SignatureLintResult = matching::LintResult;
using SignatureTestReport = diagnosis::SignatureTestReport;

// Every signature of `library`, by id.
std::vector<SignatureSummary> ListSignatures(const matching::SignatureLibrary& library);

// The TOML text of signature `id`; nullopt when there is none.
std::optional<std::string> ShowSignature(const matching::SignatureLibrary& library,
                                         std::string_view id);

// Loads every file of `dir` on its own and checks its [tests] samples exist
// under `corpus_root` (matching::Lint).
SignatureLintResult LintSignatures(const std::filesystem::path& dir,
                                   const std::filesystem::path& corpus_root);

// Analyses each signature's [tests] samples (paths relative to
// `corpus_root`) with AnalyzeInput and checks they match, or do not.
SignatureTestReport TestSignatures(const matching::SignatureLibrary& library,
                                   const std::filesystem::path& corpus_root);

}  // namespace crashsift::pipeline
