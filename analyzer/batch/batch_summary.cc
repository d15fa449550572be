#include "analyzer/batch/batch_summary.h"

#include <algorithm>

namespace crashsift::batch {

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
  SummaryBucket& b = buckets_[entry.bucket.id];
  if (b.count == 0) {
    b.id = entry.bucket.id;
    b.key = entry.bucket.key;
    b.title = entry.bucket.title;
    b.signature = entry.bucket.signature;
    b.first_input = entry.input;
  }
  ++b.count;
  if (const auto& when = entry.bucket.when) {
    // First and last seen go by crash time where the logs have one (ties by
    // input name, so shards merged in any order agree), else input order.
    const std::pair<double, const std::string&> at{*when, entry.input};
    if (!b.first_time || at < std::pair<double, const std::string&>{*b.first_time, b.first_input}) {
      b.first_time = when;
      b.first_input = entry.input;
    }
    if (!b.last_time || at > std::pair<double, const std::string&>{*b.last_time, b.last_input}) {
      b.last_time = when;
      b.last_input = entry.input;
    }
  } else if (!b.last_time) {
    b.last_input = entry.input;
  }
  ++b.kernels[entry.kernel];
  ++b.zfs[entry.zfs];
  ++b.versions[{entry.kernel, entry.zfs}];
  if (b.examples.size() < kExamplesPerBucket) b.examples.push_back(entry.input);
  if (!entry.previous_id.empty()) ++b.previous_ids[entry.previous_id];
}

std::vector<const SummaryBucket*> BatchSummary::Buckets() const {
  std::vector<const SummaryBucket*> sorted;
  for (const auto& [id, b] : buckets_) sorted.push_back(&b);
  // buckets_ is ordered by id, so equal counts stay in id order.
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->count > b->count; });
  return sorted;
}

}  // namespace crashsift::batch
