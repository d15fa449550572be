// Kernel stacks from a dump, unwound with ORC (.orc_unwind_ip/.orc_unwind of
// the vmlinux, and each module's tables read from the dump's memory) as
// arch/x86/kernel/unwind_orc.c does: from a blocked task's saved
// inactive_task_frame (thread.sp), or from a CPU's registers (the dump's
// NT_PRSTATUS note) for the tasks that were running, through interrupt and
// exception frames (pt_regs, IRET frames) and IRQ-stack switches, up to the
// user-mode pt_regs of the syscall entry or the end of a kernel thread's
// stack. When ORC cannot go on, the rest of the stack is scanned for kernel
// text addresses, reported unreliable like the kernel's "? " frames.
// x86_64; the three ORC layouts of 4.14-6.2, 6.3 and 6.4+ (OrcLayout).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/kernel_objects/kernel_types.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

// How the 16 flag bits of struct orc_entry (arch/x86/include/asm/orc_types.h)
// are laid out; the numbering is drgn's (libdrgn/orc.h).
enum class OrcLayout {
  kV1,  // 4.14-6.2: sp_reg:4 bp_reg:4 type:2 (CALL 0, REGS 1, REGS_PARTIAL 2) end:1
  kV2,  // 6.3, commit ffb1b4a41016 ("Add 'signal' field"): ... type:2 signal:1 end:1
  kV3,  // 6.4+, commit fb799447ae29 ("Split UNWIND_HINT_EMPTY in two"): type:3
        // (UNDEFINED 0, END_OF_STACK 1, CALL 2, REGS 3, REGS_PARTIAL 4) signal:1
};

// The layout of release "6.1.0-57-amd64" ("4.14" .. ); nullopt before 4.14.
std::optional<OrcLayout> OrcLayoutFor(std::string_view release);

// ORC's register numbers (arch/x86/include/asm/orc_types.h; unchanged since 4.14).
inline constexpr uint8_t kOrcRegUndefined = 0;
inline constexpr uint8_t kOrcRegPrevSp = 1;
inline constexpr uint8_t kOrcRegBp = 4;
inline constexpr uint8_t kOrcRegSp = 5;
inline constexpr uint8_t kOrcRegBpIndirect = 8;
inline constexpr uint8_t kOrcRegSpIndirect = 9;

// One ORC entry normalised to one meaning, whatever the layout.
struct OrcEntry {
  enum class Type { kUndefined, kEndOfStack, kCall, kRegs, kRegsPartial };
  int16_t sp_offset = 0;
  int16_t bp_offset = 0;
  uint8_t sp_reg =
      0;  // ORC_REG_*: 0 undefined, 1 prev_sp, 4 bp, 5 sp, 8 bp_indirect, 9 sp_indirect
  uint8_t bp_reg = 0;
  Type type = Type::kUndefined;
  bool signal = false;  // 6.3+: the next frame's ip is not a return address
};

// Decodes one 6-byte entry as `layout` lays it out.
OrcEntry DecodeOrcEntry(std::span<const std::byte, 6> raw, OrcLayout layout);

// A sorted ORC table: ip (runtime address) -> entry. Built from the vmlinux's
// sections or from a module's arrays in the dump.
class OrcTable {
 public:
  // `ip_bytes` holds int32 offsets, each relative to its own slot at
  // `ip_address` + 4 i; `entries` 6 bytes each. `bias` is added to every ip
  // (KASLR for the vmlinux). Error kCorrupt when the arrays disagree.
  static Result<OrcTable> Parse(std::string_view ip_bytes, uint64_t ip_address,
                                std::string_view entries, OrcLayout layout, uint64_t bias,
                                const std::string& path);
  // The entry covering `ip`; nullopt before the first or past `end`.
  std::optional<OrcEntry> Find(uint64_t ip) const;
  size_t size() const { return ips_.size(); }

 private:
  std::vector<uint64_t> ips_;
  std::vector<OrcEntry> entries_;
};

// Where the unwind starts.
struct UnwindStart {
  uint64_t ip = 0;
  uint64_t sp = 0;
  uint64_t bp = 0;
  // True when `ip` is where the CPU was (registers), false when it is a
  // return address (a blocked task's switch frame).
  bool exact_ip = false;
  // The task's own stack [stack, stack + size): a blocked task must stay on
  // it; a running task may be on an IRQ or exception stack first.
  uint64_t stack = 0;
  uint64_t stack_size = 0;
  bool running = false;
};

struct UnwoundFrame {
  uint64_t ip = 0;     // runtime address
  bool exact = false;  // ip is where the CPU was (first frame, after pt_regs), not a return address
  bool reliable = true;  // false: found by the stack scan, like the kernel's "? " frames
};

struct UnwoundStack {
  std::vector<UnwoundFrame> frames;  // innermost first
  std::string stopped;               // why ORC ended early; "" at the stack's real end
};

// Answers which ORC table and which text an address belongs to: the vmlinux
// and the dump's modules (kernel_modules.h).
struct OrcSource {
  std::function<std::optional<OrcEntry>(uint64_t ip)> find;
  std::function<bool(uint64_t ip)> is_text;  // kernel or module text
};

class OrcUnwinder {
 public:
  // The vmlinux's tables at runtime (link address + `kaslr`). Error
  // (kUnsupported) for a vmlinux without ORC or a release before 4.14.
  static Result<OrcTable> LoadVmlinux(const symbols::DebugModule& vmlinux, std::string_view release,
                                      uint64_t kaslr);

  // Unwinds from `start` reading memory through `read`.
  static UnwoundStack Unwind(const vmcore::VirtualReader& read, const OrcSource& orc,
                             const UnwindStart& start);

  // The start of a blocked task (not running) at runtime address `task`:
  // its switch frame (inactive_task_frame at thread.sp). nullopt and `why`
  // when it is not readable.
  static std::optional<UnwindStart> BlockedStart(const vmcore::VirtualReader& read,
                                                 const KernelTypes& types, uint64_t task,
                                                 std::string& why);

  // The structures these need from DWARF.
  static std::vector<std::string> Structs() { return {"inactive_task_frame"}; }
};

// x86_64 THREAD_SIZE without KASAN (16 KiB since 3.15).
inline constexpr uint64_t kThreadSize = 16384;

}  // namespace crashsift::kernel_objects
