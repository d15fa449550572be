// Finds oops markers ("BUG:", "general protection fault", ...) and other
// keywords in a line with one pass and a two-byte filter, so ordinary log
// lines cost a table lookup per byte and no regex.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/titles/title_table.h"

namespace crashsift::titles {

// A set of plain substrings (each at least 2 bytes) looked up together.
class KeywordSet {
 public:
  explicit KeywordSet(std::vector<std::string> keywords);
  // True when any keyword occurs in `line`.
  bool AnyIn(std::string_view line) const;

 private:
  std::vector<std::string> keywords_;
  std::bitset<65536> first_pairs_;
};

class MarkerFinder {
 public:
  explicit MarkerFinder(const TitleTable& table);

  // Index into table.oopses of the first marker (in table order) that occurs
  // in `line` and is not cancelled by its suppressions; -1 when none.
  int Find(std::string_view line) const;

 private:
  const TitleTable& table_;
  KeywordSet markers_;
};

}  // namespace crashsift::titles
