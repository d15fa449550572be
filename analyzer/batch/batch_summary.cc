#include "analyzer/batch/batch_summary.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace crashsift::batch {
namespace {

constexpr size_t kExamplesPerBucket = 5;
constexpr size_t kErrorsKept = 100;
constexpr size_t kVersionsInText = 3;

// "2026-12-07T11:48:22Z"
std::string IsoTime(double unix_seconds) {
  std::time_t t = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

nlohmann::json Spread(const std::map<std::string, size_t>& versions) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [v, n] : versions) out[v.empty() ? "unknown" : v] = n;
  return out;
}

// "6.1.0-56-amd64 x3, 6.12.57 x1, +2 more"
std::string SpreadText(const std::map<std::string, size_t>& versions) {
  std::vector<std::pair<std::string, size_t>> sorted(versions.begin(), versions.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (size_t i = 0; i < sorted.size() && i < kVersionsInText; ++i) {
    out += (i ? ", " : "") + (sorted[i].first.empty() ? "unknown" : sorted[i].first) + " x" +
           std::to_string(sorted[i].second);
  }
  if (sorted.size() > kVersionsInText) {
    out += ", +" + std::to_string(sorted.size() - kVersionsInText) + " more";
  }
  return out;
}

}  // namespace

SummaryEntry EntryFor(const pipeline::AnalysisReport& report) {
  SummaryEntry entry;
  entry.input = report.input;
  entry.bucket = pipeline::BucketOf(report);
  entry.kernel = report.system.kernel_release;
  entry.zfs = report.system.zfs_release;
  for (const auto& e : report.errors) entry.errors.push_back(e.OneLine());
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
  Bucket& b = buckets_[entry.bucket.id];
  if (b.count == 0) {
    b.key = entry.bucket.key;
    b.title = entry.bucket.title;
    b.signature = entry.bucket.signature;
    b.first_input = entry.input;
  }
  ++b.count;
  b.last_input = entry.input;
  if (const auto& when = entry.bucket.when) {
    if (!b.first_time || *when < *b.first_time) b.first_time = when;
    if (!b.last_time || *when > *b.last_time) b.last_time = when;
  }
  ++b.kernels[entry.kernel];
  ++b.zfs[entry.zfs];
  if (b.examples.size() < kExamplesPerBucket) b.examples.push_back(entry.input);
}

std::vector<std::pair<const std::string*, const BatchSummary::Bucket*>> BatchSummary::Sorted()
    const {
  std::vector<std::pair<const std::string*, const Bucket*>> sorted;
  for (const auto& [id, b] : buckets_) sorted.emplace_back(&id, &b);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  return sorted;
}

nlohmann::json BatchSummary::ToJson() const {
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& [id, b] : Sorted()) {
    nlohmann::json first = {{"input", b->first_input}};
    nlohmann::json last = {{"input", b->last_input}};
    if (b->first_time) first["time"] = IsoTime(*b->first_time);
    if (b->last_time) last["time"] = IsoTime(*b->last_time);
    nlohmann::json j = {{"id", *id},
                        {"key", b->key},
                        {"title", b->title},
                        {"count", b->count},
                        {"first_seen", first},
                        {"last_seen", last},
                        {"kernels", Spread(b->kernels)},
                        {"zfs", Spread(b->zfs)},
                        {"example", b->examples.front()},
                        {"examples", b->examples}};
    if (!b->signature.empty()) j["signature"] = b->signature;
    buckets.push_back(std::move(j));
  }
  return {{"schema", kSummarySchemaVersion},
          {"bucket_algorithm", std::string(pipeline::kBucketAlgorithm)},
          {"inputs", inputs_},
          {"failed", failed_},
          {"buckets", std::move(buckets)},
          {"errors", errors_}};
}

std::string BatchSummary::ToText() const {
  std::string out = std::to_string(inputs_) + " inputs, " + std::to_string(failed_) + " failed, " +
                    std::to_string(buckets_.size()) + " buckets\n";
  for (const auto& [id, b] : Sorted()) {
    out += "  " + std::to_string(b->count) + "\t" + b->title;
    if (!b->signature.empty()) out += "  [" + b->signature + "]";
    out += "  " + *id + "\n";
    out += "\t  kernel " + SpreadText(b->kernels);
    if (b->zfs.size() > 1 || !b->zfs.begin()->first.empty()) out += "; zfs " + SpreadText(b->zfs);
    out += "; e.g. " + b->examples.front() + "\n";
  }
  return out;
}

}  // namespace crashsift::batch
