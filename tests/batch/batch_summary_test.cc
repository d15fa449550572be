#include "analyzer/batch/batch_summary.h"

#include <gtest/gtest.h>

namespace crashsift::batch {
namespace {

SummaryEntry Entry(std::string input, std::string key, std::string title,
                   std::string signature = "") {
  return SummaryEntry{std::move(input), std::move(key), std::move(title), std::move(signature), {}};
}

BatchSummary ThreeBuckets() {
  BatchSummary summary;
  summary.Add(Entry("a.log", "title:WARNING in foo|foo,", "WARNING in foo"));
  summary.Add(Entry("b.log", "sig:openzfs-zap-create-leaf-verify3",
                    "OpenZFS VERIFY3 in zap_create_leaf", "openzfs-zap-create-leaf-verify3"));
  summary.Add(Entry("c.log", "sig:openzfs-zap-create-leaf-verify3",
                    "OpenZFS VERIFY3 in zap_create_leaf", "openzfs-zap-create-leaf-verify3"));
  SummaryEntry broken = Entry("d.bin", "error", "input could not be analysed");
  broken.errors.push_back("d.bin: binary data, not a kernel log");
  summary.Add(broken);
  return summary;
}

TEST(BatchSummaryTest, JsonCountsInputsFailuresAndBucketsLargestFirst) {
  nlohmann::json j = ThreeBuckets().ToJson();
  EXPECT_EQ(j["inputs"], 4);
  EXPECT_EQ(j["failed"], 1);
  ASSERT_EQ(j["buckets"].size(), 3u);
  EXPECT_EQ(j["buckets"][0]["signature"], "openzfs-zap-create-leaf-verify3");
  EXPECT_EQ(j["buckets"][0]["count"], 2);
  EXPECT_EQ(j["buckets"][0]["examples"], nlohmann::json({"b.log", "c.log"}));
  EXPECT_FALSE(j["buckets"][1].contains("signature"));
  EXPECT_EQ(j["errors"], nlohmann::json({"d.bin: binary data, not a kernel log"}));
}

// Run under ASan in CI: the text form once iterated a destroyed temporary.
TEST(BatchSummaryTest, TextHasOneLinePerBucketWithItsSignature) {
  EXPECT_EQ(ThreeBuckets().ToText(),
            "4 inputs, 1 failed, 3 buckets\n"
            "  2\tOpenZFS VERIFY3 in zap_create_leaf  [openzfs-zap-create-leaf-verify3]\n"
            "  1\tinput could not be analysed\n"
            "  1\tWARNING in foo\n");
}

}  // namespace
}  // namespace crashsift::batch
