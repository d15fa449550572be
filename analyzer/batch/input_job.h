// The work for one input of a batch (or of `analyze` with several inputs), on
// a worker thread. Each input is opened once (input::OpenedInput: a small
// regular file read whole, a larger one mapped, stdin and devices streamed),
// and its bytes serve the shard hash, the split-part check, the archive
// reader and the text or dump reader:
//   - inputs with equal bytes are analysed once (ReportCache);
//   - an archive (tar, tar.gz/xz/zst/bz2, zip, cpio) gives one report per
//     member; in a sosreport or supportconfig archive only the kernel logs
//     and journals, and members that are no log at all (binary, empty) are
//     skipped without being failures;
//   - the parts of a makedumpfile --split set are one dump: they are found
//     when a worker meets one (only then are the inputs no worker opened yet
//     opened, their headers read, and kept open for their own run), and
//     reported together in the place of the set's first part.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
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
  // inputs[i] opened (or taken from those the grouping opened), its split
  // key published; nullopt when it is a later part of a set whose first
  // part took it already.
  std::optional<Result<input::OpenedInput>> Open(size_t i);
  // Publishes inputs[i]'s split key (nullopt: no split part).
  void Publish(size_t i, std::optional<std::string> key);
  // Groups the split parts among all inputs by their keys, once: opens
  // every input no worker has claimed yet (kept for its run) and waits for
  // the keys of those being opened.
  void Group();
  // The parts of the split set that inputs[i] (a split part) opens, in
  // input order, or nullopt when i is a later part (its handle then goes to
  // the set's first part).
  std::optional<std::vector<input::OpenedInput>> SplitSetOf(size_t i, input::OpenedInput in);
  // Whether this run analyses an input whose first bytes are `bytes`.
  bool InShard(const std::string& path, std::string_view bytes) const;
  // Reports for the members of the archive in `in`; nullopt when it is no
  // archive.
  std::optional<std::vector<ReportPtr>> RunArchive(const input::OpenedInput& in);

  enum class State : uint8_t { kFree, kClaimed, kPublished };
  const std::vector<std::string>& inputs_;
  const pipeline::AnalyzeOptions& options_;
  ReportCache cache_;
  std::atomic<size_t> skipped_members_{0};
  unsigned shard_index_ = 0, shard_count_ = 1;
  std::once_flag grouped_;
  std::mutex mu_;  // guards the members below
  std::condition_variable published_;
  std::vector<State> state_ = std::vector<State>(inputs_.size(), State::kFree);
  std::vector<std::optional<std::string>> keys_ =
      std::vector<std::optional<std::string>>(inputs_.size());
  std::vector<size_t> set_first_;  // per input: the first part of its set (itself when none)
  std::vector<bool> taken_ = std::vector<bool>(inputs_.size());  // a part taken by its set
  std::map<size_t, input::OpenedInput> kept_;  // opened by Group() (or a later part) for their use
};

}  // namespace crashsift::batch
