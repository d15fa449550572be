#include "analyzer/batch/summary_fields.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace crashsift::batch {

std::string EscapeChars(std::string_view text, CharEscapes escapes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto it =
        std::find_if(escapes.begin(), escapes.end(), [c](const auto& e) { return e.first == c; });
    out += it == escapes.end() ? std::string_view(&c, 1) : it->second;
  }
  return out;
}

std::string IsoTime(double unix_seconds) {
  std::time_t t = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string ReleaseName(const std::string& release) {
  return release.empty() ? "unknown" : release;
}

std::vector<std::pair<std::string, size_t>> ByCount(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

std::string SpreadText(const std::map<std::string, size_t>& counts, size_t shown) {
  const auto sorted = ByCount(counts);
  std::string out;
  for (size_t i = 0; i < sorted.size() && i < shown; ++i) {
    out += (i ? ", " : "") + ReleaseName(sorted[i].first) + " x" + std::to_string(sorted[i].second);
  }
  if (sorted.size() > shown) out += ", +" + std::to_string(sorted.size() - shown) + " more";
  return out;
}

std::string SeenText(const std::optional<double>& time, const std::string& input) {
  return time ? IsoTime(*time) + " (" + input + ")" : input;
}

std::vector<VersionRow> VersionRows(const BatchSummary& summary) {
  std::map<std::pair<std::string, std::string>, VersionRow> rows;
  for (const SummaryBucket* b : summary.Buckets()) {
    for (const auto& [versions, n] : b->versions) {
      VersionRow& row = rows[versions];
      row.kernel = versions.first;
      row.zfs = versions.second;
      row.inputs += n;
      row.buckets.emplace_back(b, n);  // Buckets() is largest first already
    }
  }
  std::vector<VersionRow> out;
  for (auto& [versions, row] : rows) {
    std::stable_sort(row.buckets.begin(), row.buckets.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.inputs > b.inputs; });
  return out;
}

}  // namespace crashsift::batch
