#include "analyzer/pipeline/signature_admin.h"

#include "analyzer/pipeline/analyze.h"

namespace crashsift::pipeline {

std::vector<SignatureSummary> ListSignatures(const matching::SignatureLibrary& library) {
  return matching::List(library);
}

std::optional<std::string> ShowSignature(const matching::SignatureLibrary& library,
                                         std::string_view id) {
  return matching::Show(library, id);
}

SignatureLintResult LintSignatures(const std::filesystem::path& dir,
                                   const std::filesystem::path& corpus_root) {
  return matching::Lint(dir, corpus_root);
}

SignatureTestReport TestSignatures(const matching::SignatureLibrary& library,
                                   const std::filesystem::path& corpus_root) {
  auto analyze = [](const std::filesystem::path& path) -> Result<diagnosis::AnalyzedSample> {
    auto report = AnalyzeInput(path.string(), {});
    if (!report) return Fail(report.error());
    diagnosis::AnalyzedSample sample;
    sample.events = std::move(report->events);
    for (auto& boot : report->boots) sample.systems.push_back(std::move(boot.system));
    return sample;
  };
  return diagnosis::RunSignatureTests(library, corpus_root, analyze);
}

}  // namespace crashsift::pipeline
