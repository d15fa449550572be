// DWARF call-frame information (.debug_frame of the vmlinux debuginfo) as
// ORC entries, for code objtool leaves without ORC: functions marked
// STACK_FRAME_NON_STANDARD, such as __crash_kexec (kernel/kexec_core.c),
// where every kdump's panic CPU has its registers saved by
// crash_setup_regs(). drgn falls back on the same CFI. Only the rules ORC
// can say are taken: CFA = rsp or rbp + offset, the return address at CFA -
// 8, rbp unchanged or saved at CFA + offset.
#pragma once

#include <cstdint>
#include <optional>

#include "analyzer/kernel_objects/orc_unwinder.h"

struct Dwarf;
struct Dwarf_CFI_s;  // libdw's Dwarf_CFI

namespace crashsift::kernel_objects {

class CfiFallback {
 public:
  // `dwarf` is the vmlinux's (owned by its DebugModule); an object that
  // answers nothing when it has no .debug_frame.
  explicit CfiFallback(Dwarf* dwarf);
  // The rule at link address `pc` as an ORC entry of type CALL; nullopt when
  // there is no FDE or its rule is not one ORC can express.
  std::optional<OrcEntry> Find(uint64_t pc) const;

 private:
  Dwarf_CFI_s* cfi_ = nullptr;  // owned by the Dwarf
};

}  // namespace crashsift::kernel_objects
