// Issue 12, defect 8: what a batch cannot read inside a directory tree
// (unreadable directories, dangling links, link loops) is a failed input in
// the output and the summary, never skipped without a word.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::Quote;
using testing::RunCrashsift;
namespace fs = std::filesystem;

std::vector<nlohmann::json> Records(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(BatchWalkTest, DanglingLinksAndLoopsAreRecordedFailures) {
  auto dir = testing::TempDir() / "tree";
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.log")
      << "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";
  fs::create_symlink("/nonexistent/kern.log", dir / "dangling.log");
  fs::create_directory_symlink("..", dir / "sub" / "up");
  fs::create_symlink("self.log", dir / "self.log");
  auto summary = dir.parent_path() / "summary.json";
  auto r = RunCrashsift("batch --summary " + Quote(summary) + " " + Quote(dir));
  EXPECT_EQ(r.exit_code, 1);
  auto records = Records(r.out);
  ASSERT_EQ(records.size(), 4u) << r.out;
  EXPECT_EQ(
      records[0]["errors"][0]["message"],
      (dir / "dangling.log").string() + ": dangling symbolic link (to /nonexistent/kern.log)");
  EXPECT_EQ(records[1]["errors"][0]["message"],
            (dir / "self.log").string() + ": symbolic link loop");
  EXPECT_EQ(
      records[2]["errors"][0]["message"],
      (dir / "sub" / "up").string() + ": symbolic link loop (links back to a directory above)");
  EXPECT_EQ(records[3]["file"], (dir / "a.log").string());
  EXPECT_NE(r.err.find("crashsift: " + (dir / "dangling.log").string() + ": dangling"),
            std::string::npos);
  auto s = nlohmann::json::parse(testing::ReadFile(summary));
  EXPECT_EQ(s["inputs"], 4);
  EXPECT_EQ(s["failed"], 3);
}

// Root reads any directory, so CI (root) runs this one as nobody.
TEST(BatchWalkTest, UnreadableDirectoryIsAFailureNotZeroInputs) {
  std::string prefix;
  if (::geteuid() == 0) {
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    if (std::system((prefix + "test -x " + testing::CrashsiftBinary()).c_str()) != 0)
      GTEST_SKIP() << "no setpriv, or nobody cannot run the binary from this build directory";
  }
  auto dir = fs::path("/tmp") / ("crashsift-walk-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "locked");
  ::chmod(dir.c_str(), 0755);
  std::ofstream(dir / "locked" / "x.log") << "[    1.0] x\n";
  ::chmod((dir / "locked").c_str(), 0);
  auto top = RunCrashsift("batch " + Quote(dir / "locked"), "/dev/null", prefix);
  auto nested = RunCrashsift("batch " + Quote(dir), "/dev/null", prefix);
  ::chmod((dir / "locked").c_str(), 0755);
  fs::remove_all(dir);
  for (const auto* r : {&top, &nested}) {
    EXPECT_EQ(r->exit_code, 1);
    auto records = Records(r->out);
    ASSERT_EQ(records.size(), 1u) << r->out;
    EXPECT_EQ(records[0]["errors"][0]["message"],
              (dir / "locked").string() + ": cannot read directory: Permission denied");
    EXPECT_NE(r->err.find("1 inputs, 1 failed"), std::string::npos) << r->err;
  }
}

}  // namespace
}  // namespace crashsift
