// A call-trace frame as the kernel prints it, in the modern form
//   " zap_create_leaf+0x4a/0x1c0 [zfs]", " ? foo+0x10/0x20"
// or the old form "[<ffffffff8100a1b2>] foo+0x12/0x40".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crashsift::events {

struct StackFrame {
  std::string function;             // as printed, e.g. "__handle_sysrq.cold"
  std::string normalized_function;  // suffixes .isra.N/.constprop.N/.cold/.part.N removed
  std::optional<uint64_t> offset;   // +0x4a
  std::optional<uint64_t> size;     // /0x1c0
  std::optional<uint64_t> address;  // [<ffffffff...>] in the old form, or a bare address
  std::string module;               // "zfs" for "[zfs]"; empty for vmlinux
  std::string module_build_id;      // "[zfs 3f2a...]" form
  bool reliable = true;             // false for "? " frames
  std::string context;              // "task", "irq", "softirq", "nmi", "exception" or ""
  uint64_t line = 0;                // source line (or record) it came from

  // Filled by the optional symbolizer (libdw) when debuginfo is given.
  std::string source_file;
  uint32_t source_line = 0;
  std::vector<std::string> inlined;  // innermost first, "func (file:line)"
};

}  // namespace crashsift::events
