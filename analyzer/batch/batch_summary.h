// The summary of a batch run: every report's bucket (pipeline::BucketOf, the
// same one its JSON Lines record carries), counted, with when and where each
// bucket was first and last seen, the kernel and OpenZFS versions it was
// seen on, and example inputs; plus the inputs that failed. The renderers
// (summary_format.h) read it through Buckets() and the totals.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/report_bucket.h"

namespace crashsift::batch {

// What the summary keeps of one report (computed on the worker thread).
struct SummaryEntry {
  std::string input;
  pipeline::ReportBucket bucket;
  std::string kernel;               // kernel release, "" when unknown
  std::string zfs;                  // OpenZFS release, "" when not loaded or unknown
  std::vector<std::string> errors;  // one-line errors
  // `summary --map-from`: the id the record carried, of an older algorithm
  // (bucket.id is then the current one). Empty otherwise.
  std::string previous_id;
};

SummaryEntry EntryFor(const pipeline::AnalysisReport& report);

struct SummaryBucket {
  std::string id;
  std::string key;
  std::string title;
  std::string signature;  // empty when no signature names the bucket
  size_t count = 0;
  std::string first_input, last_input;                             // in input order
  std::optional<double> first_time, last_time;                     // earliest and latest crash time
  std::map<std::string, size_t> kernels, zfs;                      // release -> count ("" unknown)
  std::map<std::pair<std::string, std::string>, size_t> versions;  // (kernel, zfs) -> count
  std::vector<std::string> examples;                               // first few inputs
  std::map<std::string, size_t> previous_ids;                      // older-algorithm id -> records
};

class BatchSummary {
 public:
  static constexpr size_t kExamplesPerBucket = 5;
  static constexpr size_t kErrorsKept = 100;

  // Entries must arrive in input order (first/last seen go by it).
  void Add(const SummaryEntry& entry);

  // Largest first, then by id: the order every format prints.
  std::vector<const SummaryBucket*> Buckets() const;
  size_t inputs() const { return inputs_; }
  size_t failed() const { return failed_; }
  const std::vector<std::string>& errors() const { return errors_; }  // the first kErrorsKept
  // The bucket algorithm version ids were mapped from (`summary --map-from`),
  // empty when the records' own ids were used.
  const std::string& mapped_from() const { return mapped_from_; }
  void set_mapped_from(std::string version) { mapped_from_ = std::move(version); }

 private:
  std::map<std::string, SummaryBucket> buckets_;  // by id
  size_t inputs_ = 0;
  size_t failed_ = 0;
  std::vector<std::string> errors_;
  std::string mapped_from_;
};

}  // namespace crashsift::batch
