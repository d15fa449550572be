// The summary of a batch run: every report's bucket (pipeline::BucketOf, the
// same one its JSON Lines record carries), counted, with when and where each
// bucket was first and last seen, the kernel and OpenZFS versions it was
// seen on, and example inputs; plus the inputs that failed.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/report_bucket.h"

namespace crashsift::batch {

// Schema of the summary JSON (man/crashsift.1, BATCH SUMMARY).
inline constexpr int kSummarySchemaVersion = 2;

// What the summary keeps of one report (computed on the worker thread).
struct SummaryEntry {
  std::string input;
  pipeline::ReportBucket bucket;
  std::string kernel;               // kernel release, "" when unknown
  std::string zfs;                  // OpenZFS release, "" when not loaded or unknown
  std::vector<std::string> errors;  // one-line errors
};

SummaryEntry EntryFor(const pipeline::AnalysisReport& report);

class BatchSummary {
 public:
  // Entries must arrive in input order (first/last seen go by it).
  void Add(const SummaryEntry& entry);
  nlohmann::json ToJson() const;
  std::string ToText() const;

 private:
  struct Bucket {
    std::string key;
    std::string title;
    std::string signature;
    size_t count = 0;
    std::string first_input, last_input;
    std::optional<double> first_time, last_time;
    std::map<std::string, size_t> kernels, zfs;  // release -> count ("" unknown)
    std::vector<std::string> examples;           // first few inputs
  };
  // Largest first, then by id.
  std::vector<std::pair<const std::string*, const Bucket*>> Sorted() const;

  std::map<std::string, Bucket> buckets_;  // by id
  size_t inputs_ = 0;
  size_t failed_ = 0;
  std::vector<std::string> errors_;  // first few one-line errors
};

}  // namespace crashsift::batch
