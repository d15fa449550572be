// A batch JSON Lines record read back: the summary entry it stands for, with
// its bucket either as the record carries it or recomputed by this
// crashsift's algorithm (pipeline::BucketOf, the one the records and the
// summary share) from the report the record holds. Used by `batch --resume`
// (the done records count in the summary) and by `summary` (records of
// earlier runs, shards, or an older bucket algorithm).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/batch/batch_summary.h"
#include "analyzer/core/result.h"
#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::batch {

// The parts of the report a record holds that the bucket algorithm and the
// summary read: input, system (kernel, zfs, crash time), events (kind,
// title, crash, wall time, task, frames), diagnoses (signature, title,
// bucket, events), errors (their one-line messages as reasons). Keys a
// record lacks stay empty: every field of a record may be absent.
pipeline::AnalysisReport ReportFromRecord(const nlohmann::json& record);

// "v1" of "v1:0123456789abcdef"; empty when the id has no version.
std::string BucketVersion(const std::string& bucket_id);

enum class BucketSource {
  kRecord,     // the record's own bucket {id, key}
  kRecomputed  // pipeline::BucketOf of ReportFromRecord; previous_id set when it differs
};

// The summary entry of one record. Errors: corrupt when `record` is not a
// batch record (an object with "file" and "bucket").
Result<SummaryEntry> EntryFromRecord(const nlohmann::json& record, BucketSource source);

}  // namespace crashsift::batch
