// Buckets the reports of a batch run by signature, else by title and top
// frames, and summarises them (counts, example inputs, errors).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::batch {

// The bucket key of one report: "sig:<id>", "title:<title>|<top frames>", "no-crash" or "error".
std::string BucketKey(const pipeline::AnalysisReport& report);

class BatchSummary {
 public:
  void Add(const pipeline::AnalysisReport& report);
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
