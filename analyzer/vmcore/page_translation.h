// What the architectures' kernel address spaces share once a page table walk
// exists: a bounded cache of translated 4 KiB pages, and reads of virtual
// memory split at page boundaries. Each architecture supplies its own walk
// (and direct-map shortcut) as the `translate` callback.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>

#include "analyzer/core/result.h"
#include "analyzer/vmcore/page_cache.h"

namespace crashsift::vmcore {

inline constexpr uint64_t kKernelPageSize = 4096;

// Virtual page -> physical page, cleared when full (walks are cheap; the
// bound keeps a scan of a huge region from growing it without limit).
class TranslationCache {
 public:
  // Physical address of `vaddr`, from the cache or `walk(page of vaddr)`.
  Result<uint64_t> Translate(uint64_t vaddr, const std::function<Result<uint64_t>(uint64_t)>& walk);

 private:
  static constexpr size_t kMaxEntries = 1 << 16;
  std::unordered_map<uint64_t, uint64_t> pages_;
};

// Entry `index` (8 bytes, little-endian) of the page table at physical
// `table`. Errors: corrupt, when the table page is not in the dump.
Result<uint64_t> ReadTableEntry(PageCache& memory, uint64_t table, uint64_t index);

// Reads `out.size()` bytes of virtual memory at `vaddr` page by page through
// `to_physical`. Untranslatable pages are zero-filled and counted as broken;
// pages absent from the dump as absent.
ReadStats ReadVirtual(PageCache& memory, uint64_t vaddr, std::span<std::byte> out,
                      const std::function<Result<uint64_t>(uint64_t)>& to_physical);

}  // namespace crashsift::vmcore
