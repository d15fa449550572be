// The work for one input of a batch (or of `analyze` with several inputs), on
// a worker thread:
//   - a small regular file is read once into memory and analysed from there;
//     larger files, stdin and devices take the mapped and streamed path;
//   - inputs with equal bytes are analysed once (ReportCache);
//   - an archive (tar, tar.gz/xz/zst/bz2, zip, cpio) gives one report per
//     member; in a sosreport or supportconfig archive only the kernel logs
//     and journals, and members that are no log at all (binary, empty) are
//     skipped without being failures;
//   - the parts of a makedumpfile --split set are one dump: they are found
//     when a worker meets one (only then are the other inputs' headers read,
//     once), and reported together in the place of the set's first part.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/batch/report_cache.h"
#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/analyze.h"

namespace crashsift::batch {

class InputJobs {
 public:
  // `inputs` and `options` (and the signature library it points to) must
  // outlive this object.
  InputJobs(const std::vector<std::string>& inputs, const pipeline::AnalyzeOptions& options)
      : inputs_(inputs), options_(options) {}

  // The reports for inputs[i]: one (an error report when it cannot be
  // analysed), one per analysed member of an archive, or none when inputs[i]
  // is a later part of a split set whose report went with its first part.
  // Thread-safe; never throws.
  std::vector<ReportPtr> Run(size_t i);

  // Analyse only the inputs whose content hash (XXH3-64 of the first MiB)
  // is `index` modulo `count`: N runs with 0..N-1 together cover every input
  // once, whatever order or machine each sees them in. Others give no report.
  // Standard input belongs to shard 0.
  void SetShard(unsigned index, unsigned count) {
    shard_index_ = index;
    shard_count_ = count;
  }

  size_t duplicates() const { return cache_.reused(); }
  size_t skipped_members() const { return skipped_members_; }

 private:
  // The split set that inputs[i] opens (its first part in input order), or
  // null when inputs[i] belongs to a set opened by an earlier input. The sets
  // are found on first use.
  const std::vector<std::string>* SplitGroupOf(size_t i);
  // Reports for the members of the archive at `path` (in `bytes` unless
  // empty); nullopt when it is no archive.
  std::optional<std::vector<ReportPtr>> RunArchive(const std::string& path, std::string_view bytes);

  const std::vector<std::string>& inputs_;
  const pipeline::AnalyzeOptions& options_;
  ReportCache cache_;
  std::atomic<size_t> skipped_members_{0};
  unsigned shard_index_ = 0, shard_count_ = 1;
  std::once_flag grouped_;
  std::vector<std::vector<std::string>> split_groups_;
  std::vector<size_t> group_of_input_;     // index into split_groups_
  std::vector<size_t> group_first_input_;  // per group: the input that reports it
};

}  // namespace crashsift::batch
