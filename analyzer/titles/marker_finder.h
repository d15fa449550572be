// Finds oops markers ("BUG:", "general protection fault", ...) and other
// keywords in a line with one pass and a two-byte filter, so ordinary log
// lines cost a table lookup per byte and no regex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/titles/pair_prefilter.h"
#include "analyzer/titles/title_table.h"

namespace crashsift::titles {

// A set of plain substrings (each at least 2 bytes) looked up together. Each
// keyword is anchored on its rarest byte pair (upper case, ':' and '_' are
// rare in kernel logs, "in" or "e " are not), so a line without keywords
// costs one table look-up per byte and few false hits; with AVX2, a nibble
// prefilter (PairPrefilter) takes 32 places a step before the table.
class KeywordSet {
 public:
  explicit KeywordSet(std::vector<std::string> keywords);
  // Bit i set when keyword i occurs in `line` (only the first 64 keywords
  // are reported individually; later ones set bit 63).
  uint64_t Find(std::string_view line) const;

 private:
  struct Anchor {
    uint16_t pair;
    uint32_t offset;  // of the pair inside the keyword
    uint32_t keyword;
  };
  std::vector<std::string> keywords_;
  std::vector<Anchor> anchors_;  // sorted by pair
  // Non-zero at the pairs that anchor a keyword, indexed by the two bytes as
  // one little-endian 16-bit load (first byte low): the index + 1 of the
  // pair's first row in anchors_, or kSearchAnchors (past 253 rows: search).
  // Without AVX2 a line without keywords costs one load and one table byte
  // per position, four positions a branch.
  std::vector<uint8_t> anchored_;
  static constexpr uint8_t kSearchAnchors = 255;
  PairPrefilter prefilter_;  // of the anchor pairs

  // Sets the bits of the keywords anchored at place i of `line` that occur
  // there; `first` is the pair's anchored_ byte.
  void MatchAnchorsAt(std::string_view line, size_t i, uint8_t first, uint64_t& found) const;
};

class MarkerFinder {
 public:
  explicit MarkerFinder(const TitleTable& table);

  struct Hits {
    int oops = -1;             // index into table.oopses, -1 when none
    bool suppression = false;  // a suppression keyword occurs
    bool console_hangup = false;
    bool info_with_stack = false;  // table.info_with_stack
    bool skip_line = false;        // table.report_skip_line
    bool all_cpus = false;         // table.report_all_cpus
    bool cut_tail = false;         // table.report_cut_tail
    bool short_report = false;     // table.short_report_marker
  };
  // One scan of `line` for markers and every other keyword the scanner needs; `oops` is the first
  // marker (in table order) not cancelled by its false-positive patterns.
  Hits Scan(std::string_view line) const;

 private:
  const TitleTable& table_;
  KeywordSet keywords_;  // markers first, then the other groups
  size_t markers_ = 0;
  uint64_t suppression_bits_ = 0;
  uint64_t hangup_bits_ = 0;
  uint64_t info_bits_ = 0;
  uint64_t skip_line_bits_ = 0;
  uint64_t all_cpus_bits_ = 0;
  uint64_t cut_tail_bits_ = 0;
  uint64_t short_report_bits_ = 0;
};

}  // namespace crashsift::titles
