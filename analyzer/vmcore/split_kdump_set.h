// A makedumpfile --split set: every part is a kdump-compressed file with the
// same header whose sub-header names the pfn range [start_pfn, end_pfn) it
// holds. Reads go to the part that covers the page; parts may be given in
// any order.
#pragma once

#include <memory>
#include <vector>

#include "analyzer/vmcore/kdump_compressed.h"

namespace crashsift::vmcore {

class SplitKdumpSet : public PhysicalMemory {
 public:
  // Errors: usage (a part is not split, parts disagree on block size or
  // max_mapnr, ranges overlap); a gap between ranges is a warning (pages
  // there read as absent).
  static Result<std::unique_ptr<SplitKdumpSet>> Create(
      std::vector<std::unique_ptr<KdumpCompressed>> parts, std::vector<Warning>* warnings);

  Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) override;
  uint32_t page_size() const override { return parts_.front()->page_size(); }
  uint64_t max_pfn() const override { return parts_.front()->max_pfn(); }
  std::string format_name() const override { return parts_.front()->format_name(); }
  const KdumpCompressed& first() const { return *parts_.front(); }
  uint64_t NextCandidatePfn(uint64_t pfn) const override {
    for (const auto& part : parts_) {
      if (pfn < part->header().end_pfn) {
        uint64_t next = part->NextCandidatePfn(pfn);
        if (next < part->header().end_pfn) return next;
      }
    }
    return max_pfn();
  }
  void ReleaseResident() override {
    for (auto& part : parts_) part->ReleaseResident();
  }

 private:
  std::vector<std::unique_ptr<KdumpCompressed>> parts_;  // sorted by start_pfn
};

}  // namespace crashsift::vmcore
