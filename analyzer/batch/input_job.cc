#include "analyzer/batch/input_job.h"

#include <map>

#include "analyzer/input/input_kind.h"
#include "analyzer/input/small_file.h"
#include "analyzer/vmcore/split_parts.h"

namespace crashsift::batch {
namespace {

pipeline::AnalysisReport OrError(Result<pipeline::AnalysisReport> result, const std::string& name) {
  return result ? std::move(*result) : pipeline::ErrorReport(name, result.error());
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

size_t InputJobs::ReportCount() {
  if (!inputs_.empty()) SplitGroupOf(0);
  return split_groups_.size();
}

std::optional<pipeline::AnalysisReport> InputJobs::Run(size_t i) {
  const std::string& path = inputs_[i];
  if (path == "-") return OrError(pipeline::AnalyzeInput(path, options_), path);
  std::optional<std::string> bytes = input::ReadSmallFile(path);
  const bool split = bytes ? vmcore::SplitPartKeyOfBytes(*bytes).has_value()
                           : vmcore::SplitPartKey(path).has_value();
  if (split) {
    const std::vector<std::string>* group = SplitGroupOf(i);
    if (!group) return std::nullopt;
    return OrError(pipeline::AnalyzeDumpParts(*group, options_), path);
  }
  // Dumps keep their mapped reader (random access, their own warnings).
  if (!bytes ||
      input::IsVmcore(input::Sniff(std::string_view(*bytes).substr(0, input::kMagicBytes)))) {
    return OrError(pipeline::AnalyzeInput(path, options_), path);
  }
  return OrError(pipeline::AnalyzeBytes(*bytes, path, options_), path);
}

}  // namespace crashsift::batch
