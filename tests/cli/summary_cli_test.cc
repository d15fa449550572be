// `crashsift summary RESULTS.jsonl...` on the records of a real batch run
// (corpus/logs and corpus/wild/logs): the same buckets as the run's own
// summary; every record's bucket recomputed from the report it holds equals
// the bucket it carries (one bucket truth); records of another bucket
// algorithm are refused without --map-from and re-bucketed with it, the old
// ids shown; and each summary format on the command line.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::Lines;
using testing::Quote;
using testing::RunCrashsift;

// One batch run shared by the tests of this file (it is the slow part).
class SummaryCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("crashsift-summary-cli-" + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    auto run = RunCrashsift("batch -q -j 2 -o " + Quote(Records()) + " --summary " +
                            Quote(*dir_ / "batch-summary.json") + " " +
                            Quote(testing::CorpusPath("logs")) + " " +
                            Quote(testing::CorpusPath("wild/logs")));
    ASSERT_LE(run.exit_code, 1) << run.err;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::filesystem::path Records() { return *dir_ / "records.jsonl"; }
  static std::filesystem::path Dir() { return *dir_; }

  // The records with every bucket id moved to algorithm "v0" (a different
  // hash per id), as a results file of an older crashsift would hold.
  static std::filesystem::path OlderRecords() {
    auto path = *dir_ / "records-v0.jsonl";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const std::string& line : Lines(testing::ReadFile(Records()))) {
      auto j = nlohmann::json::parse(line);
      std::string id = j["bucket"]["id"];
      j["bucket"]["id"] = "v0:" + std::string(id.rbegin(), id.rend()).substr(0, 16);
      out << j.dump() << "\n";
    }
    return path;
  }

 private:
  static std::filesystem::path* dir_;
};
std::filesystem::path* SummaryCliTest::dir_ = nullptr;

nlohmann::json Json(const std::string& text) { return nlohmann::json::parse(text); }

TEST_F(SummaryCliTest, SameBucketsAsTheRunsOwnSummary) {
  auto run = RunCrashsift("summary --summary-format json " + Quote(Records()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json from_records = Json(run.out);
  const nlohmann::json from_batch = Json(testing::ReadFile(Dir() / "batch-summary.json"));
  EXPECT_EQ(from_records, from_batch);
  EXPECT_GT(from_records["buckets"].size(), 50u);
}

// One bucket truth: pipeline::BucketOf of the report a record holds (what
// --map-from computes) is the bucket the record carries, for every record.
TEST_F(SummaryCliTest, RecordsBucketsRecomputedFromTheirReportsAgree) {
  auto run = RunCrashsift("summary --map-from v0 --summary-format json " + Quote(OlderRecords()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json mapped = Json(run.out);
  std::map<std::string, size_t> record_counts;
  std::map<std::string, std::string> record_keys;
  std::map<std::string, std::string> old_to_new;
  for (const std::string& line : Lines(testing::ReadFile(Records()))) {
    auto j = nlohmann::json::parse(line);
    ++record_counts[j["bucket"]["id"]];
    record_keys[j["bucket"]["id"]] = j["bucket"]["key"];
    std::string id = j["bucket"]["id"];
    old_to_new["v0:" + std::string(id.rbegin(), id.rend()).substr(0, 16)] = id;
  }
  std::map<std::string, size_t> summary_counts;
  for (const auto& b : mapped["buckets"]) {
    const std::string id = b["id"];
    summary_counts[id] = b["count"];
    EXPECT_EQ(b["key"], record_keys[id]) << id;
    size_t previous = 0;
    for (const auto& [old_id, n] : b["previous_ids"].items()) {
      EXPECT_EQ(old_to_new[old_id], id) << old_id;
      previous += n.get<size_t>();
    }
    EXPECT_EQ(previous, b["count"].get<size_t>()) << id;
  }
  EXPECT_EQ(summary_counts, record_counts);
  EXPECT_EQ(mapped["mapped_from"], "v0");
  EXPECT_EQ(mapped["bucket_algorithm"], "v2");
}

TEST_F(SummaryCliTest, OlderIdsNeedMapFromAndTheMappingIsShown) {
  const std::string older = Quote(OlderRecords());
  auto refused = RunCrashsift("summary " + older);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(":1: bucket id v0:"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("add --map-from v0"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");

  auto text = RunCrashsift("summary --map-from v0 " + older);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("buckets (ids mapped from v0 to v2)\n"), std::string::npos);
  EXPECT_NE(text.out.find("\t  was v0:"), std::string::npos);

  // --resume never appends records of one algorithm to a file of another.
  auto resumed =
      RunCrashsift("batch -q --resume " + older + " " + Quote(testing::CorpusPath("logs/formats")));
  EXPECT_EQ(resumed.exit_code, 1);
  EXPECT_NE(resumed.err.find("start a new results file"), std::string::npos) << resumed.err;
  EXPECT_EQ(RunCrashsift("summary --map-from 1 " + older).exit_code, 2);
}

TEST_F(SummaryCliTest, FormatsOnTheCommandLine) {
  const std::string records = Quote(Records());
  auto md = RunCrashsift("summary --summary-format markdown " + records);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("### crashsift summary\n", 0), 0u);
  EXPECT_NE(md.out.find("| count | bucket | kernels | ZFS | first seen | last seen | example |"),
            std::string::npos);
  auto html_file = Dir() / "summary.html";
  auto html = RunCrashsift("summary --summary-format html -o " + Quote(html_file) + " " + records);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string page = testing::ReadFile(html_file);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<svg id=\"bucket-chart\""), std::string::npos);
  EXPECT_EQ(RunCrashsift("summary --summary-format yaml " + records).exit_code, 2);
  // Standard input, and a half-written last record left out with a warning.
  auto records_text = testing::ReadFile(Records());
  auto cut = Dir() / "cut.jsonl";
  std::ofstream(cut, std::ios::binary) << records_text.substr(0, records_text.size() - 10);
  auto from_stdin = RunCrashsift("summary -", cut.string());
  EXPECT_EQ(from_stdin.exit_code, 1);
  EXPECT_NE(from_stdin.err.find("half-written last record"), std::string::npos) << from_stdin.err;
  EXPECT_NE(from_stdin.out.find(" inputs, "), std::string::npos);
}

// tests/cli/data/bucket-v1-results.jsonl: real records written with bucket
// algorithm v1, whose WARN_ON keys carried the build directory. Mapped to
// v2, each key is tree-relative and each bucket lists the v1 ids it came from.
TEST_F(SummaryCliTest, V1ResultsMapToTheCurrentIds) {
  const std::string v1 =
      Quote(std::filesystem::path(CRASHSIFT_SOURCE_DIR) / "tests/cli/data/bucket-v1-results.jsonl");
  auto refused = RunCrashsift("summary " + v1);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("add --map-from v1"), std::string::npos) << refused.err;

  auto run = RunCrashsift("summary --map-from v1 --summary-format json " + v1);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = Json(run.out);
  EXPECT_EQ(summary["mapped_from"], "v1");
  EXPECT_EQ(summary["inputs"], 8);
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& b : summary["buckets"]) {
    EXPECT_EQ(b["id"].get<std::string>().substr(0, 3), "v2:");
    by_key[b["key"]] = b;
  }
  const std::map<std::string, std::string> expected = {
      {"sig:kernel-warn-on:drivers/pci/msi.c:1273", "v1:148b90ccba2c65ed"},
      {"sig:kernel-warn-on:kernel/sched/core.c:7301", "v1:5e0f0b650dc4cd90"},
      {"sig:kernel-warn-on:include/net/sock.h:1508", "v1:7d21634484a03be1"},
      {"sig:kernel-warn-on:core/rtw_odm.c:62", "v1:452e71cbc57ea7e3"},
      {"sig:kernel-warn-on:kernel/signal.c:2233", "v1:cbeae6dcc1654297"},
      {"sig:kernel-warn-on:nvidia-drm/nvidia-drm-drv.c:530", "v1:c8d72162ed5ee08b"},
      {"no-crash", "v1:b27346d55a7b4825"},
  };
  ASSERT_EQ(by_key.size(), expected.size()) << run.out;
  for (const auto& [key, old_id] : expected) {
    ASSERT_TRUE(by_key.count(key)) << key;
    const nlohmann::json& b = by_key[key];
    EXPECT_EQ(b["previous_ids"], nlohmann::json({{old_id, b["count"]}})) << key;
  }
  EXPECT_EQ(by_key["sig:kernel-warn-on:core/rtw_odm.c:62"]["count"], 2);
  EXPECT_EQ(run.out.find("/home/user"), std::string::npos);
  auto text = RunCrashsift("summary --map-from v1 " + v1);
  EXPECT_NE(text.out.find("buckets (ids mapped from v1 to v2)\n"), std::string::npos);
  EXPECT_NE(text.out.find("\t  was v1:148b90ccba2c65ed x1\n"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace crashsift
