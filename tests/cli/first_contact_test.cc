// Issue 12, defects 9 and 10: what a first-time user types gets a helpful
// answer, and what cannot be a result is an error, not exit 0.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::Quote;
using testing::RunCrashsift;
using testing::RunShell;
namespace fs = std::filesystem;

constexpr char kPanic[] = "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";

TEST(FirstContactTest, AFileOrDirectoryWithoutACommandSuggestsOne) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "console.log") << kPanic;
  auto file = RunCrashsift(Quote(dir / "console.log"));
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_EQ(file.err, "crashsift: unknown command '" + (dir / "console.log").string() +
                          "'; to analyse a file: crashsift analyze " +
                          (dir / "console.log").string() + "\n");
  auto tree = RunCrashsift(Quote(dir));
  EXPECT_EQ(tree.exit_code, 2);
  EXPECT_EQ(tree.err, "crashsift: unknown command '" + dir.string() +
                          "'; to analyse the files in a directory: crashsift batch " +
                          dir.string() + "\n");
}

TEST(FirstContactTest, BadNumbersAreUsageErrors) {
  for (const char* jobs : {"-1", "0", "abc", "4294967297", "1025"}) {
    auto r = RunCrashsift(std::string("analyze --jobs=") + jobs + " -");
    EXPECT_EQ(r.exit_code, 2) << jobs;
    EXPECT_EQ(r.err, std::string("crashsift: --jobs ") + jobs + ": a number from 1 to 1024\n");
  }
  EXPECT_EQ(RunCrashsift("batch --max-input-time 0 -").exit_code, 2);
  EXPECT_EQ(RunCrashsift("batch --max-memory 1K -").exit_code, 2);
  EXPECT_EQ(RunCrashsift("batch --max-memory 2G --max-input-time 60 -").exit_code,
            1);  // stdin empty
}

TEST(FirstContactTest, JsonIsOneObjectForOneInput) {
  auto r = RunCrashsift("analyze --format json a.log b.log");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("use --format jsonl for several"), std::string::npos) << r.err;
}

TEST(FirstContactTest, EachCommandsHelpListsOnlyItsOptions) {
  auto dmesg = RunCrashsift("dmesg --help");
  EXPECT_EQ(dmesg.exit_code, 0);
  for (const char* absent : {"--args", "--jobs", "--signatures", "--format", "--summary"})
    EXPECT_EQ(dmesg.out.find(std::string(absent) + " "), std::string::npos) << absent;
  EXPECT_NE(dmesg.out.find("--raw"), std::string::npos);
  EXPECT_NE(dmesg.out.find("--output"), std::string::npos);
  auto analyze = RunCrashsift("analyze --help");
  for (const char* absent : {"--args", "--raw", "--summary", "--corpus"})
    EXPECT_EQ(analyze.out.find(std::string(absent) + " "), std::string::npos) << absent;
  EXPECT_NE(analyze.out.find("--max-input-time"), std::string::npos);
  auto sigs = RunCrashsift("signatures --help");
  for (const char* absent : {"--args", "--jobs", "--output"})
    EXPECT_EQ(sigs.out.find(std::string(absent) + " "), std::string::npos) << absent;
  // An option a command does not take is refused, not ignored.
  auto ignored = RunCrashsift("signatures list -o /tmp/x");
  EXPECT_EQ(ignored.exit_code, 2);
}

TEST(FirstContactTest, CompressedVmcoresSayHowToReadThem) {
  auto zst = testing::CorpusPath("vmcores/hungpanic.kdump-lzo-d31.zst");
  auto dmesg = RunCrashsift("dmesg " + Quote(zst));
  EXPECT_EQ(dmesg.exit_code, 1);
  EXPECT_EQ(dmesg.err, "crashsift: " + zst.string() +
                           ": compressed with zstd; dumps are read at random, decompress it "
                           "first: zstd -d -k '" +
                           zst.string() + "'\n");
  auto analyze = RunCrashsift("analyze " + Quote(zst));
  EXPECT_EQ(analyze.exit_code, 1);
  EXPECT_EQ(analyze.err, "crashsift: " + zst.string() +
                             ": a vmcore (kdump-compressed) compressed with zstd; dumps are read "
                             "at random, decompress it first: zstd -d -k '" +
                             zst.string() + "'\n");
}

TEST(FirstContactTest, DmesgReadsAVmcoreFromStandardInputAndWritesOutput) {
  auto dir = testing::TempDir();
  auto dump = dir / "dump";
  ASSERT_EQ(
      RunShell("zstd -dc " + Quote(testing::CorpusPath("vmcores/hungpanic.kdump-lzo-d31.zst")) +
               " > " + Quote(dump))
          .exit_code,
      0);
  auto from_file = RunCrashsift("dmesg " + Quote(dump));
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  auto from_stdin = RunCrashsift("dmesg -", dump.string());
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, from_file.out);
  auto to_file = RunCrashsift("dmesg -o " + Quote(dir / "dmesg.txt") + " " + Quote(dump));
  EXPECT_EQ(to_file.exit_code, 0);
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(testing::ReadFile(dir / "dmesg.txt"), from_file.out);
}

TEST(FirstContactTest, ADumpCutToOneByteIsAnError) {
  auto dir = testing::TempDir();
  for (const char* byte : {"\x7f", "K"}) {
    std::ofstream(dir / "cut", std::ios::binary) << byte;
    auto r = RunCrashsift("analyze " + Quote(dir / "cut"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "crashsift: " + (dir / "cut").string() +
                         ": only 1 byte(s), the start of a vmcore or compressed file: cut short\n");
  }
}

TEST(FirstContactTest, MaxInputTimeGivesAPartialReportMarkedAsSuch) {
  auto r = RunShell("yes '[    1.000000] endless line' | " + testing::CrashsiftBinary() +
                    " analyze --format json --max-input-time 1 -");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("crashsift: warning: -: partial: reading stopped after 1 s "
                       "(--max-input-time); the report covers the first "),
            std::string::npos)
      << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["partial"], true);
  EXPECT_GT(j["records"].get<uint64_t>(), 0u);
}

TEST(FirstContactTest, ConfidenceIsRounded) {
  auto sample = testing::CorpusPath(
      "logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log");
  auto r = RunCrashsift("analyze --format json " + Quote(sample));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t at = r.out.find("\"confidence\": ");
  ASSERT_NE(at, std::string::npos);
  std::string number = r.out.substr(at + 14, r.out.find_first_of(",\n", at) - at - 14);
  size_t dot = number.find('.');
  EXPECT_TRUE(dot == std::string::npos || number.size() - dot - 1 <= 2) << number;
}

}  // namespace
}  // namespace crashsift
