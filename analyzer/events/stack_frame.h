// A call-trace frame as the kernel prints it, in the modern form
//   " zap_create_leaf+0x4a/0x1c0 [zfs]", " ? foo+0x10/0x20"
// or the old form "[<ffffffff8100a1b2>] foo+0x12/0x40".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crashsift::events {

// One level of a frame's source position. A frame's `source` lists them
// innermost first, as `eu-addr2line -i` does: first the function the address
// is really in (inlined == true when the compiler inlined it into the next
// entry), then each caller it was inlined into at its call site, ending with
// the out-of-line function whose symbol the kernel printed (inlined == false).
struct SourceLocation {
  std::string function;  // "" when unknown (a console-symbolized frame)
  std::string file;      // as recorded in DWARF or printed, e.g. "fs/open.c"
  uint32_t line = 0;     // 0: unknown
  uint32_t column = 0;   // 0: unknown
  bool inlined = false;
};

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
  uint32_t stack = 0;               // index into Event::stack_labels (0 = first trace)
  bool is_inline = false;           // "__dump_stack lib/dump_stack.c:88 [inline]" (syzbot)

  // Printed by a symbolizing console (syzbot: "foo+0x1/0x2 fs/foo.c:12": one
  // entry), or filled by a symbols::Symbolizer when debuginfo is given.
  std::vector<SourceLocation> source;
};

}  // namespace crashsift::events
