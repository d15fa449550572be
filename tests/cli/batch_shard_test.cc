// `crashsift batch --shard I/N`: N runs cover every input exactly once, and
// their records, merged and sorted, equal one local run's byte for byte;
// `--quiet` prints nothing on stderr.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::Lines;

// The exit status of `crashsift ARGS` (its output captured, not shown).
int RunCli(const std::string& args) { return testing::RunCrashsift(args).exit_code; }

TEST(BatchShardTest, ShardsMergeIntoOneRun) {
  auto dir = testing::TempDir();
  const std::string corpus = "'" + testing::CorpusPath("logs").string() + "'";
  ASSERT_EQ(RunCli("batch -q -j 2 -o '" + (dir / "all.jsonl").string() + "' " + corpus), 0);
  std::vector<std::string> merged;
  std::set<size_t> sizes;
  for (int i = 0; i < 3; ++i) {
    auto out = dir / ("shard" + std::to_string(i) + ".jsonl");
    auto err = dir / ("shard" + std::to_string(i) + ".err");
    ASSERT_EQ(RunCli("batch --quiet -j 2 --shard " + std::to_string(i) + "/3 -o '" + out.string() +
                     "' " + corpus + " 2>'" + err.string() + "'"),
              0);
    EXPECT_EQ(testing::ReadFile(err), "");  // --quiet: no summary
    auto lines = Lines(testing::ReadFile(out));
    sizes.insert(lines.size());
    merged.insert(merged.end(), lines.begin(), lines.end());
  }
  auto all = Lines(testing::ReadFile(dir / "all.jsonl"));
  ASSERT_GT(all.size(), 100u);
  EXPECT_GT(sizes.size(), 1u);  // not all in one shard
  EXPECT_TRUE(sizes.count(0) == 0);
  std::sort(all.begin(), all.end());
  std::sort(merged.begin(), merged.end());
  EXPECT_EQ(merged, all);
}

TEST(BatchShardTest, BadShardIsAUsageError) {
  for (const char* bad : {"3/3", "1", "a/b", "0/0", "1/2x"}) {
    int status = RunCli(std::string("batch --shard ") + bad + " /dev/null");
    EXPECT_EQ(status, 2) << bad;
  }
}

}  // namespace
}  // namespace crashsift
