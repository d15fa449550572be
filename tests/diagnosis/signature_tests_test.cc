// `crashsift signatures test` underneath: each signature's own samples run
// through the real pipeline, and sample paths kept inside the corpus.
#include "analyzer/diagnosis/signature_tests.h"

#include <gtest/gtest.h>

#include "analyzer/matching/signature_library.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"

namespace crashsift::diagnosis {
namespace {

const matching::SignatureLibrary& Shipped() { return *crashsift::testing::ShippedLibrary(); }

constexpr const char* kZap = "openzfs-zap-create-leaf-verify3";
constexpr const char* kLoop = "openzfs-loop-txg-sync-hang";

TEST(SignatureTestsTest, RunsTheLoopSignaturesOwnSamples) {
  SignatureTestReport report = RunSignatureTests(Shipped(), crashsift::testing::CorpusPath(""),
                                                 crashsift::testing::AnalyzeSample, kLoop);
  ASSERT_EQ(report.cases.size(), 5u);
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.cases[0].expect_match);
  EXPECT_EQ(report.cases[0].detail, "matched on event 2 (line 60)");
  EXPECT_TRUE(report.cases[1].expect_match);  // the real lab log: the sysrq-l backtrace
  EXPECT_EQ(report.cases[1].detail, "matched on event 13 (line 788)");
  EXPECT_TRUE(report.cases[2].expect_match);  // cut before sysrq-l: the blocked mount
  EXPECT_EQ(report.cases[2].detail, "matched on event 10 (line 688)");
  EXPECT_FALSE(report.cases[3].expect_match);
  EXPECT_FALSE(report.cases[4].expect_match);
}

TEST(SignatureTestsTest, AMissingSampleFailsWithTheReadersError) {
  const matching::Signature* s = Shipped().Find(kZap);
  ASSERT_NE(s, nullptr);
  SignatureTestCase c =
      RunSignatureTest(Shipped(), *s, crashsift::testing::CorpusPath(""), "logs/does-not-exist.log",
                       true, crashsift::testing::AnalyzeSample);
  EXPECT_FALSE(c.passed);
  EXPECT_TRUE(c.detail.starts_with("cannot analyze sample: ")) << c.detail;
}

// Issue 12, defect 9: absolute and ../ sample paths were followed out of the tree.
TEST(SignatureTestsTest, SamplePathsOutsideTheCorpusAreRefused) {
  const matching::Signature* s = Shipped().Find(kZap);
  ASSERT_NE(s, nullptr);
  for (const char* sample : {"/etc/passwd", "../README.md", "logs/../../README.md", ""}) {
    bool analyzed = false;
    SignatureTestCase c = RunSignatureTest(Shipped(), *s, crashsift::testing::CorpusPath(""),
                                           sample, true, [&](const std::filesystem::path& p) {
                                             analyzed = true;
                                             return crashsift::testing::AnalyzeSample(p);
                                           });
    EXPECT_FALSE(c.passed) << sample;
    EXPECT_FALSE(analyzed) << sample;
    EXPECT_TRUE(c.detail.starts_with("sample path leaves the corpus root ")) << c.detail;
  }
}

}  // namespace
}  // namespace crashsift::diagnosis
