// KeywordSet (the title scanner's one-pass keyword search) against a plain
// string_view::find per keyword, on every line of real logs and on each of
// their tails (so every line length and every place of a keyword relative to
// the SIMD prefilter's sixteen-byte steps is met).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/text.h"
#include "analyzer/titles/marker_finder.h"
#include "analyzer/titles/title_table.h"
#include "tests/support/test_support.h"

namespace crashsift::titles {
namespace {

// The markers and keywords MarkerFinder gives its KeywordSet (up to 63 of them).
std::vector<std::string> TableKeywords(const TitleTable& table) {
  std::vector<std::string> keywords;
  for (const auto& oops : table.oopses) keywords.push_back(oops.marker);
  for (const auto* group :
       {&table.suppression_keywords, &table.info_with_stack, &table.report_skip_line,
        &table.report_all_cpus, &table.report_cut_tail}) {
    keywords.insert(keywords.end(), group->begin(), group->end());
  }
  std::erase_if(keywords, [](const std::string& k) { return k.size() < 2; });
  if (keywords.size() > 63) keywords.resize(63);
  return keywords;
}

uint64_t FindEach(const std::vector<std::string>& keywords, std::string_view line) {
  uint64_t found = 0;
  for (size_t k = 0; k < keywords.size(); ++k) {
    if (line.find(keywords[k]) != std::string_view::npos) found |= uint64_t{1} << k;
  }
  return found;
}

TEST(KeywordSet, FindsWhatFindFindsOnEveryTailOfRealLines) {
  auto table = DefaultTitleTable();
  ASSERT_TRUE(table.has_value());
  const std::vector<std::string> keywords = TableKeywords(**table);
  ASSERT_GT(keywords.size(), 20u);
  const KeywordSet set(keywords);
  size_t lines = 0, with_keyword = 0;
  for (const char* name :
       {"titles/syzkaller-112.log", "titles/syzkaller-20.log", "events/lab-hung.console.log"}) {
    const std::string bytes = testing::ReadFile(testing::CorpusPath(std::string("logs/") + name));
    for (std::string_view line : text::SplitLines(bytes)) {
      ++lines;
      if (FindEach(keywords, line) != 0) ++with_keyword;
      for (size_t from = 0; from < line.size(); ++from) {
        // Each tail in a buffer of its own size: under ASan a read past the
        // line's end (the 16- and 32-byte steps) is an error, not a neighbour's byte.
        const size_t size = line.size() - from;
        auto own = std::make_unique<char[]>(size);
        std::copy(line.begin() + static_cast<ptrdiff_t>(from), line.end(), own.get());
        const std::string_view tail(own.get(), size);
        ASSERT_EQ(set.Find(tail), FindEach(keywords, tail)) << name << ": " << tail;
      }
    }
  }
  // Real logs: many lines, and some of them with markers ("BUG:", "INFO:", "Kernel panic").
  EXPECT_GT(lines, 500u);
  EXPECT_GT(with_keyword, 5u);
}

TEST(KeywordSet, KeywordsAtStepEdges) {
  const KeywordSet set({"BUG:", "Kernel panic", "ck"});
  std::string line(40, 'x');
  // Each place a keyword may start at, around the 16-byte steps and the line's end.
  for (size_t at = 0; at + 4 <= line.size(); ++at) {
    std::string s = line;
    s.replace(at, 4, "BUG:");
    EXPECT_EQ(set.Find(s), 1u) << at;
    EXPECT_EQ(set.Find(std::string_view(s).substr(0, at + 3)), 0u) << at;
  }
  EXPECT_EQ(set.Find("lock"), 4u);
  EXPECT_EQ(set.Find("a Kernel panic - not syncing"), 2u);
  EXPECT_EQ(set.Find(std::string(100, 'c') + "k"), 4u);
}

}  // namespace
}  // namespace crashsift::titles
