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

// Scans page frames in order, at most `max_pages` of them (bounded time);
// returns the text up to its first NUL, or nullopt.
std::optional<std::string> ScanForVmcoreinfo(PhysicalMemory& memory,
                                             uint64_t max_pages = 64ull << 20);

}  // namespace crashsift::vmcore
