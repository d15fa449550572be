// Parsing of call-trace lines as every kernel generation prints them:
//   " zap_create_leaf+0x4a/0x1c0 [zfs]"          modern x86/arm64
//   " ? __percpu_rwsem_trylock.part.0+0x60/0x60"  unreliable frame
//   " spl_panic+0xf4/0x10c [spl 3f2a0b1c...]"     module with build id (5.19+)
//   " [<ffffffff8100a1b2>] foo+0x12/0x40"          old form (before 4.15)
//   " [<ffffffffc0a1b2c3>] ? foo+0x10/0x20 [zfs]"
//   " dump_stack_lvl+0x125/0x1b0 lib/dump_stack.c:106"  syzbot symbolized
//   " __dump_stack lib/dump_stack.c:88 [inline]"        syzbot inlined frame
//   " <TASK>", " </IRQ>", " <NMI>"                      context markers
// All functions are pure, allocation only for the returned strings, and safe
// on any input bytes (they return nullopt for what is not a frame).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/events/stack_frame.h"

namespace crashsift::events {

// One call-trace line -> a frame; nullopt when the line is not a frame.
// `line` is copied into StackFrame::line. A leading "<IRQ>"/"<EOI>" marker on
// the same line (3.x kernels) is skipped and recorded in StackFrame::context.
std::optional<StackFrame> ParseStackFrame(std::string_view text, uint64_t line = 0);

// "<TASK>" -> {"task", false}; "</IRQ>" -> {"irq", true}; "<EOI>" -> {"irq", true};
// "<#DF>" -> {"exception", false}. nullopt for anything else.
struct ContextMarker {
  std::string_view context;
  bool closing = false;
};
std::optional<ContextMarker> ParseContextMarker(std::string_view text);

// The caller of a 32-bit ARM frame line: "[<80233190>] (filemap_write_and_wait_range)
// from [<803db1c4>] (nfs_file_fsync+0x30/0x280)" -> nfs_file_fsync (address
// 803db1c4); " unwind_backtrace from show_stack+0x18/0x1c" -> show_stack. The
// next line prints it again as its frame, so only the last line's caller is
// news: a trace cut after that line still names it. nullopt for other lines.
std::optional<StackFrame> ParseArmCaller(std::string_view text, uint64_t line = 0);

// The instruction pointer of a register dump: "RIP: 0010:foo+0x5/0x10 [mod]",
// "RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] foo+0x1/0x2",
// "EIP: foo+0x1/0x2", arm64 "pc : foo+0x1c/0x40 [mod]", "PC is at foo+0x1c/0x40".
// nullopt for user-space values ("RIP: 0033:0x47b7a0") and other lines.
std::optional<StackFrame> ParseInstructionPointer(std::string_view text, uint64_t line = 0);

// "__handle_sysrq.cold" -> "__handle_sysrq", "foo.isra.0" -> "foo",
// "bar.constprop.0.cold" -> "bar": C identifiers cannot hold '.', so
// everything from the first '.' is a compiler-added clone suffix (.isra.N,
// .constprop.N, .part.N, .cold, .llvm.N, .lto_priv.N).
std::string NormalizeFunction(std::string_view function);

// A frame as the kernel prints it: "? " when unreliable, the function ("?"
// when unknown), "+0xoff/0xsize" when both are known, " [module]".
std::string FormatKernelFrame(const StackFrame& frame);

}  // namespace crashsift::events
