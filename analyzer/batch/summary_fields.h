// Small pieces every summary format prints the same way.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/batch/batch_summary.h"

namespace crashsift::batch {

// `text` with each character that `escapes` names written as its replacement
// (the HTML and Markdown escapes).
using CharEscapes = std::initializer_list<std::pair<char, std::string_view>>;
std::string EscapeChars(std::string_view text, CharEscapes escapes);

// "2026-12-07T11:48:22Z" (UTC).
std::string IsoTime(double unix_seconds);

// A release as printed: "unknown" for the empty one.
std::string ReleaseName(const std::string& release);

// Releases with their counts, most frequent first (ties by name).
std::vector<std::pair<std::string, size_t>> ByCount(const std::map<std::string, size_t>& counts);

// "6.1.0-56-amd64 x3, 6.12.57 x1, +2 more" (at most `shown` releases named).
std::string SpreadText(const std::map<std::string, size_t>& counts, size_t shown = 3);

// "2020-09-13T12:26:40Z (b.log)", or only the input when the logs had no
// wall-clock time.
std::string SeenText(const std::optional<double>& time, const std::string& input);

// The (kernel, zfs) pairs of a whole summary: how many inputs, and each
// bucket's count, most inputs first.
struct VersionRow {
  std::string kernel, zfs;
  size_t inputs = 0;
  std::vector<std::pair<const SummaryBucket*, size_t>> buckets;  // largest first
};
std::vector<VersionRow> VersionRows(const BatchSummary& summary);

}  // namespace crashsift::batch
