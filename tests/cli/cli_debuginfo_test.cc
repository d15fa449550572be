// `--debuginfo` on analyze and batch, and `crashsift symbolize`, run as a
// user would, on the corpus's real Debian loop.ko debuginfo.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::RunCrashsift;

std::string DebugRoot() {
  return "'" + testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string() + "'";
}

std::string Log() {
  return testing::CorpusPath("debuginfo/logs/assembled-loop-hung-6.1.0-56.log").string();
}

TEST(CliDebuginfo, AnalyzeJsonHasSourceChains) {
  auto r = RunCrashsift("analyze --format json --debuginfo " + DebugRoot() + " '" + Log() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  nlohmann::json process;
  for (const auto& e : j["events"]) {
    for (const auto& f : e["frames"]) {
      if (f["function"] == "loop_process_work") process = f;
    }
  }
  ASSERT_TRUE(process.contains("source")) << process.dump();
  ASSERT_EQ(process["source"].size(), 3u);
  EXPECT_EQ(process["source"][0]["function"], "do_req_filebacked");
  EXPECT_EQ(process["source"][0]["inlined"], true);
  EXPECT_EQ(process["source"][2]["file"], "drivers/block/loop.c");
  EXPECT_EQ(process["source"][2]["line"], 1964);
  EXPECT_EQ(process["source"][2]["column"], 3);
  EXPECT_EQ(process["source"][2]["inlined"], false);
}

// A library with one signature that does not hold on the log: the hung task
// stays an unexplained event, listed with all its frames (a diagnosis shows
// only its event's top three), so the renderer's source lines can be read.
std::string UnrelatedLibrary() {
  auto dir = std::filesystem::temp_directory_path() /
             ("crashsift-debuginfo-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(testing::SignaturesPath("kernel/kernel-oom-kill.toml"),
                             dir / "kernel-oom-kill.toml",
                             std::filesystem::copy_options::overwrite_existing);
  return dir.string();
}

TEST(CliDebuginfo, AnalyzeTextShowsInlinedCallersAboveTheFrame) {
  std::string library = UnrelatedLibrary();
  auto r = RunCrashsift("analyze --signatures '" + library + "' --debuginfo " + DebugRoot() + " '" +
                        Log() + "'");
  std::filesystem::remove_all(library);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("do_req_filebacked  drivers/block/loop.c:493:11 [inline]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("loop_process_work [loop]  drivers/block/loop.c:1964:3\n"),
            std::string::npos)
      << r.out;
}

TEST(CliDebuginfo, MissingDebuginfoPathIsAOneLineError) {
  auto r = RunCrashsift("analyze --debuginfo /nonexistent/vmlinux '" + Log() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "crashsift: /nonexistent/vmlinux: no such debuginfo file or directory\n");
}

TEST(CliDebuginfo, SymbolizeRewritesTheLogFromStdin) {
  auto r = RunCrashsift("symbolize --debuginfo " + DebugRoot(), Log());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("]  loop_process_work+0xbc/0xab0 [loop] (drivers/block/loop.c:493 "
                       "drivers/block/loop.c:1929 drivers/block/loop.c:1964)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("]  kthread+0xda/0x100\n"), std::string::npos);
  EXPECT_NE(r.err.find("crashsift: 2 of 9 frames symbolized"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 18);
}

TEST(CliDebuginfo, SymbolizeNeedsDebuginfo) {
  auto r = RunCrashsift("symbolize -");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("symbolize needs --debuginfo PATH"), std::string::npos);
}

TEST(CliDebuginfo, TasksNeedsTheVmlinux) {
  auto usage = RunCrashsift("tasks /nonexistent.vmcore");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("tasks needs --debuginfo PATH"), std::string::npos) << usage.err;
  auto missing = RunCrashsift("tasks --debuginfo " + DebugRoot() + " /nonexistent.vmcore");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("crashsift: /nonexistent.vmcore: "), std::string::npos) << missing.err;
}

TEST(CliDebuginfo, TasksRefusesADumpWithoutItsVmlinux) {
  // A real 6.1.0-56 dump (trimmed: only the printk pages kept); the corpus
  // has no vmlinux, only loop.ko: a one-line reason naming the release.
  auto dump = testing::TempDir() / "qemu-hung.elf";
  std::string unzip = "zstd -q -d -o '" + dump.string() + "' '" +
                      testing::CorpusPath("vmcores/qemu-hung.elf.zst").string() + "'";
  if (std::system(unzip.c_str()) != 0) GTEST_SKIP() << "no zstd";
  auto r = RunCrashsift("tasks --debuginfo " + DebugRoot() + " '" + dump.string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(": no vmlinux debuginfo for 6.1.0-56-amd64\n"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace crashsift
