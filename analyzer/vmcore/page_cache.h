// Byte-granular physical reads over a PhysicalMemory, with a small cache of
// decoded pages so that walking page tables and ring-buffer records touches
// (and decompresses) each page once. Bounded: at most kMaxCachedPages pages.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "analyzer/vmcore/physical_memory.h"

namespace crashsift::vmcore {

struct ReadStats {
  uint64_t absent_bytes = 0;  // zero-filled because the page is not in the dump
  uint64_t broken_bytes = 0;  // zero-filled because the page could not be read
};

class PageCache {
 public:
  static constexpr size_t kMaxCachedPages = 2048;  // 8 MiB of 4 KiB pages

  explicit PageCache(PhysicalMemory& memory) : memory_(memory) {}

  // Copies [paddr, paddr + out.size()) into `out`. Never fails: missing and
  // broken pages are zero-filled and counted in the returned stats.
  ReadStats Read(uint64_t paddr, std::span<std::byte> out);

  PhysicalMemory& memory() { return memory_; }
  // The first page error met, for warnings ("page 0x1234: zlib: ...").
  const std::optional<Error>& first_error() const { return first_error_; }

 private:
  struct Entry {
    std::vector<std::byte> bytes;
    bool present = false;
    bool broken = false;
    std::list<uint64_t>::iterator lru;
  };
  const Entry& Load(uint64_t pfn);

  PhysicalMemory& memory_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::list<uint64_t> lru_;  // front = most recent
  std::optional<Error> first_error_;
};

}  // namespace crashsift::vmcore
