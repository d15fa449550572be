// The shipped commands on real dumps: `crashsift dmesg` prints exactly what
// makedumpfile --dump-dmesg printed (split parts in any order), `--raw`
// what vmcore-dmesg printed; bad input is a clear error and exit status 1;
// `crashsift analyze` on a dump reports its facts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::ReadFile;
using crashsift::testing::RunProgram;
using crashsift::testing::TempDir;
using crashsift::testing::VmcoreSample;

class VmcoreCliTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  crashsift::testing::ProgramRun Crashsift(std::vector<std::string> args) {
    args.insert(args.begin(), CRASHSIFT_BINARY);
    return RunProgram(args, dir_);
  }
  std::filesystem::path dir_ = TempDir();
};

TEST_F(VmcoreCliTest, DmesgOfSplitPartsInAnyOrderIsMakedumpfilesText) {
  auto run = Crashsift({"dmesg", VmcoreSample("oops.kdump-lzo-d31.split2").string(),
                        VmcoreSample("oops.kdump-lzo-d31.split3").string(),
                        VmcoreSample("oops.kdump-lzo-d31.split1").string()});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out,
            ReadFile(CorpusPath("vmcores/oops.kdump-lzo-d31.split.makedumpfile-dmesg.txt")));
}

// The parts of a --split set among other inputs: one report for the set, in
// the place of its first part given, then the others' reports.
TEST_F(VmcoreCliTest, AnalyzeOfSplitPartsAmongOtherInputsIsOneReportForTheSet) {
  const std::string p1 = VmcoreSample("oops.kdump-lzo-d31.split1").string();
  const std::string p2 = VmcoreSample("oops.kdump-lzo-d31.split2").string();
  const std::string p3 = VmcoreSample("oops.kdump-lzo-d31.split3").string();
  const std::string log = CorpusPath("logs/formats/dmesg.log").string();
  auto run = Crashsift({"analyze", "--format", "jsonl", p3, log, p1, p2});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  const size_t newline = run.out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const std::string set = run.out.substr(0, newline), rest = run.out.substr(newline + 1);
  EXPECT_NE(set.find("\"input\":\"" + p3 + ", " + p1 + ", " + p2 + "\""), std::string::npos) << set;
  EXPECT_NE(set.find("\"format\":\"vmcore-kdump-lzo-split\""), std::string::npos);
  EXPECT_NE(set.find("\"title\":\"BUG: unable to handle kernel NULL pointer dereference in "
                     "lab_do_work\""),
            std::string::npos);
  EXPECT_NE(rest.find("\"input\":\"" + log + "\""), std::string::npos) << rest;
  EXPECT_EQ(std::count(rest.begin(), rest.end(), '\n'), 1);
}

// makedumpfile put every page of this small -d 31 dump in part 1: parts 2
// and 3 hold none, so either alone has no kernel log, and the error says why.
TEST_F(VmcoreCliTest, AnalyzeOfALoneEmptySplitPartSaysThePartsAreMissing) {
  const std::string p2 = VmcoreSample("oops.kdump-lzo-d31.split2").string();
  auto run = Crashsift({"analyze", p2});
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_NE(run.err.find("crashsift: " + p2 + ": "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("parts of this makedumpfile --split set are missing: give them all "
                         "together"),
            std::string::npos)
      << run.err;
}

TEST_F(VmcoreCliTest, DmesgRawIsVmcoreDmesgsText) {
  auto run = Crashsift({"dmesg", "--raw", VmcoreSample("kdump-hung.elf-full").string()});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, ReadFile(CorpusPath("vmcores/kdump-hung.elf-full.vmcore-dmesg.txt")));
}

TEST_F(VmcoreCliTest, DmesgOfATextLogIsAnErrorNamingTheFile) {
  auto text = dir_ / "console.log";
  std::ofstream(text) << "[    0.000000] Linux version 6.1.0-56-amd64\n";
  auto run = Crashsift({"dmesg", text.string()});
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find(text.string()), std::string::npos) << run.err;
}

TEST_F(VmcoreCliTest, DmesgOfATruncatedDumpIsAnError) {
  auto whole = ReadFile(VmcoreSample("oops.kdump-zlib-d31"));
  auto cut = dir_ / "cut.kdump";
  std::ofstream(cut, std::ios::binary) << whole.substr(0, 6000);
  auto run = Crashsift({"dmesg", cut.string()});
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_NE(run.err.find("cut.kdump"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("the page bitmap runs past the end of the file"), std::string::npos)
      << run.err;
}

TEST_F(VmcoreCliTest, AnalyzeJsonOfADumpHasItsFacts) {
  auto run =
      Crashsift({"analyze", "--format", "json", VmcoreSample("softlockup.flat-lzo-d31").string()});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  for (const char* fact :
       {"\"format\": \"vmcore-flattened-lzo\"", "\"vmcore.osrelease\": \"6.1.0-56-amd64\"",
        "\"vmcore.panic_regs.rip\": \"0xffffffff", "\"crash_time\": ", "\"labcrash\""}) {
    EXPECT_NE(run.out.find(fact), std::string::npos) << fact;
  }
}

TEST_F(VmcoreCliTest, AnalyzeTextOfADumpShowsCrashTimeAndPanicCpu) {
  auto run = Crashsift({"analyze", VmcoreSample("oops.kdump-zlib-d31").string()});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("         dump     crashed 2026-11-24 15:39:52 UTC; panic CPU 1, pid 1, "
                         "RIP 0xffffffffc0"),
            std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace crashsift::vmcore
