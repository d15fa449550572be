// One interface over every dump format (drgn's memory_reader): a dump is a
// set of physical page frames, each present, absent (excluded by
// makedumpfile -d, or never captured), or unreadable (the file is broken
// there). Backends: ElfVmcore, KdumpCompressed (also over a flattened
// stream), SplitKdumpSet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "analyzer/core/result.h"

namespace crashsift::vmcore {

class PhysicalMemory {
 public:
  virtual ~PhysicalMemory() = default;

  // Fills `out` (exactly page_size() bytes) with page frame `pfn`.
  // Returns true when the page is in the dump, false when it is absent (then
  // `out` is zero-filled, which is what the kernel had for excluded zero
  // pages and what makedumpfile itself substitutes). An Error means the dump
  // is damaged at that page (truncated data, a page that fails to
  // decompress); callers treat it as a lost page, not a lost dump.
  virtual Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) = 0;

  virtual uint32_t page_size() const = 0;
  // One past the highest page frame the dump can describe (for scans).
  virtual uint64_t max_pfn() const = 0;
  // "vmcore-elf", "vmcore-kdump-lzo", "vmcore-flattened-zlib", ...
  virtual std::string format_name() const = 0;
  // The first page frame >= `pfn` that may be present (scans skip the
  // rest); max_pfn() when there is none. Default: `pfn` itself.
  virtual uint64_t NextCandidatePfn(uint64_t pfn) const { return pfn; }
  // Lets go of resident file pages after a long scan (bounded RSS).
  virtual void ReleaseResident() {}
};

}  // namespace crashsift::vmcore
