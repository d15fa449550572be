#include "analyzer/diagnosis/signature_tests.h"

#include "analyzer/matching/signature_matcher.h"

namespace crashsift::diagnosis {
namespace {

// A sample path is relative and stays inside the corpus root, symbolic links
// resolved: a signature file from anywhere must not make `signatures test`
// read any file of the system ("/etc/shadow", "../../secret").
bool InsideRoot(const std::filesystem::path& root, const std::string& sample) {
  std::filesystem::path relative(sample);
  if (sample.empty() || relative.is_absolute()) return false;
  std::error_code ec;
  auto base = std::filesystem::weakly_canonical(root, ec);
  if (ec) return false;
  auto full = std::filesystem::weakly_canonical(root / relative, ec);
  if (ec) return false;
  auto rel = full.lexically_relative(base);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

SignatureTestCase RunSignatureTest(const matching::SignatureLibrary& library,
                                   const matching::Signature& signature,
                                   const std::filesystem::path& corpus_root,
                                   const std::string& sample, bool expect_match,
                                   const AnalyzeFn& analyze) {
  SignatureTestCase c{signature.id, sample, expect_match, false, ""};
  if (!InsideRoot(corpus_root, sample)) {
    c.detail = "sample path leaves the corpus root " + corpus_root.string() + "; refused";
    return c;
  }
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
