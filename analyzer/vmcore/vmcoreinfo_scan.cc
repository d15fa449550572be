#include "analyzer/vmcore/vmcoreinfo_scan.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace crashsift::vmcore {

std::optional<FoundVmcoreinfo> ScanForVmcoreinfo(PhysicalMemory& memory, uint64_t max_pages) {
  std::vector<std::byte> page(memory.page_size());
  const uint64_t end = std::min(memory.max_pfn(), max_pages);
  constexpr uint64_t kMaxPageErrors = 4096;
  uint64_t errors = 0;
  uint64_t released_at = 0;
  for (uint64_t pfn = memory.NextCandidatePfn(0); pfn < end;
       pfn = memory.NextCandidatePfn(pfn + 1)) {
    if (pfn - released_at >= 8192) {  // every 32 MiB of 4 KiB pages
      memory.ReleaseResident();
      released_at = pfn;
    }
    auto present = memory.ReadPage(pfn, page);
    // A dump whose pages mostly fail to read is not worth scanning further.
    if (!present && ++errors > kMaxPageErrors) break;
    if (!present || !*present) continue;
    std::string_view text(reinterpret_cast<const char*>(page.data()), page.size());
    if (!text.starts_with("OSRELEASE=")) continue;
    text = text.substr(0, text.find('\0'));
    if (text.find("\nPAGESIZE=") == std::string_view::npos ||
        text.find("\nSYMBOL(") == std::string_view::npos) {
      continue;
    }
    memory.ReleaseResident();
    return FoundVmcoreinfo{std::string(text), pfn};
  }
  memory.ReleaseResident();
  return std::nullopt;
}

}  // namespace crashsift::vmcore
