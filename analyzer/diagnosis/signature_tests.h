// `crashsift signatures test`: runs each signature's own [tests] samples.
// Every `match` sample must make the signature match; no `no_match` sample
// may. Reading a sample into events is the caller's job (`analyze`, supplied
// by the pipeline), so matching does not depend on the log readers.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::diagnosis {

struct AnalyzedSample {
  std::vector<events::Event> events;
  std::vector<events::SystemFacts> systems;  // by Event::boot
};
using AnalyzeFn = std::function<Result<AnalyzedSample>(const std::filesystem::path&)>;

struct SignatureTestCase {
  std::string signature;
  std::string sample;  // as listed in [tests], relative to the corpus root
  bool expect_match = true;
  bool passed = false;
  std::string detail;  // why it failed (or what matched), one line per reason
};

struct SignatureTestReport {
  std::vector<SignatureTestCase> cases;
  size_t failed = 0;
  bool ok() const { return failed == 0; }
};

// One sample against one signature.
SignatureTestCase RunSignatureTest(const matching::SignatureLibrary& library,
                                   const matching::Signature& signature,
                                   const std::filesystem::path& corpus_root,
                                   const std::string& sample, bool expect_match,
                                   const AnalyzeFn& analyze);

// Every sample of every signature (or only `only_id` when not empty).
SignatureTestReport RunSignatureTests(const matching::SignatureLibrary& library,
                                      const std::filesystem::path& corpus_root,
                                      const AnalyzeFn& analyze, std::string_view only_id = "");

}  // namespace crashsift::diagnosis
