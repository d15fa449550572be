#include "analyzer/vmcore/split_kdump_set.h"

#include <algorithm>

namespace crashsift::vmcore {

Result<std::unique_ptr<SplitKdumpSet>> SplitKdumpSet::Create(
    std::vector<std::unique_ptr<KdumpCompressed>> parts, std::vector<Warning>* warnings) {
  if (parts.empty()) return Fail(ErrorCode::kUsage, "", "no dump files given");
  for (const auto& part : parts) {
    if (!part->header().split) {
      return Fail(
          ErrorCode::kUsage, part->path(),
          "several dump files given, but this one is not part of a makedumpfile --split set");
    }
    if (part->page_size() != parts.front()->page_size() ||
        part->max_pfn() != parts.front()->max_pfn()) {
      return Fail(ErrorCode::kUsage, part->path(),
                  "this part belongs to a different split dump set");
    }
  }
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
    return a->header().start_pfn < b->header().start_pfn;
  });
  uint64_t expected = 0;
  for (const auto& part : parts) {
    const auto& h = part->header();
    if (h.start_pfn < expected) {
      return Fail(ErrorCode::kUsage, part->path(), "split parts overlap (is a part given twice?)");
    }
    if (h.start_pfn > expected && warnings) {
      warnings->push_back(
          {part->path(), std::nullopt,
           "split set has a gap before this part (a part is missing?): its pages read as absent"});
    }
    expected = h.end_pfn;
  }
  if (expected < parts.front()->max_pfn() && warnings) {
    warnings->push_back(
        {parts.back()->path(), std::nullopt,
         "split set ends before max_mapnr (a part is missing?): the rest reads as absent"});
  }
  auto set = std::unique_ptr<SplitKdumpSet>(new SplitKdumpSet());
  set->parts_ = std::move(parts);
  return set;
}

Result<bool> SplitKdumpSet::ReadPage(uint64_t pfn, std::span<std::byte> out) {
  auto it = std::upper_bound(parts_.begin(), parts_.end(), pfn, [](uint64_t p, const auto& part) {
    return p < part->header().start_pfn;
  });
  if (it == parts_.begin()) {
    std::fill(out.begin(), out.end(), std::byte{0});
    return false;
  }
  return (*(it - 1))->ReadPage(pfn, out);
}

}  // namespace crashsift::vmcore
