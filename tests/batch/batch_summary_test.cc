#include "analyzer/batch/batch_summary.h"

#include <gtest/gtest.h>

#include "analyzer/batch/summary_fields.h"
#include "analyzer/batch/summary_format.h"

namespace crashsift::batch {
namespace {

SummaryEntry Entry(std::string input, std::string key, std::string title,
                   std::string signature = "", std::string kernel = "", std::string zfs = "",
                   std::optional<double> when = std::nullopt) {
  SummaryEntry e;
  e.input = std::move(input);
  e.bucket.id = pipeline::BucketId(key);
  e.bucket.key = std::move(key);
  e.bucket.title = std::move(title);
  e.bucket.signature = std::move(signature);
  e.bucket.when = when;
  e.kernel = std::move(kernel);
  e.zfs = std::move(zfs);
  return e;
}

constexpr const char* kZapKey = "sig:openzfs-zap-create-leaf-verify3";

BatchSummary ThreeBuckets() {
  BatchSummary summary;
  summary.Add(Entry("a.log", "title:WARNING in foo|foo", "WARNING in foo"));
  summary.Add(Entry("b.log", kZapKey, "OpenZFS VERIFY3 in zap_create_leaf",
                    "openzfs-zap-create-leaf-verify3", "6.1.0-56-amd64", "2.1.11-1", 1700000000));
  summary.Add(Entry("c.log", kZapKey, "OpenZFS VERIFY3 in zap_create_leaf",
                    "openzfs-zap-create-leaf-verify3", "6.12.57+deb13-amd64", "2.3.2-1",
                    1600000000));
  SummaryEntry broken = Entry("d.bin", "error", "input could not be analysed");
  broken.errors.push_back("d.bin: binary data, not a kernel log");
  summary.Add(broken);
  return summary;
}

TEST(BatchSummaryTest, IdsAreVersionedHashesOfTheKey) {
  EXPECT_EQ(pipeline::BucketId("no-crash"), pipeline::BucketId("no-crash"));
  EXPECT_NE(pipeline::BucketId("no-crash"), pipeline::BucketId("error"));
  const std::string id = pipeline::BucketId("no-crash");
  ASSERT_EQ(id.size(), 3u + 16u);
  EXPECT_EQ(id.substr(0, 3), "v2:");
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 3), std::string::npos);
}

TEST(BatchSummaryTest, JsonCountsInputsFailuresAndBucketsLargestFirst) {
  nlohmann::json j = SummaryToJson(ThreeBuckets());
  EXPECT_EQ(j["schema"], kSummarySchemaVersion);
  EXPECT_EQ(j["bucket_algorithm"], "v2");
  EXPECT_EQ(j["inputs"], 4);
  EXPECT_EQ(j["failed"], 1);
  ASSERT_EQ(j["buckets"].size(), 3u);
  const auto& zap = j["buckets"][0];
  EXPECT_EQ(zap["id"], pipeline::BucketId(kZapKey));
  EXPECT_EQ(zap["key"], kZapKey);
  EXPECT_EQ(zap["signature"], "openzfs-zap-create-leaf-verify3");
  EXPECT_EQ(zap["count"], 2);
  EXPECT_EQ(zap["example"], "b.log");
  EXPECT_EQ(zap["examples"], nlohmann::json({"b.log", "c.log"}));
  // First/last seen: the earliest and latest crash time, with its input.
  EXPECT_EQ(zap["first_seen"],
            nlohmann::json({{"input", "c.log"}, {"time", "2020-09-13T12:26:40Z"}}));
  EXPECT_EQ(zap["last_seen"],
            nlohmann::json({{"input", "b.log"}, {"time", "2023-11-14T22:13:20Z"}}));
  EXPECT_EQ(zap["kernels"], nlohmann::json({{"6.1.0-56-amd64", 1}, {"6.12.57+deb13-amd64", 1}}));
  EXPECT_EQ(zap["zfs"], nlohmann::json({{"2.1.11-1", 1}, {"2.3.2-1", 1}}));
  EXPECT_FALSE(j["buckets"][1].contains("signature"));
  EXPECT_FALSE(j["buckets"][1]["first_seen"].contains("time"));
  EXPECT_EQ(j["buckets"][1]["kernels"], nlohmann::json({{"unknown", 1}}));
  EXPECT_EQ(j["errors"], nlohmann::json({"d.bin: binary data, not a kernel log"}));
}

// Run under ASan in CI: the text form once iterated a destroyed temporary.
TEST(BatchSummaryTest, TextHasTwoLinesPerBucketWithItsSignatureIdAndVersions) {
  const std::string zap = pipeline::BucketId(kZapKey);
  const std::string error = pipeline::BucketId("error");
  const std::string warning = pipeline::BucketId("title:WARNING in foo|foo");
  const std::string text = SummaryToText(ThreeBuckets());
  EXPECT_EQ(text.substr(0, text.find('\n') + 1), "4 inputs, 1 failed, 3 buckets\n");
  EXPECT_NE(
      text.find("  2\tOpenZFS VERIFY3 in zap_create_leaf  [openzfs-zap-create-leaf-verify3]  " +
                zap +
                "\n\t  kernel 6.1.0-56-amd64 x1, 6.12.57+deb13-amd64 x1; zfs 2.1.11-1 x1, "
                "2.3.2-1 x1; e.g. b.log\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("  1\tinput could not be analysed  " + error +
                      "\n\t  kernel unknown x1; e.g. d.bin\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  1\tWARNING in foo  " + warning + "\n"), std::string::npos) << text;
}

TEST(BatchSummaryTest, TextShowsKeyAndFirstAndLastSeen) {
  const std::string text = SummaryToText(ThreeBuckets());
  EXPECT_NE(text.find("\t  key sig:openzfs-zap-create-leaf-verify3; first 2020-09-13T12:26:40Z "
                      "(c.log), last 2023-11-14T22:13:20Z (b.log)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\t  key error; first d.bin, last d.bin\n"), std::string::npos) << text;
}

TEST(BatchSummaryTest, MappedIdsAreShownInEveryFormat) {
  BatchSummary summary;
  summary.set_mapped_from("v0");
  SummaryEntry e = Entry("a.log", kZapKey, "OpenZFS VERIFY3 in zap_create_leaf");
  e.previous_id = "v0:1111111111111111";
  summary.Add(e);
  e.previous_id = "v0:2222222222222222";
  summary.Add(e);
  const nlohmann::json j = SummaryToJson(summary);
  EXPECT_EQ(j["mapped_from"], "v0");
  EXPECT_EQ(j["buckets"][0]["previous_ids"],
            nlohmann::json({{"v0:1111111111111111", 1}, {"v0:2222222222222222", 1}}));
  EXPECT_NE(SummaryToText(summary).find("was v0:1111111111111111 x1, v0:2222222222222222 x1"),
            std::string::npos);
  EXPECT_NE(SummaryToMarkdown(summary).find("was `v0:2222222222222222`"), std::string::npos);
  EXPECT_NE(SummaryToHtml(summary).find("was <code>v0:1111111111111111</code>"), std::string::npos);
}

TEST(BatchSummaryTest, MarkdownIsOneTableRowPerBucketWithCellsEscaped) {
  BatchSummary summary = ThreeBuckets();
  summary.Add(Entry("e|f.log", "title:BUG: a|b<c", "BUG: a | <b>"));
  const std::string md = SummaryToMarkdown(summary);
  size_t rows = 0;
  for (size_t at = md.find("\n| "); at != std::string::npos; at = md.find("\n| ", at + 1)) ++rows;
  EXPECT_EQ(rows, 1u + 4u) << md;  // header + buckets
  EXPECT_NE(md.find("**BUG: a \\| &lt;b&gt;**"), std::string::npos) << md;
  EXPECT_NE(md.find("`title:BUG: a\\|b&lt;c`"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | **OpenZFS VERIFY3 in zap_create_leaf**"), std::string::npos) << md;
  EXPECT_NE(md.find("<summary>1 failed inputs</summary>"), std::string::npos) << md;
}

TEST(BatchSummaryTest, HtmlIsSelfContainedWithChartRowsAndVersionTable) {
  BatchSummary summary = ThreeBuckets();
  summary.Add(Entry("/srv/<x>.log", "title:BUG: \"quoted\" & <b>", "BUG: \"quoted\" & <b>"));
  const std::string html = SummaryToHtml(summary);
  EXPECT_EQ(html.find("http:"), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>\""), std::string::npos) << "unescaped title";
  EXPECT_NE(html.find("BUG: &quot;quoted&quot; &amp; &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"file:///srv/%3Cx%3E.log\""), std::string::npos) << html;
  size_t rows = 0, bars = 0;
  for (size_t at = html.find("<tr class=\"bucket\""); at != std::string::npos;
       at = html.find("<tr class=\"bucket\"", at + 1))
    ++rows;
  for (size_t at = html.find("<rect class=\"bar\""); at != std::string::npos;
       at = html.find("<rect class=\"bar\"", at + 1))
    ++bars;
  EXPECT_EQ(rows, 4u);
  EXPECT_EQ(bars, 4u);
  EXPECT_NE(html.find("<td>6.12.57+deb13-amd64</td><td>2.3.2-1</td><td class=\"count\">1</td>"),
            std::string::npos);
}

TEST(BatchSummaryTest, VersionRowsCountInputsPerKernelAndZfs) {
  const auto rows = VersionRows(ThreeBuckets());
  ASSERT_EQ(rows.size(), 3u);  // (unknown, unknown) x2, and two zap pairs
  EXPECT_EQ(rows[0].kernel, "");
  EXPECT_EQ(rows[0].inputs, 2u);
  EXPECT_EQ(rows[0].buckets.size(), 2u);
}

TEST(BatchSummaryTest, FormatNames) {
  EXPECT_EQ(ParseSummaryFormat("markdown"), SummaryFormat::kMarkdown);
  EXPECT_EQ(ParseSummaryFormat("md"), SummaryFormat::kMarkdown);
  EXPECT_EQ(ParseSummaryFormat("html"), SummaryFormat::kHtml);
  EXPECT_EQ(ParseSummaryFormat("yaml"), std::nullopt);
}

}  // namespace
}  // namespace crashsift::batch
