// Issue 12, defects 2, 3 and 5: an output never clobbers an input, a killed
// batch leaves whole JSON lines only, and every write error is an error.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

extern char** environ;

namespace crashsift {
namespace {

using testing::CountLines;
using testing::Quote;
using testing::RunCrashsift;
using testing::RunShell;
namespace fs = std::filesystem;

constexpr char kPanic[] = "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";

// Every line of `text` is a whole JSON object.
void ExpectWholeJsonLines(const std::string& text) {
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "half a line at the end";
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) EXPECT_NO_THROW(nlohmann::json::parse(line)) << line;
}

TEST(OutputSafetyTest, OutputNamingAnInputIsRefusedAndTheInputKept) {
  auto dir = testing::TempDir();
  auto log = dir / "console.log";
  std::ofstream(log) << kPanic;
  auto r = RunCrashsift("analyze -o " + Quote(log) + " " + Quote(log));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "crashsift: " + log.string() + ": is also an input; refusing to overwrite it\n");
  EXPECT_EQ(testing::ReadFile(log), kPanic);
  auto s = RunCrashsift("batch --summary " + Quote(log) + " " + Quote(log));
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_EQ(testing::ReadFile(log), kPanic);
}

TEST(OutputSafetyTest, BatchDoesNotReadItsOwnEarlierOutput) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "a.log") << kPanic;
  auto out = dir / "out.jsonl";
  auto first = RunCrashsift("batch -o " + Quote(out) + " " + Quote(dir));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string before = testing::ReadFile(out);
  auto second = RunCrashsift("batch -o " + Quote(out) + " " + Quote(dir));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("note: " + out.string() + ": skipped, it is this run's output"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(testing::ReadFile(out), before);  // one record, for a.log only
  EXPECT_EQ(CountLines(before), 1u);
}

TEST(OutputSafetyTest, TheOutputIsReplacedWholeAndNoTemporaryIsLeft) {
  auto dir = testing::TempDir();
  auto out = dir / "report.txt";
  std::ofstream(out) << "old report\n";
  auto r = RunCrashsift("analyze -o " + Quote(out) + " /nonexistent/kern.log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(testing::ReadFile(out).find("old report"), std::string::npos);
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

// Starts `batch -j 1 -o out.jsonl big.log big2.log FIFO`: it writes two
// records, then blocks opening the FIFO, where the test kills it.
struct BlockedBatch {
  fs::path dir, out;
  pid_t pid = -1;

  explicit BlockedBatch(const fs::path& d) : dir(d), out(d / "out.jsonl") {
    // Records well over stdio's 4 KiB buffer: many events per log.
    std::ofstream big(dir / "big.log");
    for (int i = 0; i < 200; ++i) {
      big << "[   " << 10 + i << ".000000] WARNING: CPU: 0 PID: " << i
          << " at kernel/foo.c:12 bar+0x1/0x2\n";
    }
    big << kPanic;
    big.close();
    fs::copy_file(dir / "big.log", dir / "big2.log");
    ::mkfifo((dir / "z.fifo").c_str(), 0600);
    std::string bin = testing::CrashsiftBinary();
    std::vector<std::string> args = {bin,
                                     "batch",
                                     "-j",
                                     "1",
                                     "-o",
                                     out.string(),
                                     "--summary",
                                     (dir / "s.json").string(),
                                     (dir / "big.log").string(),
                                     (dir / "big2.log").string(),
                                     (dir / "z.fifo").string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, (dir / "err.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
  }
  // The temporary beside out.jsonl, once it holds `lines` lines.
  fs::path WaitForPartial(size_t lines) {
    for (int i = 0; i < 600; ++i) {
      for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().filename().string().starts_with("out.jsonl.partial-") &&
            CountLines(testing::ReadFile(e.path())) >= lines)
          return e.path();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
  }
  int Kill(int sig) {
    ::kill(pid, sig);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  ~BlockedBatch() {
    if (pid > 0) Kill(SIGKILL);  // a failed assertion left it blocked on the FIFO
  }
};

TEST(OutputSafetyTest, TerminatedBatchKeepsWholeLinesOnly) {
  BlockedBatch batch(testing::TempDir());
  ASSERT_FALSE(batch.WaitForPartial(2).empty());
  EXPECT_EQ(batch.Kill(SIGTERM), 128 + SIGTERM);
  std::string text = testing::ReadFile(batch.out);
  EXPECT_EQ(CountLines(text), 2u);
  EXPECT_GT(text.size(), 8192u);
  ExpectWholeJsonLines(text);
  EXPECT_NE(testing::ReadFile(batch.dir / "err.txt").find("interrupted"), std::string::npos);
}

TEST(OutputSafetyTest, KilledBatchLeavesTheTargetAloneAndWholeLinesInItsTemporary) {
  BlockedBatch batch(testing::TempDir());
  fs::path partial = batch.WaitForPartial(2);
  ASSERT_FALSE(partial.empty());
  EXPECT_EQ(batch.Kill(SIGKILL), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(batch.out));
  ExpectWholeJsonLines(testing::ReadFile(partial));
}

TEST(OutputSafetyTest, WriteErrorsAreErrors) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto dir = testing::TempDir();
  auto log = dir / "console.log";
  std::ofstream(log) << kPanic;
  const std::string bin = testing::CrashsiftBinary();
  auto to_file = RunCrashsift("analyze -o /dev/full " + Quote(log));
  EXPECT_EQ(to_file.exit_code, 1);
  EXPECT_EQ(to_file.err, "crashsift: /dev/full: write: No space left on device\n");
  auto to_stdout = RunShell(bin + " analyze " + Quote(log) + " >/dev/full");
  EXPECT_EQ(to_stdout.exit_code, 1);
  EXPECT_EQ(to_stdout.err, "crashsift: <stdout>: write: No space left on device\n");
  auto summary = RunCrashsift("batch -o /dev/null --summary /dev/full " + Quote(log));
  EXPECT_EQ(summary.exit_code, 1);
  EXPECT_EQ(summary.err, "crashsift: /dev/full: write: No space left on device\n");
  auto list = RunShell(bin + " signatures list >/dev/full");
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_EQ(list.err, "crashsift: <stdout>: write: No space left on device\n");
}

}  // namespace
}  // namespace crashsift
