// --redact on the command line, on a real paste (corpus/wild/logs, a WARNING
// raised in a kernel built under /home/user/rpmbuild): nothing of the /home
// path is left in the text report, the JSON report, the JSON Lines records,
// the summary or the messages, and the placeholder is the same in all of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::Quote;
using testing::RunCrashsift;

const char* kPaste = "wild/logs/gh-qubesos-qubes-issues-6415.log";

TEST(RedactCliTest, AnalyzeTextAndJsonHideHomePaths) {
  const std::string input = Quote(testing::CorpusPath(kPaste));
  auto plain = RunCrashsift("analyze --format json " + input);
  ASSERT_NE(plain.out.find("/home/user/rpmbuild"), std::string::npos) << "the sample changed";
  auto json = RunCrashsift("analyze --redact --format json " + input);
  ASSERT_EQ(json.exit_code, plain.exit_code) << json.err;
  EXPECT_EQ(json.out.find("/home/user/"), std::string::npos);
  EXPECT_EQ(json.out.find("rpmbuild"), std::string::npos);
  EXPECT_NE(json.out.find("/home/user-1/path-1:1273"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(json.out));
  auto text = RunCrashsift("analyze --redact " + input);
  EXPECT_EQ(text.out.find("rpmbuild"), std::string::npos);
}

TEST(RedactCliTest, BatchRecordsSummaryAndMessagesShareThePlaceholders) {
  auto dir = testing::TempDir();
  for (const char* name : {"a.log", "b.log"})
    std::filesystem::copy_file(testing::CorpusPath(kPaste), dir / name);
  auto records = dir / "out.jsonl";
  auto summary = dir / "summary.md";
  auto run = RunCrashsift("batch -j 2 --redact -o " + Quote(records) + " --summary " +
                          Quote(summary) + " --summary-format markdown " + Quote(dir / "a.log") +
                          " " + Quote(dir / "b.log") + " /home/nobody-here/missing.log");
  EXPECT_EQ(run.exit_code, 1);  // the missing input
  EXPECT_EQ(run.err.find("nobody-here"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("/home/user-"), std::string::npos) << run.err;
  const std::string out = testing::ReadFile(records);
  const std::string md = testing::ReadFile(summary);
  // The WARNING's path in the records' evidence, numbered in output order.
  EXPECT_TRUE(std::regex_search(out, std::regex("/home/user-[0-9]+/path-[0-9]+:1273"))) << out;
  // The missing input's record and the summary's error list name it alike.
  std::string missing;
  for (const std::string& line : testing::Lines(out)) {
    auto record = nlohmann::json::parse(line);
    if (!record["errors"].empty()) missing = record["file"];
  }
  ASSERT_TRUE(std::regex_match(missing, std::regex("/home/user-[0-9]+/path-[0-9]+"))) << missing;
  EXPECT_NE(md.find(missing + ": "), std::string::npos) << md;
  EXPECT_NE(run.err.find(missing + ": "), std::string::npos) << run.err;
  for (const std::string* text : {&out, &md}) {
    EXPECT_EQ(text->find("rpmbuild"), std::string::npos) << *text;
    EXPECT_EQ(text->find("nobody-here"), std::string::npos);
  }
  size_t lines = 0;
  for (const std::string& line : testing::Lines(out)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 3u);
  // `summary --redact` of unredacted records: the key (tree-relative since
  // bucket algorithm v2) stays readable, the inputs' /home paths would not.
  auto plain = dir / "plain.jsonl";
  ASSERT_EQ(RunCrashsift("batch -q -o " + Quote(plain) + " " + Quote(dir / "a.log")).exit_code, 0);
  auto summarised = RunCrashsift("summary --redact " + Quote(plain));
  EXPECT_EQ(summarised.out.find("rpmbuild"), std::string::npos);
  EXPECT_NE(summarised.out.find("drivers/pci/msi.c:1273"), std::string::npos) << summarised.out;
}

// Redacted records no longer name their inputs, so --resume could not skip
// them: refused as a usage error.
TEST(RedactCliTest, ResumeIsRefused) {
  auto run = RunCrashsift("batch --redact --resume /nonexistent/out.jsonl " +
                          Quote(testing::CorpusPath(kPaste)));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("crashsift summary --redact"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace crashsift
