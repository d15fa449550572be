#include "analyzer/batch/input_job.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <map>

#include "analyzer/batch/archive_reader.h"
#include "analyzer/batch/sosreport.h"
#include "analyzer/input/input_kind.h"
#include "analyzer/input/small_file.h"
#include "analyzer/vmcore/split_parts.h"

namespace crashsift::batch {
namespace {

ReportPtr OrError(Result<pipeline::AnalysisReport> result, const std::string& name) {
  return std::make_shared<const pipeline::AnalysisReport>(
      result ? std::move(*result) : pipeline::ErrorReport(name, result.error()));
}

// How much of an input its shard is decided by.
constexpr size_t kShardHashBytes = 1 << 20;

// The first `n` bytes of a file too large to read whole ("" on any error).
std::string FileHead(const std::string& path, size_t n) {
  std::string head(n, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return {};
  ssize_t got = ::pread(fd, head.data(), n, 0);
  ::close(fd);
  head.resize(got > 0 ? static_cast<size_t>(got) : 0);
  return head;
}

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

}  // namespace

const std::vector<std::string>* InputJobs::SplitGroupOf(size_t i) {
  std::call_once(grouped_, [&] {
    split_groups_ = vmcore::GroupSplitParts(inputs_);
    std::map<std::string, size_t> first_group;
    for (size_t g = 0; g < split_groups_.size(); ++g) {
      for (const auto& path : split_groups_[g]) first_group.try_emplace(path, g);
    }
    group_of_input_.reserve(inputs_.size());
    group_first_input_.assign(split_groups_.size(), inputs_.size());
    for (size_t k = 0; k < inputs_.size(); ++k) {
      size_t g = first_group.at(inputs_[k]);
      group_of_input_.push_back(g);
      if (group_first_input_[g] == inputs_.size()) group_first_input_[g] = k;
    }
  });
  return group_first_input_[group_of_input_[i]] == i ? &split_groups_[group_of_input_[i]] : nullptr;
}

std::optional<std::vector<ReportPtr>> InputJobs::RunArchive(const std::string& path,
                                                            std::string_view bytes) {
  std::vector<ReportPtr> reports;
  bool bundle = false;
  auto verdict = ReadArchive(path, bytes, [&](const ArchiveMember& member) {
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

std::vector<ReportPtr> InputJobs::Run(size_t i) {
  const std::string& path = inputs_[i];
  if (path == "-") {
    if (shard_index_ != 0) return {};
    return {OrError(pipeline::AnalyzeInput(path, options_), path)};
  }
  std::optional<std::string> bytes = input::ReadSmallFile(path);
  const std::string head =
      bytes ? std::string() : FileHead(path, shard_count_ > 1 ? kShardHashBytes : 512);
  const std::string_view start = bytes ? std::string_view(*bytes) : std::string_view(head);
  if (shard_count_ > 1) {
    const std::string_view hashed = start.substr(0, kShardHashBytes);
    if (XXH3_64bits(hashed.data(), hashed.size()) % shard_count_ != shard_index_) return {};
  }
  const bool split = bytes ? vmcore::SplitPartKeyOfBytes(*bytes).has_value()
                           : vmcore::SplitPartKey(path).has_value();
  if (split) {
    const std::vector<std::string>* group = SplitGroupOf(i);
    if (!group) return {};
    return {OrError(pipeline::AnalyzeDumpParts(*group, options_), path)};
  }
  if (MayBeArchive(start)) {
    if (auto reports = RunArchive(path, bytes ? std::string_view(*bytes) : std::string_view())) {
      return std::move(*reports);
    }
  }
  // Dumps keep their mapped reader (random access, their own warnings).
  if (!bytes || input::IsVmcore(input::Sniff(start.substr(0, input::kMagicBytes)))) {
    return {OrError(pipeline::AnalyzeInput(path, options_), path)};
  }
  return {cache_.Get(*bytes, path, [&] {
    auto result = pipeline::AnalyzeBytes(*bytes, path, options_);
    return result ? std::move(*result) : pipeline::ErrorReport(path, result.error());
  })};
}

}  // namespace crashsift::batch
