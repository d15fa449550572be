// Recovers VMCOREINFO from memory when the dump carries none (QEMU without
// `-device vmcoreinfo`, a damaged note): the kernel keeps its VMCOREINFO
// text in a page of its own (vmcoreinfo_data = get_zeroed_page(),
// kernel/crash_core.c) starting with "OSRELEASE=". We look for a present
// page that starts so and also names PAGESIZE= and SYMBOL(.
#pragma once

#include <optional>
#include <string>

#include "analyzer/vmcore/physical_memory.h"

namespace crashsift::vmcore {

struct FoundVmcoreinfo {
  std::string text;  // up to the first NUL
  uint64_t pfn = 0;  // where it was found
};

// Scans page frames in order, at most `max_pages` of them (bounded time).
std::optional<FoundVmcoreinfo> ScanForVmcoreinfo(PhysicalMemory& memory,
                                                 uint64_t max_pages = 64ull << 20);

}  // namespace crashsift::vmcore
