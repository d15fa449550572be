#include "analyzer/titles/marker_finder.h"

#include <algorithm>

namespace crashsift::titles {
namespace {

uint16_t Pair(char a, char b) {
  return static_cast<uint16_t>(static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b));
}

// Rough frequency of a byte in kernel log text, for choosing rare anchors.
double Frequency(char c) {
  static constexpr double kLower[26] = {8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0,
                                        0.2, 0.8, 4.0, 2.4, 6.7,  7.5, 1.9, 0.1, 6.0,
                                        6.3, 9.1, 2.8, 1.0, 2.4,  0.2, 2.0, 0.1};
  if (c >= 'a' && c <= 'z') return kLower[c - 'a'];
  if (c == ' ') return 15.0;
  if (c >= '0' && c <= '9') return 4.0;
  if (c >= 'A' && c <= 'Z') return 0.5;
  return 1.0;  // punctuation
}

// Two bytes as one little-endian 16-bit load (the first byte low), the
// index of KeywordSet::anchored_.
uint16_t Load16(const char* p) {
  return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[1])
                                                                      << 8);
}

// Pair() (first byte high) in Load16's order.
uint16_t LoadOrder(uint16_t pair) { return static_cast<uint16_t>(pair >> 8 | (pair & 0xff) << 8); }

}  // namespace

KeywordSet::KeywordSet(std::vector<std::string> keywords)
    : keywords_(std::move(keywords)), prefilter_(std::span<const uint16_t>()) {
  for (size_t k = 0; k < keywords_.size(); ++k) {
    const std::string& keyword = keywords_[k];
    if (keyword.size() < 2) continue;
    size_t best = 0;
    double best_cost = 1e9;
    for (size_t i = 0; i + 1 < keyword.size(); ++i) {
      double cost = Frequency(keyword[i]) * Frequency(keyword[i + 1]);
      if (cost < best_cost) {
        best_cost = cost;
        best = i;
      }
    }
    uint16_t pair = Pair(keyword[best], keyword[best + 1]);
    anchors_.push_back({pair, static_cast<uint32_t>(best), static_cast<uint32_t>(k)});
  }
  std::sort(anchors_.begin(), anchors_.end(),
            [](const Anchor& a, const Anchor& b) { return a.pair < b.pair; });
  // Each anchor pair's first row in anchors_ (plus one), or kSearchAnchors past 253 rows.
  anchored_.assign(65536, 0);
  for (size_t a = anchors_.size(); a-- > 0;) {
    anchored_[LoadOrder(anchors_[a].pair)] =
        a + 1 < kSearchAnchors ? static_cast<uint8_t>(a + 1) : kSearchAnchors;
  }
  std::vector<uint16_t> pairs;
  for (const Anchor& a : anchors_) pairs.push_back(a.pair);
  prefilter_ = PairPrefilter(pairs);
}

void KeywordSet::MatchAnchorsAt(std::string_view line, size_t i, uint8_t first,
                                uint64_t& found) const {
  uint16_t pair = Pair(line[i], line[i + 1]);
  size_t a = first - 1;
  if (first == kSearchAnchors) {
    a = static_cast<size_t>(
        std::lower_bound(anchors_.begin(), anchors_.end(), pair,
                         [](const Anchor& x, uint16_t p) { return x.pair < p; }) -
        anchors_.begin());
  }
  for (; a < anchors_.size() && anchors_[a].pair == pair; ++a) {
    const Anchor& anchor = anchors_[a];
    if (i < anchor.offset) continue;
    const std::string& keyword = keywords_[anchor.keyword];
    const size_t start = i - anchor.offset;
    // The first byte before the compare call: most anchor hits are in other words.
    if (start + keyword.size() > line.size() || line[start] != keyword[0]) continue;
    if (line.compare(start, keyword.size(), keyword) == 0) {
      found |= uint64_t{1} << std::min<uint32_t>(anchor.keyword, 63);
    }
  }
}

uint64_t KeywordSet::Find(std::string_view line) const {
  uint64_t found = 0;
  if (line.size() < 2) return found;
  const char* bytes = line.data();
  const uint8_t* anchored = anchored_.data();
  const size_t positions = line.size() - 1;  // pairs in the line
  size_t i = 0;
  if (prefilter_.enabled() && line.size() >= 17) {
    // 32 places a step; the table only where the prefilter lets a place through.
    while (i < positions) {
      PairPrefilter::Window window = prefilter_.Scan(bytes, line.size(), i);
      for (uint64_t mask = window.mask; mask != 0; mask &= mask - 1) {
        size_t at = i + static_cast<size_t>(__builtin_ctzll(mask));
        if (uint8_t first = anchored[Load16(bytes + at)]; first != 0) {
          MatchAnchorsAt(line, at, first, found);
        }
      }
      i = window.end;
    }
    return found;
  }
  while (i < positions) {
    // Four positions a branch: the common line has no anchor pair at all.
    if (i + 4 <= positions) {
      if ((anchored[Load16(bytes + i)] | anchored[Load16(bytes + i + 1)] |
           anchored[Load16(bytes + i + 2)] | anchored[Load16(bytes + i + 3)]) == 0) {
        i += 4;
        continue;
      }
    }
    size_t end = std::min(i + 4, positions);
    for (; i < end; ++i) {
      if (uint8_t first = anchored[Load16(bytes + i)]; first != 0) {
        MatchAnchorsAt(line, i, first, found);
      }
    }
  }
  return found;
}

namespace {

// Appends `group` to `keywords` and returns the bits of its members.
uint64_t AddGroup(std::vector<std::string>& keywords, const std::vector<std::string>& group) {
  uint64_t bits = 0;
  for (const auto& keyword : group) {
    if (keyword.size() < 2) continue;
    bits |= uint64_t{1} << std::min<size_t>(keywords.size(), 63);
    keywords.push_back(keyword);
  }
  return bits;
}

}  // namespace

MarkerFinder::MarkerFinder(const TitleTable& table)
    : table_(table), keywords_({}), markers_(table.oopses.size()) {
  std::vector<std::string> keywords;
  for (const auto& oops : table.oopses) keywords.push_back(oops.marker);
  suppression_bits_ = AddGroup(keywords, table.suppression_keywords);
  hangup_bits_ = AddGroup(keywords, {table.console_hangup});
  info_bits_ = AddGroup(keywords, table.info_with_stack);
  skip_line_bits_ = AddGroup(keywords, table.report_skip_line);
  all_cpus_bits_ = AddGroup(keywords, table.report_all_cpus);
  cut_tail_bits_ = AddGroup(keywords, table.report_cut_tail);
  short_report_bits_ = AddGroup(keywords, {table.short_report_marker});
  keywords_ = KeywordSet(std::move(keywords));
}

MarkerFinder::Hits MarkerFinder::Scan(std::string_view line) const {
  Hits hits;
  uint64_t found = keywords_.Find(line);
  if (found == 0) return hits;
  hits.suppression = (found & suppression_bits_) != 0;
  hits.console_hangup = (found & hangup_bits_) != 0;
  hits.info_with_stack = (found & info_bits_) != 0;
  hits.skip_line = (found & skip_line_bits_) != 0;
  hits.all_cpus = (found & all_cpus_bits_) != 0;
  hits.cut_tail = (found & cut_tail_bits_) != 0;
  hits.short_report = (found & short_report_bits_) != 0;
  uint64_t marker_mask = markers_ >= 63 ? ~uint64_t{0} : (uint64_t{1} << markers_) - 1;
  if ((found & marker_mask) == 0) return hits;
  for (size_t i = 0; i < table_.oopses.size(); ++i) {
    if (i < 63 && !(found & (uint64_t{1} << i))) continue;
    const OopsMarker& oops = table_.oopses[i];
    if (i >= 63 && line.find(oops.marker) == std::string_view::npos) continue;
    bool suppressed = std::any_of(oops.suppressions.begin(), oops.suppressions.end(),
                                  [&](const auto& re) { return RE2::PartialMatch(line, *re); });
    if (!suppressed) {
      hits.oops = static_cast<int>(i);
      break;
    }
  }
  return hits;
}

}  // namespace crashsift::titles
