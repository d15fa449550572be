#include "analyzer/batch/batch_summary.h"

#include <algorithm>

#include "analyzer/render/json_report.h"

namespace crashsift::batch {
namespace {
constexpr size_t kExamplesPerBucket = 5;
constexpr size_t kErrorsKept = 100;
constexpr size_t kFramesInKey = 3;
}  // namespace

std::string BucketKey(const pipeline::AnalysisReport& report) {
  if (!report.diagnoses.empty()) return "sig:" + report.diagnoses.front().signature;
  int first = render::FirstCrashEvent(report);
  if (first < 0) return report.errors.empty() ? "no-crash" : "error";
  const auto& e = report.events[first];
  std::string key = "title:" + e.title + "|";
  size_t n = 0;
  for (const auto& f : e.frames) {
    if (!f.reliable) continue;
    if (n++ == kFramesInKey) break;
    key += (f.normalized_function.empty() ? f.function : f.normalized_function) + ",";
  }
  return key;
}

void BatchSummary::Add(const pipeline::AnalysisReport& report) {
  ++inputs_;
  if (!report.errors.empty()) {
    ++failed_;
    if (errors_.size() < kErrorsKept) errors_.push_back(report.errors.front().OneLine());
  }
  std::string key = BucketKey(report);
  Bucket& b = buckets_[key];
  if (b.count == 0) {
    if (!report.diagnoses.empty()) {
      b.signature = report.diagnoses.front().signature;
      b.title = report.diagnoses.front().title;
    } else if (int first = render::FirstCrashEvent(report); first >= 0) {
      b.title = report.events[first].title;
    } else {
      b.title = key == "error" ? "input could not be analysed" : "no crash found";
    }
  }
  ++b.count;
  if (b.examples.size() < kExamplesPerBucket) b.examples.push_back(report.input);
}

nlohmann::json BatchSummary::ToJson() const {
  std::vector<std::pair<std::string, const Bucket*>> sorted;
  for (const auto& [k, b] : buckets_) sorted.emplace_back(k, &b);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& [k, b] : sorted) {
    nlohmann::json j = {{"key", k}, {"title", b->title}, {"count", b->count}, {"examples", b->examples}};
    if (!b->signature.empty()) j["signature"] = b->signature;
    buckets.push_back(j);
  }
  return {{"inputs", inputs_}, {"failed", failed_}, {"buckets", buckets}, {"errors", errors_}};
}

std::string BatchSummary::ToText() const {
  auto j = ToJson();
  std::string out = std::to_string(inputs_) + " inputs, " + std::to_string(failed_) + " failed, " +
                    std::to_string(buckets_.size()) + " buckets\n";
  for (const auto& b : j["buckets"]) {
    out += "  " + std::to_string(b["count"].get<size_t>()) + "\t" + b["title"].get<std::string>();
    if (b.contains("signature")) out += "  [" + b["signature"].get<std::string>() + "]";
    out += "\n";
  }
  return out;
}

}  // namespace crashsift::batch
