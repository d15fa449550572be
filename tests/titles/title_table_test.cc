#include "analyzer/titles/title_table.h"

#include <gtest/gtest.h>

#include "analyzer/titles/describe.h"

namespace crashsift::titles {
namespace {

TEST(TitleTable, EmbeddedRulesLoad) {
  auto table = DefaultTitleTable();
  ASSERT_TRUE(table.has_value()) << table.error().OneLine();
  EXPECT_GE((*table)->oopses.size(), 25u);
  EXPECT_EQ((*table)->oopses[0].marker, "BUG:");
  EXPECT_FALSE((*table)->event_rules.empty());
  EXPECT_EQ(TitleType(**table, "KASAN: use-after-free Read in foo"), "KASAN-USE-AFTER-FREE-READ");
  EXPECT_EQ(TitleType(**table, "WARNING: suspicious RCU usage"), "WARNING");
  EXPECT_EQ(TitleType(**table, "BUG: stack guard page was hit in f"), "");
}

constexpr char kMinimal[] = R"(
[stack]
start = ['Call Trace']
frame = ['^ *{{FUNC}}']
[macros]
FUNC = '([a-z_]+)\+'
[[oops]]
marker = 'BUG:'
[[oops.format]]
title = 'BUG: thing'
template = 'BUG: thing in {1}'
stack = ['Call Trace', 'TRACE']
)";

TEST(TitleTable, CustomTableTitles) {
  auto table = LoadTitleTable(kMinimal, "minimal.toml");
  ASSERT_TRUE(table.has_value()) << table.error().OneLine();
  Description d = Describe(**table, (*table)->oopses[0], "BUG: thing\nCall Trace:\n foo+0x1/0x2\n");
  EXPECT_EQ(d.title, "BUG: thing in foo");
  EXPECT_EQ(d.corrupted_reason, "");
}

TEST(TitleTable, SyntaxErrorNamesTheLine) {
  auto table = LoadTitleTable("[stack\nstart = 1\n", "bad.toml");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, ErrorCode::kSyntax);
  EXPECT_EQ(table.error().path, "bad.toml");
  EXPECT_EQ(table.error().offset_or_line, 1u);
}

TEST(TitleTable, BadRegexIsRejected) {
  std::string text = kMinimal;
  text.replace(text.find("'BUG: thing'"), 12, "'BUG: (thing'");
  auto table = LoadTitleTable(text, "regex.toml");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidSignature);
  EXPECT_NE(table.error().reason.find("missing )"), std::string::npos) << table.error().reason;
}

TEST(TitleTable, UnknownMacroAndExtractorAreRejected) {
  std::string text = kMinimal;
  text.replace(text.find("{{FUNC}}"), 8, "{{NOPE}}");
  EXPECT_FALSE(LoadTitleTable(text, "m.toml").has_value());
  std::string text2 = std::string(kMinimal) + "extractor = 'psychic'\n";
  auto table = LoadTitleTable(text2, "e.toml");
  ASSERT_FALSE(table.has_value());
  EXPECT_NE(table.error().reason.find("psychic"), std::string::npos);
}

}  // namespace
}  // namespace crashsift::titles
