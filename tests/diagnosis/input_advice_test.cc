// Advice that knows its input (analyzer/diagnosis/input_advice.h): for a
// vmcore, the debuginfo package and path of the dumped release, and never a
// request for the dump that was given.
#include "analyzer/diagnosis/input_advice.h"

#include <gtest/gtest.h>

#include <string>

#include "analyzer/pipeline/analyze.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::diagnosis {
namespace {

TEST(InputAdviceTest, DebuginfoPackagesPerDistribution) {
  auto debian = DebuginfoFor("debian", "6.1.0-56-amd64");
  ASSERT_TRUE(debian);
  EXPECT_EQ(debian->package, "linux-image-6.1.0-56-amd64-dbg");
  EXPECT_EQ(debian->vmlinux, "/usr/lib/debug/boot/vmlinux-6.1.0-56-amd64");
  auto ubuntu = DebuginfoFor("ubuntu", "5.15.0-91-generic");
  ASSERT_TRUE(ubuntu);
  EXPECT_EQ(ubuntu->package, "linux-image-unsigned-5.15.0-91-generic-dbgsym");
  auto rhel = DebuginfoFor("rhel", "4.18.0-553.el8_10.x86_64");
  ASSERT_TRUE(rhel);
  EXPECT_EQ(rhel->package, "kernel-debuginfo-4.18.0-553.el8_10.x86_64");
  EXPECT_EQ(rhel->vmlinux, "/usr/lib/debug/lib/modules/4.18.0-553.el8_10.x86_64/vmlinux");
  EXPECT_FALSE(DebuginfoFor("arch", "6.9.1-arch1-1"));
  EXPECT_FALSE(DebuginfoFor("debian", ""));
}

TEST(InputAdviceTest, LogAdviceIsLeftAsItIs) {
  std::vector<Diagnosis> diagnoses(1);
  diagnoses[0].collect_next = {"A vmcore: kdump with crashkernel= (kernel docs: kdump)."};
  std::vector<std::string> input = {"echo w > /proc/sysrq-trigger while it hangs"};
  AdaptAdviceToInput(InputNature::kLog, {}, "kern.log", diagnoses, input);
  EXPECT_EQ(diagnoses[0].collect_next.size(), 1u);
  EXPECT_EQ(input.size(), 1u);
}

// The lab oops dump (Debian 6.1.0-56-amd64, panic_on_oops): the oops
// signature's "A vmcore: kdump ..." is not asked for; the -dbg package is.
TEST(InputAdviceTest, VmcoreAdviceNamesTheDebuginfoAndNeverAsksForADump) {
  pipeline::AnalyzeOptions options;
  options.signatures = crashsift::testing::ShippedLibrary();
  const std::string dump = crashsift::testing::VmcoreSample("oops.kdump-zlib-d31").string();
  auto r = pipeline::AnalyzeInput(dump, options);
  ASSERT_TRUE(r) << r.error().OneLine();
  ASSERT_FALSE(r->collect_next.empty());
  const std::string& first = r->collect_next.front();
  EXPECT_NE(first.find("apt-get install linux-image-6.1.0-56-amd64-dbg"), std::string::npos)
      << first;
  EXPECT_NE(first.find("/usr/lib/debug/boot/vmlinux-6.1.0-56-amd64 " + dump), std::string::npos)
      << first;
  ASSERT_FALSE(r->diagnoses.empty());
  for (const Diagnosis& d : r->diagnoses) {
    for (const std::string& c : d.collect_next) {
      EXPECT_EQ(c.find("kdump"), std::string::npos) << c;
      EXPECT_EQ(c.find("A vmcore"), std::string::npos) << c;
    }
  }
  for (size_t i = 1; i < r->collect_next.size(); ++i) {
    EXPECT_EQ(r->collect_next[i].find("kdump"), std::string::npos) << r->collect_next[i];
  }
}

// A log that holds a sysrq-w dump (ESOS, legacy task lines): sysrq-w is not
// asked for again, neither for the input nor by a diagnosis; sysrq-l still is.
TEST(InputAdviceTest, ASysrqWDumpInTheLogIsNotAskedForAgain) {
  pipeline::AnalyzeOptions options;
  options.signatures = crashsift::testing::ShippedLibrary();
  auto r = pipeline::AnalyzeInput(
      crashsift::testing::CorpusPath("logs/events/github-esos-102-sysrq-w-legacy.log").string(),
      options);
  ASSERT_TRUE(r) << r.error().OneLine();
  bool blocked = false;
  for (const auto& e : r->events) blocked |= e.kind == events::EventKind::kBlockedTask;
  ASSERT_TRUE(blocked);
  bool sysrq_l = false;
  for (const std::string& c : r->collect_next) {
    EXPECT_EQ(c.find("echo w"), std::string::npos) << c;
    sysrq_l |= c.starts_with("echo l > /proc/sysrq-trigger");  // no sysrq-l dump in it
  }
  EXPECT_TRUE(sysrq_l);
  for (const Diagnosis& d : r->diagnoses) {
    for (const std::string& c : d.collect_next) {
      EXPECT_EQ(c.find("sysrq-w to"), std::string::npos) << c;
      EXPECT_EQ(c.find("echo w"), std::string::npos) << c;
    }
  }
}

}  // namespace
}  // namespace crashsift::diagnosis
