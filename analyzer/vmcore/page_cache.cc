#include "analyzer/vmcore/page_cache.h"

#include <algorithm>
#include <cstring>

namespace crashsift::vmcore {

const PageCache::Entry& PageCache::Load(uint64_t pfn) {
  auto it = entries_.find(pfn);
  if (it != entries_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second;
  }
  if (entries_.size() >= kMaxCachedPages) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  Entry entry;
  entry.bytes.assign(memory_.page_size(), std::byte{0});
  auto read = memory_.ReadPage(pfn, entry.bytes);
  if (!read) {
    if (!first_error_) first_error_ = read.error();
    std::fill(entry.bytes.begin(), entry.bytes.end(), std::byte{0});
    entry.broken = true;
  } else {
    entry.present = *read;
  }
  lru_.push_front(pfn);
  entry.lru = lru_.begin();
  return entries_.emplace(pfn, std::move(entry)).first->second;
}

ReadStats PageCache::Read(uint64_t paddr, std::span<std::byte> out) {
  ReadStats stats;
  const uint64_t page_size = memory_.page_size();
  size_t done = 0;
  while (done < out.size()) {
    uint64_t addr = paddr + done;
    if (addr < paddr) {  // wrapped past 2^64
      std::fill(out.begin() + done, out.end(), std::byte{0});
      stats.broken_bytes += out.size() - done;
      break;
    }
    uint64_t in_page = addr % page_size;
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(page_size - in_page, out.size() - done));
    const Entry& entry = Load(addr / page_size);
    std::memcpy(out.data() + done, entry.bytes.data() + in_page, chunk);
    if (entry.broken) {
      stats.broken_bytes += chunk;
    } else if (!entry.present) {
      stats.absent_bytes += chunk;
    }
    done += chunk;
  }
  return stats;
}

}  // namespace crashsift::vmcore
