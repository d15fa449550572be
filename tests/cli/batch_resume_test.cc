// `crashsift batch --resume RESULTS.jsonl`: a run killed part-way (some
// records, then half a line) and resumed gives the same records as one
// uninterrupted run, byte for byte once sorted, and the same summary counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
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

std::map<std::string, size_t> Counts(const std::filesystem::path& summary) {
  std::map<std::string, size_t> out;
  // Kept in a local: a range-for over a member of the temporary parse() result
  // iterates freed memory (ASan: heap-use-after-free).
  const nlohmann::json parsed = nlohmann::json::parse(testing::ReadFile(summary));
  for (const auto& b : parsed["buckets"]) {
    out[b["id"]] = b["count"];
  }
  return out;
}

TEST(BatchResumeTest, InterruptedAndResumedEqualsUninterrupted) {
  auto dir = testing::TempDir();
  const std::string corpus = "'" + testing::CorpusPath("logs").string() + "'";
  auto all = dir / "resume-all.jsonl";
  auto partial = dir / "resume-partial.jsonl";
  ASSERT_EQ(RunCli("batch -q -j 2 -o '" + all.string() + "' --summary '" +
                   (dir / "resume-all.json").string() + "' " + corpus),
            0);
  auto records = Lines(testing::ReadFile(all));
  ASSERT_GT(records.size(), 100u);
  {
    // What a run killed after a third of its inputs leaves behind.
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    for (size_t i = 0; i < records.size() / 3; ++i) out << records[i] << "\n";
    out << records[records.size() / 3].substr(0, 40);
  }
  ASSERT_EQ(RunCli("batch -q -j 2 --resume '" + partial.string() + "' --summary '" +
                   (dir / "resume-partial.json").string() + "' " + corpus),
            0);
  auto resumed = Lines(testing::ReadFile(partial));
  std::sort(records.begin(), records.end());
  std::sort(resumed.begin(), resumed.end());
  EXPECT_EQ(resumed, records);
  EXPECT_EQ(Counts(dir / "resume-partial.json"), Counts(dir / "resume-all.json"));
  // Resuming a finished run adds nothing.
  ASSERT_EQ(RunCli("batch -q --resume '" + partial.string() + "' " + corpus), 0);
  EXPECT_EQ(Lines(testing::ReadFile(partial)).size(), records.size());
}

TEST(BatchResumeTest, AFileThatHoldsNoRecordsIsRefused) {
  auto bogus = testing::TempDir() / "resume-bogus.jsonl";
  std::ofstream(bogus) << "hello\n";
  int status = RunCli("batch -q --resume '" + bogus.string() + "' /dev/null");
  EXPECT_EQ(status, 1);
  EXPECT_EQ(testing::ReadFile(bogus), "hello\n");
}

}  // namespace
}  // namespace crashsift
