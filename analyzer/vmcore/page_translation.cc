#include "analyzer/vmcore/page_translation.h"

#include <algorithm>
#include <cstring>

#include "analyzer/vmcore/hex.h"

namespace crashsift::vmcore {

Result<uint64_t> TranslationCache::Translate(
    uint64_t vaddr, const std::function<Result<uint64_t>(uint64_t)>& walk) {
  const uint64_t offset = vaddr & (kKernelPageSize - 1);
  const uint64_t vpage = vaddr - offset;
  if (auto it = pages_.find(vpage); it != pages_.end()) return it->second | offset;
  auto paddr = walk(vpage);
  if (!paddr) return paddr;
  if (pages_.size() >= kMaxEntries) pages_.clear();
  pages_.emplace(vpage, *paddr);
  return *paddr | offset;
}

Result<uint64_t> ReadTableEntry(PageCache& memory, uint64_t table, uint64_t index) {
  std::byte raw[8];
  ReadStats stats = memory.Read(table + index * 8, raw);
  if (stats.absent_bytes || stats.broken_bytes) {
    return Fail(ErrorCode::kCorrupt, "", "page table page " + Hex(table) + " is not in the dump");
  }
  uint64_t entry;
  std::memcpy(&entry, raw, 8);
  return entry;
}

ReadStats ReadVirtual(PageCache& memory, uint64_t vaddr, std::span<std::byte> out,
                      const std::function<Result<uint64_t>(uint64_t)>& to_physical) {
  ReadStats total;
  size_t done = 0;
  while (done < out.size()) {
    const uint64_t addr = vaddr + done;
    const size_t chunk = static_cast<size_t>(
        std::min<uint64_t>(kKernelPageSize - addr % kKernelPageSize, out.size() - done));
    auto paddr = to_physical(addr);
    if (!paddr) {
      std::fill(out.begin() + done, out.begin() + done + chunk, std::byte{0});
      total.broken_bytes += chunk;
    } else {
      ReadStats stats = memory.Read(*paddr, out.subspan(done, chunk));
      total.absent_bytes += stats.absent_bytes;
      total.broken_bytes += stats.broken_bytes;
    }
    done += chunk;
  }
  return total;
}

}  // namespace crashsift::vmcore
