// --redact on the command line, on a real paste (corpus/wild/logs, a WARNING
// raised in a kernel built under /home/user/rpmbuild): nothing of the /home
// path is left in the text report, the JSON report, the JSON Lines records,
// the summary or the messages, and the placeholder is the same in all of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
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
  EXPECT_NO_THROW((void)nlohmann::json::parse(json.out));
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
  // The placeholder the records got for the WARNING's path, e.g.
  // "/home/user-2/path-2:1273" (numbered in output order).
  const size_t at = out.find(":1273");
  ASSERT_NE(at, std::string::npos);
  const std::string placeholder = out.substr(out.rfind("/home/", at), at - out.rfind("/home/", at));
  EXPECT_EQ(placeholder.find("/home/user-"), 0u) << placeholder;
  EXPECT_NE(placeholder.find("/path-"), std::string::npos) << placeholder;
  for (const std::string* text : {&out, &md}) {
    EXPECT_EQ(text->find("rpmbuild"), std::string::npos) << *text;
    EXPECT_EQ(text->find("nobody-here"), std::string::npos);
    EXPECT_NE(text->find(placeholder + ":1273"), std::string::npos);
  }
  size_t lines = 0;
  for (const std::string& line : testing::Lines(out)) {
    EXPECT_NO_THROW((void)nlohmann::json::parse(line)) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 3u);
  // `summary --redact` of unredacted records gives the same placeholders.
  auto plain = dir / "plain.jsonl";
  ASSERT_EQ(RunCrashsift("batch -q -o " + Quote(plain) + " " + Quote(dir / "a.log")).exit_code, 0);
  auto summarised = RunCrashsift("summary --redact " + Quote(plain));
  EXPECT_EQ(summarised.out.find("rpmbuild"), std::string::npos);
  EXPECT_NE(summarised.out.find("/home/user-1/path-1:1273"), std::string::npos) << summarised.out;
}

}  // namespace
}  // namespace crashsift
