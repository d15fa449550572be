// The CLI on an archive: `analyze --format json` gives a JSON array of the
// members' reports; `batch` one record per log member and exit 0 when the
// other members are no logs (skipped, not failures).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/batch/archive_writer.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

TEST(ArchiveCliTest, AnalyzeGivesAnArrayAndBatchOneRecordPerLog) {
  const std::string log =
      testing::ReadFile(testing::CorpusPath("logs/events/lab-hung.console.log"));
  const auto dir = testing::TempDir();  // each call empties it
  auto tar = dir / "archive-cli.tar.zst";
  testing::WriteArchive(tar.string(), "tar", "zstd",
                        {{"a/kern.log", log},
                         {"a/var/log/wtmp", std::string(384, '\0')},
                         {"b/console.log", "[    1.000000] Linux version 6.1.0-56-amd64\n"}});
  auto json = dir / "archive-cli.json";
  std::string cmd = std::string(CRASHSIFT_BINARY) + " analyze --format json '" + tar.string() +
                    "' >'" + json.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto j = nlohmann::json::parse(testing::ReadFile(json));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["input"], tar.string() + "!/a/kern.log");
  EXPECT_FALSE(j[0]["events"].empty());
  EXPECT_EQ(j[1]["input"], tar.string() + "!/b/console.log");

  auto jsonl = dir / "archive-cli.jsonl";
  cmd = std::string(CRASHSIFT_BINARY) + " batch -q -o '" + jsonl.string() + "' '" + tar.string() +
        "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string records = testing::ReadFile(jsonl);
  EXPECT_EQ(std::count(records.begin(), records.end(), '\n'), 2);
}

}  // namespace
}  // namespace crashsift
