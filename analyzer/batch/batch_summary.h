// Buckets the reports of a batch run by signature, else by title and top
// frames, and summarises them (counts, example inputs, errors).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::batch {

// What the summary keeps of one report (computed on the worker thread).
struct SummaryEntry {
  std::string input;
  std::string key;  // "sig:<id>", "title:<title>|<top frames>", "no-crash" or "error"
  std::string title;
  std::string signature;
  std::vector<std::string> errors;  // one-line errors
};

SummaryEntry EntryFor(const pipeline::AnalysisReport& report);

class BatchSummary {
 public:
  void Add(const SummaryEntry& entry);
  nlohmann::json ToJson() const;
  std::string ToText() const;

 private:
  struct Bucket {
    std::string title;
    std::string signature;
    size_t count = 0;
    std::vector<std::string> examples;  // first few inputs
  };
  std::map<std::string, Bucket> buckets_;
  size_t inputs_ = 0;
  size_t failed_ = 0;
  std::vector<std::string> errors_;  // first few one-line errors
};

}  // namespace crashsift::batch
