// The work for one input of a batch (or of `analyze` with several inputs), on
// a worker thread: a small regular file is read once into memory and
// analysed from there; larger files, stdin and devices take the mapped and
// streamed path. The parts of a makedumpfile --split set are one dump: they
// are found when a worker meets one (only then are the other inputs' headers
// read, once), and reported together in the place of the set's first part.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/analyze.h"

namespace crashsift::batch {

class InputJobs {
 public:
  // `inputs` and `options` (and the signature library it points to) must
  // outlive this object.
  InputJobs(const std::vector<std::string>& inputs, const pipeline::AnalyzeOptions& options)
      : inputs_(inputs), options_(options) {}

  // The report for inputs[i] (an error report when it cannot be analysed),
  // or nullopt when inputs[i] is a later part of a split set whose report
  // went with its first part. Thread-safe; never throws.
  std::optional<pipeline::AnalysisReport> Run(size_t i);

  // How many reports Run gives in all (inputs, split sets counted once).
  // Reads every input's header: for `analyze`, whose output form depends on
  // it, not for batch runs.
  size_t ReportCount();

 private:
  // The split set that inputs[i] opens (its first part in input order), or
  // null when inputs[i] belongs to a set opened by an earlier input. The sets
  // are found on first use.
  const std::vector<std::string>* SplitGroupOf(size_t i);

  const std::vector<std::string>& inputs_;
  const pipeline::AnalyzeOptions& options_;
  std::once_flag grouped_;
  std::vector<std::vector<std::string>> split_groups_;
  std::vector<size_t> group_of_input_;     // index into split_groups_
  std::vector<size_t> group_first_input_;  // per group: the input that reports it
};

}  // namespace crashsift::batch
