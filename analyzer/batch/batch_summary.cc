#include "analyzer/batch/batch_summary.h"

#include <algorithm>

#include "analyzer/render/json_report.h"

namespace crashsift::batch {
namespace {
constexpr size_t kExamplesPerBucket = 5;
constexpr size_t kErrorsKept = 100;
constexpr size_t kFramesInKey = 3;
}  // namespace

SummaryEntry EntryFor(const pipeline::AnalysisReport& report) {
  SummaryEntry entry;
  entry.input = report.input;
  for (const auto& e : report.errors) entry.errors.push_back(e.OneLine());
  if (!report.diagnoses.empty()) {
    entry.signature = report.diagnoses.front().signature;
    entry.title = report.diagnoses.front().title;
    entry.key = "sig:" + entry.signature;
    return entry;
  }
  int first = render::FirstCrashEvent(report);
  if (first < 0) {
    entry.key = report.errors.empty() ? "no-crash" : "error";
    entry.title = report.errors.empty() ? "no crash found" : "input could not be analysed";
    return entry;
  }
  const auto& e = report.events[first];
  entry.title = e.title;
  entry.key = "title:" + e.title + "|";
  size_t n = 0;
  for (const auto& f : e.frames) {
    if (!f.reliable) continue;
    if (n++ == kFramesInKey) break;
    entry.key += (f.normalized_function.empty() ? f.function : f.normalized_function) + ",";
  }
  return entry;
}

void BatchSummary::Add(const SummaryEntry& entry) {
  ++inputs_;
  if (!entry.errors.empty()) {
    ++failed_;
    for (const auto& e : entry.errors) {
      if (errors_.size() < kErrorsKept) errors_.push_back(e);
    }
  }
  Bucket& b = buckets_[entry.key];
  if (b.count == 0) {
    b.title = entry.title;
    b.signature = entry.signature;
  }
  ++b.count;
  if (b.examples.size() < kExamplesPerBucket) b.examples.push_back(entry.input);
}

nlohmann::json BatchSummary::ToJson() const {
  std::vector<std::pair<const std::string*, const Bucket*>> sorted;
  for (const auto& [k, b] : buckets_) sorted.emplace_back(&k, &b);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& [k, b] : sorted) {
    nlohmann::json j = {
        {"key", *k}, {"title", b->title}, {"count", b->count}, {"examples", b->examples}};
    if (!b->signature.empty()) j["signature"] = b->signature;
    buckets.push_back(j);
  }
  return {{"inputs", inputs_}, {"failed", failed_}, {"buckets", buckets}, {"errors", errors_}};
}

std::string BatchSummary::ToText() const {
  std::string out = std::to_string(inputs_) + " inputs, " + std::to_string(failed_) + " failed, " +
                    std::to_string(buckets_.size()) + " buckets\n";
  // Named: a range-for over ToJson()["buckets"] would outlive its temporary.
  const nlohmann::json summary = ToJson();
  for (const auto& b : summary["buckets"]) {
    out += "  " + std::to_string(b["count"].get<size_t>()) + "\t" + b["title"].get<std::string>();
    if (b.contains("signature")) out += "  [" + b["signature"].get<std::string>() + "]";
    out += "\n";
  }
  return out;
}

}  // namespace crashsift::batch
