// The summary as JSON (schema: man/crashsift.1, BUCKETS).
#include "analyzer/batch/summary_fields.h"
#include "analyzer/batch/summary_format.h"

namespace crashsift::batch {
namespace {

nlohmann::json Spread(const std::map<std::string, size_t>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [release, n] : counts) out[ReleaseName(release)] = n;
  return out;
}

nlohmann::json Seen(const std::optional<double>& time, const std::string& input) {
  nlohmann::json j = {{"input", input}};
  if (time) j["time"] = IsoTime(*time);
  return j;
}

}  // namespace

nlohmann::json SummaryToJson(const BatchSummary& summary) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const SummaryBucket* b : summary.Buckets()) {
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& [pair, n] : b->versions) {
      versions.push_back(
          {{"kernel", ReleaseName(pair.first)}, {"zfs", ReleaseName(pair.second)}, {"count", n}});
    }
    nlohmann::json j = {{"id", b->id},
                        {"key", b->key},
                        {"title", b->title},
                        {"count", b->count},
                        {"first_seen", Seen(b->first_time, b->first_input)},
                        {"last_seen", Seen(b->last_time, b->last_input)},
                        {"kernels", Spread(b->kernels)},
                        {"zfs", Spread(b->zfs)},
                        {"versions", std::move(versions)},
                        {"example", b->examples.front()},
                        {"examples", b->examples}};
    if (!b->signature.empty()) j["signature"] = b->signature;
    if (!summary.mapped_from().empty()) j["previous_ids"] = b->previous_ids;
    buckets.push_back(std::move(j));
  }
  nlohmann::json out = {{"schema", kSummarySchemaVersion},
                        {"bucket_algorithm", std::string(pipeline::kBucketAlgorithm)}};
  if (!summary.mapped_from().empty()) out["mapped_from"] = summary.mapped_from();
  out["inputs"] = summary.inputs();
  out["failed"] = summary.failed();
  out["buckets"] = std::move(buckets);
  out["errors"] = summary.errors();
  return out;
}

}  // namespace crashsift::batch
