// `crashsift batch` on the repository's real logs: every JSON Lines record
// carries the bucket (pipeline::BucketOf) and the summary counts exactly those
// buckets, with the same ids and keys (issue 11: the records had 69 distinct
// KASAN buckets where the summary folded them into one).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/support/test_support.h"

namespace crashsift {
namespace {

TEST(BatchBucketTest, RecordsAndSummaryAgree) {
  auto dir = testing::TempDir();
  auto out = dir / "batch-bucket.jsonl";
  auto summary_path = dir / "batch-bucket-summary.json";
  const std::string cmd = std::string(CRASHSIFT_BINARY) + " batch -j 2 -o '" + out.string() +
                          "' --summary '" + summary_path.string() + "' '" +
                          testing::CorpusPath("logs").string() + "' '" +
                          testing::CorpusPath("wild/logs").string() + "' 2>/dev/null";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << cmd;

  std::map<std::string, size_t> record_counts;
  std::map<std::string, std::string> record_keys;
  std::istringstream lines(testing::ReadFile(out));
  std::string line;
  size_t records = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("bucket")) << line.substr(0, 200);
    const std::string id = j["bucket"]["id"];
    const std::string key = j["bucket"]["key"];
    EXPECT_EQ(id.substr(0, 3), "v2:");
    ++record_counts[id];
    auto [it, inserted] = record_keys.emplace(id, key);
    EXPECT_EQ(it->second, key) << "one id, two keys";
    ++records;
  }
  ASSERT_GT(records, 300u);

  auto summary = nlohmann::json::parse(testing::ReadFile(summary_path));
  EXPECT_EQ(summary["inputs"], records);
  EXPECT_EQ(summary["bucket_algorithm"], "v2");
  std::map<std::string, size_t> summary_counts;
  size_t with_signature = 0;
  for (const auto& b : summary["buckets"]) {
    const std::string id = b["id"];
    summary_counts[id] = b["count"];
    EXPECT_EQ(b["key"], record_keys[id]) << id;
    with_signature += b.contains("signature");
  }
  EXPECT_EQ(summary_counts, record_counts);
  EXPECT_GT(summary_counts.size(), 50u);
  EXPECT_GT(with_signature, 10u);
}

}  // namespace
}  // namespace crashsift
