// Inputs whose bytes are equal (the same log copied twice, a path given
// twice) are analysed once: reports are kept by content hash (XXH3-128) and a
// duplicate gets a copy under its own name. Every record is then exactly what
// analysing the input would give, whatever the scheduling. Reports take
// several times their input's size, so the cache holds the reports of only
// the last kCachedInputBytes of distinct input (oldest dropped first); a
// duplicate of a dropped report is analysed again, with the same result.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::batch {

using ReportPtr = std::shared_ptr<const pipeline::AnalysisReport>;

class ReportCache {
 public:
  static constexpr size_t kCachedInputBytes = 1 << 20;

  // The report of `bytes` named `name`: analyse(bytes) the first time these
  // bytes are seen, else (waiting for the first analysis if it is under way)
  // a copy of that report renamed to `name`. Thread-safe; `analyse` must not
  // throw.
  ReportPtr Get(std::string_view bytes, const std::string& name,
                const std::function<pipeline::AnalysisReport()>& analyse);

  size_t analysed() const { return analysed_; }
  size_t reused() const { return reused_; }

 private:
  using Key = std::pair<uint64_t, uint64_t>;
  std::mutex mu_;
  std::map<Key, std::shared_future<ReportPtr>> reports_;
  std::deque<std::pair<Key, size_t>> order_;  // oldest first, with input sizes
  size_t bytes_ = 0;
  size_t analysed_ = 0, reused_ = 0;
};

// `report` under another input name (input, and the paths of its errors and
// warnings that named the old input).
pipeline::AnalysisReport Renamed(const pipeline::AnalysisReport& report, const std::string& name);

}  // namespace crashsift::batch
