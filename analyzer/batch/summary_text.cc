// The summary as text for a terminal: a totals line, then three lines per
// bucket (count, title, signature, id; versions and an example; key and
// when it was first and last seen), plus the old ids after --map-from.
#include "analyzer/batch/summary_fields.h"
#include "analyzer/batch/summary_format.h"

namespace crashsift::batch {

std::string SummaryToText(const BatchSummary& summary) {
  const auto buckets = summary.Buckets();
  std::string out = std::to_string(summary.inputs()) + " inputs, " +
                    std::to_string(summary.failed()) + " failed, " +
                    std::to_string(buckets.size()) + " buckets";
  if (!summary.mapped_from().empty()) {
    out += " (ids mapped from " + summary.mapped_from() + " to " +
           std::string(pipeline::kBucketAlgorithm) + ")";
  }
  out += "\n";
  for (const SummaryBucket* b : buckets) {
    out += "  " + std::to_string(b->count) + "\t" + b->title;
    if (!b->signature.empty()) out += "  [" + b->signature + "]";
    out += "  " + b->id + "\n";
    out += "\t  kernel " + SpreadText(b->kernels);
    if (b->zfs.size() > 1 || !b->zfs.begin()->first.empty()) out += "; zfs " + SpreadText(b->zfs);
    out += "; e.g. " + b->examples.front() + "\n";
    out += "\t  key " + b->key + "; first " + SeenText(b->first_time, b->first_input) + ", last " +
           SeenText(b->last_time, b->last_input) + "\n";
    if (!b->previous_ids.empty()) {
      out += "\t  was";
      bool first = true;
      for (const auto& [old_id, n] : b->previous_ids) {
        out += (first ? " " : ", ") + old_id + " x" + std::to_string(n);
        first = false;
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace crashsift::batch
