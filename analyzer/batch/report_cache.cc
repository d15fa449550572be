#include "analyzer/batch/report_cache.h"

#include <xxhash.h>

namespace crashsift::batch {

pipeline::AnalysisReport Renamed(const pipeline::AnalysisReport& report, const std::string& name) {
  pipeline::AnalysisReport out = report;
  for (auto& e : out.errors) {
    if (e.path == report.input) e.path = name;
  }
  for (auto& w : out.warnings) {
    if (w.path == report.input) w.path = name;
  }
  out.input = name;
  return out;
}

ReportPtr ReportCache::Get(std::string_view bytes, const std::string& name,
                           const std::function<pipeline::AnalysisReport()>& analyse) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  const Key key{h.high64, h.low64};
  std::promise<ReportPtr> promise;
  std::shared_future<ReportPtr> earlier;
  {
    std::lock_guard lock(mu_);
    auto it = reports_.find(key);
    if (it != reports_.end()) {
      earlier = it->second;
      ++reused_;
    } else {
      ++analysed_;
      reports_.emplace(key, promise.get_future().share());
      order_.emplace_back(key, bytes.size());
      bytes_ += bytes.size();
      while (bytes_ > kCachedInputBytes && order_.size() > 1) {
        reports_.erase(order_.front().first);
        bytes_ -= order_.front().second;
        order_.pop_front();
      }
    }
  }
  if (earlier.valid()) {
    const ReportPtr& first = earlier.get();
    if (first->input == name) return first;
    return std::make_shared<const pipeline::AnalysisReport>(Renamed(*first, name));
  }
  auto report = std::make_shared<const pipeline::AnalysisReport>(analyse());
  promise.set_value(report);
  return report;
}

}  // namespace crashsift::batch
