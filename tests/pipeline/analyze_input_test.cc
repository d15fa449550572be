// pipeline::AnalyzeInput on real logs of corpus/, tested at the pipeline's own
// boundary (the AnalysisReport, no renderer): the kinds of the events cut, the
// releases read, the leading diagnosis; and an input that cannot be read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"
#include "tests/support/test_support.h"

namespace crashsift::pipeline {
namespace {

const SignatureSource& Signatures() {
  static const SignatureSource* source = [] {
    auto loaded = SignatureSource::Load(crashsift::testing::SignaturesPath().string());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().OneLine();
    return loaded ? new SignatureSource(std::move(*loaded)) : nullptr;
  }();
  return *source;
}

AnalysisReport Analyze(const std::string& sample) {
  AnalyzeOptions options;
  options.signatures = Signatures().library();
  auto report = AnalyzeInput(crashsift::testing::CorpusPath(sample).string(), options);
  EXPECT_TRUE(report.has_value()) << report.error().OneLine();
  return report ? std::move(*report) : AnalysisReport{};
}

std::vector<std::string> Kinds(const AnalysisReport& report) {
  std::vector<std::string> kinds;
  for (const auto& e : report.events) kinds.emplace_back(events::ToString(e.kind));
  return kinds;
}

// openzfs/zfs#17277: a loop device on ZFS hangs txg_sync (6.12.25, ZFS 2.3.1).
TEST(AnalyzeInputTest, LoopOnZfsHang) {
  AnalysisReport r =
      Analyze("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  EXPECT_EQ(r.format, "dmesg");
  EXPECT_EQ(r.records, 105u);
  EXPECT_EQ(Kinds(r), (std::vector<std::string>{"hung_task", "blocked_task", "blocked_task",
                                                "cpu_backtrace"}));
  EXPECT_EQ(r.system.kernel_release, "6.12.25");
  EXPECT_EQ(r.system.zfs_release, "2.3.1-1");
  ASSERT_FALSE(r.diagnoses.empty());
  EXPECT_EQ(r.diagnoses.front().signature, "openzfs-loop-txg-sync-hang");
  EXPECT_EQ(r.diagnoses.front().affected, diagnosis::Affected::kYes);
  EXPECT_TRUE(r.errors.empty());
}

// openzfs/zfs#16157: VERIFY3 in zap_create_leaf() on 6.8.8, ZFS version not printed.
TEST(AnalyzeInputTest, ZapCreateLeafVerify) {
  AnalysisReport r =
      Analyze("logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log");
  EXPECT_EQ(r.format, "console");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"assertion"});
  EXPECT_EQ(r.system.kernel_release, "6.8.8");
  EXPECT_TRUE(r.system.zfs_release.empty());
  ASSERT_EQ(r.diagnoses.size(), 1u);
  EXPECT_EQ(r.diagnoses.front().signature, "openzfs-zap-create-leaf-verify3");
  EXPECT_EQ(r.diagnoses.front().affected, diagnosis::Affected::kUnknown);
}

// A lab hang on ext4 (Debian 6.1): no ZFS signature, the kernel ones lead.
TEST(AnalyzeInputTest, Ext4HangIsNoZfsProblem) {
  AnalysisReport r =
      Analyze("logs/signatures/openzfs-loop-txg-sync-hang/nomatch-lab-loop-ext4-hung-6.1.log");
  EXPECT_EQ(r.format, "console");
  EXPECT_EQ(Kinds(r),
            (std::vector<std::string>{"hung_task", "hung_task", "blocked_task", "blocked_task",
                                      "cpu_backtrace", "hung_task", "hung_task", "panic"}));
  EXPECT_EQ(r.system.kernel_release, "6.1.0-56-amd64");
  ASSERT_FALSE(r.diagnoses.empty());
  EXPECT_EQ(r.diagnoses.front().signature, "kernel-hung-task-frozen-fs");
  for (const auto& d : r.diagnoses) EXPECT_EQ(d.signature.find("openzfs"), std::string::npos);
}

TEST(AnalyzeInputTest, MissingInputIsAnError) {
  auto report = AnalyzeInput((crashsift::testing::TempDir() / "no-such.log").string(), {});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace crashsift::pipeline
