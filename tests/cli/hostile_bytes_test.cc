// Issue 12, defect 1: bytes that are not UTF-8 (in a log line, a task name,
// a file name) must still give valid JSON, in analyze and in a parallel
// batch, with every invalid sequence replaced by U+FFFD.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::CountLines;
using testing::Quote;
using testing::RunCrashsift;

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// A real-looking oops whose task name and panic message hold invalid UTF-8
// (a lone continuation byte, an overlong start, a truncated sequence).
std::string LatinOneOops() {
  return "[   12.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
         "[   12.000001] CPU: 0 PID: 42 Comm: caf\xE9-\xFF Not tainted 6.1.0 #1\n"
         "[   12.000002] Call Trace:\n"
         "[   12.000003]  <TASK>\n"
         "[   12.000004]  do_\xC3\x28work+0x1/0x2\n"
         "[   12.000005]  </TASK>\n"
         "[   12.000006] Kernel panic - not syncing: Fatal exception in \x80\xBF\xE2\x82\n";
}

TEST(HostileBytesTest, AnalyzeJsonIsValidJsonWithReplacementCharacters) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "latin1.log", std::ios::binary) << LatinOneOops();
  auto r = RunCrashsift("analyze --format json " + Quote(dir / "latin1.log"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(r.out)) << r.out;
  ASSERT_FALSE(j["events"].empty());
  EXPECT_EQ(j["events"][0]["task"]["comm"], std::string("caf") + kReplacement + "-" + kReplacement);
  EXPECT_NE(r.out.find(kReplacement), std::string::npos);
}

TEST(HostileBytesTest, AFileNameThatIsNotUtf8IsReplacedNotFatal) {
  auto dir = testing::TempDir();
  auto path = dir / "kern\xFF.log";
  std::ofstream(path) << "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";
  auto r = RunCrashsift("analyze --format jsonl " + Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["file"], (dir / "kern").string() + kReplacement + ".log");
}

// Before: nlohmann's dump() threw inside a worker thread: SIGABRT, empty output.
TEST(HostileBytesTest, ParallelBatchKeepsEveryResult) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "a.log")
      << "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";
  std::ofstream(dir / "b.log", std::ios::binary) << LatinOneOops();
  std::ofstream(dir / "c.log") << "[    5.000000] nothing to see here\n";
  auto out = dir / "out.jsonl";
  auto r = RunCrashsift("batch -j 2 -o " + Quote(out) + " " + Quote(dir));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string text = testing::ReadFile(out);
  ASSERT_EQ(CountLines(text), 3u) << text;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) EXPECT_NO_THROW(nlohmann::json::parse(line)) << line;
}

}  // namespace
}  // namespace crashsift
