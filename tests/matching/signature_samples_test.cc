// Every signature's [tests] samples as GoogleTest cases: each `match` sample
// must make its signature match, no `no_match` sample may. Samples are read
// by the pipeline (reader, events splitter, report scanner), exactly as
// `crashsift signatures test` and `crashsift analyze` read them.
#include <gtest/gtest.h>

#include <ostream>

#include "analyzer/diagnosis/signature_tests.h"
#include "analyzer/matching/signature_library.h"
#include "analyzer/pipeline/analyze.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"

namespace crashsift::matching {
namespace {

struct SampleCase {
  std::string signature;
  std::string sample;
  bool expect_match = true;
};

// What ctest prints for a failing case (instead of the case's bytes).
void PrintTo(const SampleCase& c, std::ostream* os) {
  *os << c.signature << (c.expect_match ? " match " : " no_match ") << c.sample;
}

const SignatureLibrary* Shipped() { return crashsift::testing::ShippedLibrary(); }

std::vector<SampleCase> Cases() {
  std::vector<SampleCase> out;
  if (!Shipped()) return {SampleCase{"<library does not load>", "", true}};
  for (const Signature& s : Shipped()->signatures()) {
    for (const auto& p : s.tests_match) out.push_back({s.id, p, true});
    for (const auto& p : s.tests_no_match) out.push_back({s.id, p, false});
  }
  return out;
}

Result<diagnosis::AnalyzedSample> AnalyzeWithPipeline(const std::filesystem::path& path) {
  auto report = pipeline::AnalyzeInput(path.string(), {});
  if (!report) return tl::unexpected<Error>(report.error());
  diagnosis::AnalyzedSample sample;
  sample.events = std::move(report->events);
  for (auto& boot : report->boots) sample.systems.push_back(std::move(boot.system));
  return sample;
}

class SignatureSampleTest : public ::testing::TestWithParam<SampleCase> {};

TEST_P(SignatureSampleTest, MatchesAsListed) {
  const SampleCase& c = GetParam();
  ASSERT_NE(Shipped(), nullptr) << "the signature library does not load";
  const Signature* s = Shipped()->Find(c.signature);
  ASSERT_NE(s, nullptr);
  auto result = diagnosis::RunSignatureTest(*Shipped(), *s, crashsift::testing::CorpusPath(""),
                                            c.sample, c.expect_match, AnalyzeWithPipeline);
  EXPECT_TRUE(result.passed) << c.signature
                             << (c.expect_match ? " should match " : " should not match ")
                             << c.sample << ": " << result.detail;
}

std::string CaseName(const ::testing::TestParamInfo<SampleCase>& info) {
  return crashsift::testing::TestName(info.param.signature + "_" + std::to_string(info.index));
}

INSTANTIATE_TEST_SUITE_P(Shipped, SignatureSampleTest, ::testing::ValuesIn(Cases()), CaseName);

TEST(SignatureSamplesTest, EverySignatureHasAPositiveSample) {
  ASSERT_NE(Shipped(), nullptr);
  std::string missing;
  for (const Signature& s : Shipped()->signatures()) {
    if (s.tests_match.empty()) missing += " " + s.id;
  }
  EXPECT_TRUE(missing.empty()) << "signatures without a positive sample:" << missing;
}

}  // namespace
}  // namespace crashsift::matching
