#include "analyzer/diagnosis/signature_tests.h"

#include "analyzer/matching/signature_matcher.h"

namespace crashsift::diagnosis {

SignatureTestCase RunSignatureTest(const matching::SignatureLibrary& library,
                                   const matching::Signature& signature,
                                   const std::filesystem::path& corpus_root,
                                   const std::string& sample, bool expect_match,
                                   const AnalyzeFn& analyze) {
  SignatureTestCase c{signature.id, sample, expect_match, false, ""};
  auto analyzed = analyze(corpus_root / sample);
  if (!analyzed) {
    c.detail = "cannot analyze sample: " + analyzed.error().OneLine();
    return c;
  }
  auto matches = matching::MatchSignatures(library, analyzed->events, analyzed->systems);
  if (!matches) {
    c.detail = "matching failed: " + matches.error().OneLine();
    return c;
  }
  bool matched = false;
  std::string why;
  for (const matching::Match& m : *matches) {
    if (m.signature->id != signature.id) continue;
    if (m.matched) {
      matched = true;
      why = "matched on event " + std::to_string(m.root_event) + " (line " +
            std::to_string(analyzed->events[m.root_event].first_line) + ")";
    } else if (!matched) {
      for (const auto& r : m.ruled_out) why += (why.empty() ? "" : "; ") + r;
    }
  }
  if (why.empty()) {
    why = "no rule of the signature held on any of the " + std::to_string(analyzed->events.size()) +
          " events";
  }
  c.passed = matched == expect_match;
  c.detail = why;
  return c;
}

SignatureTestReport RunSignatureTests(const matching::SignatureLibrary& library,
                                      const std::filesystem::path& corpus_root,
                                      const AnalyzeFn& analyze, std::string_view only_id) {
  SignatureTestReport report;
  for (const matching::Signature& s : library.signatures()) {
    if (!only_id.empty() && s.id != only_id) continue;
    for (const auto& sample : s.tests_match) {
      report.cases.push_back(RunSignatureTest(library, s, corpus_root, sample, true, analyze));
    }
    for (const auto& sample : s.tests_no_match) {
      report.cases.push_back(RunSignatureTest(library, s, corpus_root, sample, false, analyze));
    }
  }
  for (const auto& c : report.cases) report.failed += c.passed ? 0 : 1;
  return report;
}

}  // namespace crashsift::diagnosis
