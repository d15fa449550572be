#include "analyzer/batch/input_job.h"

#include <xxhash.h>

#include "analyzer/batch/archive_reader.h"
#include "analyzer/batch/sosreport.h"
#include "analyzer/input/input_kind.h"
#include "analyzer/vmcore/kdump_compressed.h"

namespace crashsift::batch {
namespace {

ReportPtr OrError(Result<pipeline::AnalysisReport> result, const std::string& name) {
  return std::make_shared<const pipeline::AnalysisReport>(
      result ? std::move(*result) : pipeline::ErrorReport(name, result.error()));
}

// How much of an input its shard is decided by.
constexpr size_t kShardHashBytes = 1 << 20;
// How many inputs that are no split part Group() keeps open for their run,
// at most (a small file is read whole: up to 256 MiB); later ones are opened
// again by their run.
constexpr size_t kMaxKept = 256;

// An archive member that holds no log at all: skipped, not a failure.
bool NoLog(const pipeline::AnalysisReport& report) {
  for (const auto& e : report.errors) {
    if (e.code == ErrorCode::kBadMagic || e.code == ErrorCode::kTruncated ||
        e.code == ErrorCode::kUnsupported) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> SplitKeyOf(const Result<input::OpenedInput>& in) {
  if (!in || in->is_stream()) return std::nullopt;
  return vmcore::SplitPartKey(in->bytes());
}

}  // namespace

void InputJobs::Publish(size_t i, std::optional<std::string> key) {
  {
    std::lock_guard lock(mu_);
    keys_[i] = std::move(key);
    state_[i] = State::kPublished;
  }
  published_.notify_all();
}

std::optional<Result<input::OpenedInput>> InputJobs::Open(size_t i) {
  {
    std::unique_lock lock(mu_);
    // Group() may be opening this very input: wait for it rather than open
    // the file a second time (issue 9: one open per input).
    if (state_[i] == State::kClaimed) {
      published_.wait(lock, [&] { return state_[i] == State::kPublished; });
    }
    if (taken_[i]) return std::nullopt;
    if (auto it = kept_.find(i); it != kept_.end()) {
      Result<input::OpenedInput> in = std::move(it->second);
      kept_.erase(it);
      return in;
    }
    state_[i] = State::kClaimed;
  }
  Result<input::OpenedInput> in = Fail(ErrorCode::kIo, inputs_[i], "not opened");
  try {
    in = input::OpenedInput::Open(input::InputSource::FromPath(inputs_[i]));
  } catch (...) {
    Publish(i, std::nullopt);  // Group() waits for it
    throw;
  }
  Publish(i, SplitKeyOf(in));
  return in;
}

void InputJobs::Group() {
  std::unique_lock lock(mu_);
  for (size_t k = 0; k < inputs_.size(); ++k) {
    if (state_[k] != State::kFree) {
      published_.wait(lock, [&] { return state_[k] == State::kPublished; });
      continue;
    }
    state_[k] = State::kClaimed;
    lock.unlock();
    auto in = input::OpenedInput::Open(input::InputSource::FromPath(inputs_[k]));
    auto key = SplitKeyOf(in);
    lock.lock();
    keys_[k] = key;
    state_[k] = State::kPublished;
    if (in && (key || kept_.size() < kMaxKept)) kept_.emplace(k, std::move(*in));
    published_.notify_all();  // a worker's Open(k) may be waiting for this handle
  }
  std::map<std::string, size_t> first_of_key;
  set_first_.resize(inputs_.size());
  for (size_t k = 0; k < inputs_.size(); ++k) {
    set_first_[k] = keys_[k] ? first_of_key.try_emplace(*keys_[k], k).first->second : k;
  }
}

std::optional<std::vector<input::OpenedInput>> InputJobs::SplitSetOf(size_t i,
                                                                     input::OpenedInput in) {
  std::call_once(grouped_, [&] { Group(); });
  std::unique_lock lock(mu_);
  if (set_first_[i] != i) {  // a later part: its handle goes to the first part's run
    kept_.emplace(i, std::move(in));
    published_.notify_all();
    return std::nullopt;
  }
  std::vector<input::OpenedInput> parts;
  for (size_t k = i; k < inputs_.size(); ++k) {
    if (k == i) {
      parts.push_back(std::move(in));
    } else if (set_first_[k] == i) {
      // Kept by Group(), or handed over by the part's own run (under way).
      published_.wait(lock, [&] { return kept_.count(k) != 0; });
      auto it = kept_.find(k);
      parts.push_back(std::move(it->second));
      kept_.erase(it);
      taken_[k] = true;
    }
  }
  return parts;
}

std::optional<std::vector<ReportPtr>> InputJobs::RunArchive(const input::OpenedInput& in) {
  const std::string& path = in.name();
  std::vector<ReportPtr> reports;
  bool bundle = false;
  auto verdict = ReadArchive(path, in.bytes(), [&](const ArchiveMember& member) {
    bundle = bundle || IsBundleMember(member.name);
    if (bundle && !IsBundleKernelLog(member.name)) {
      ++skipped_members_;
      return;
    }
    // "sos.tar.xz!/sosreport-host/var/log/messages"; a bzip2 log keeps its name.
    const std::string name = member.name.empty() ? path : path + "!/" + member.name;
    ReportPtr report = cache_.Get(member.bytes, name, [&] {
      auto result = pipeline::AnalyzeBytes(member.bytes, name, options_);
      auto r = result ? std::move(*result) : pipeline::ErrorReport(name, result.error());
      if (member.cut) {
        r.warnings.push_back(
            {name, std::nullopt,
             "archive member cut at " + std::to_string(kMaxArchiveMemberBytes >> 20) + " MiB"});
      }
      return r;
    });
    if (!member.name.empty() && NoLog(*report)) {
      ++skipped_members_;
      return;
    }
    reports.push_back(std::move(report));
  });
  if (verdict && *verdict == ArchiveVerdict::kNotArchive) return std::nullopt;
  if (!verdict) reports.push_back(OrError(Fail(verdict.error()), path));
  return reports;
}

bool InputJobs::InShard(const std::string& path, std::string_view bytes) const {
  if (path == "-") return shard_index_ == 0;  // standard input belongs to shard 0
  if (shard_count_ <= 1) return true;
  bytes = bytes.substr(0, kShardHashBytes);
  return XXH3_64bits(bytes.data(), bytes.size()) % shard_count_ == shard_index_;
}

std::vector<ReportPtr> InputJobs::Run(size_t i) {
  const std::string& path = inputs_[i];
  auto opened = Open(i);
  if (!opened) return {};  // a later part of a split set, taken by its first part
  std::optional<std::vector<input::OpenedInput>> parts;
  if (*opened && keys_[i]) {  // a split part (its key published by Open)
    parts = SplitSetOf(i, std::move(**opened));
    if (!parts) return {};
  }
  const std::string_view bytes = parts ? parts->front().bytes() : *opened ? (*opened)->bytes() : "";
  if (!InShard(path, bytes)) return {};
  if (!*opened) return {OrError(Fail(opened->error()), path)};
  if (parts) return {OrError(pipeline::AnalyzeDumpParts(*parts, options_), path)};
  input::OpenedInput& in = **opened;
  if (MayBeArchive(bytes)) {
    if (auto reports = RunArchive(in)) return std::move(*reports);
  }
  // Dumps keep their mapped reader (random access, their own warnings), and
  // large files and streams are not cached.
  if (in.mapping() || in.is_stream() || input::IsVmcore(in.kind())) {
    return {OrError(pipeline::AnalyzeOpened(in, options_), path)};
  }
  return {cache_.Get(bytes, path, [&] {
    auto result = pipeline::AnalyzeOpened(in, options_);
    return result ? std::move(*result) : pipeline::ErrorReport(path, result.error());
  })};
}

}  // namespace crashsift::batch
