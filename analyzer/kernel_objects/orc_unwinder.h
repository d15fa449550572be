// Kernel stacks of blocked tasks from a dump, unwound with the vmlinux's ORC
// tables (.orc_unwind_ip/.orc_unwind), as arch/x86/kernel/unwind_orc.c does:
// from the task's saved inactive_task_frame (thread.sp) up to the syscall
// entry's pt_regs or the end of a kernel thread's stack. x86_64, ORC of
// 4.14-6.3 (6.4, commit fb799447ae29, renumbered the entry types: refused).
// Frames in modules stop the unwind (their ORC is in the dump's module
// memory, not read yet).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/kernel_objects/kernel_types.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

struct UnwoundStack {
  std::vector<uint64_t> ips;  // runtime return addresses, innermost first
  std::string stopped;        // why it ended early; "" at the stack's real end
};

class OrcUnwinder {
 public:
  // The ORC tables of `vmlinux`; Error (kUnsupported) for a release whose
  // ORC layout is not the 4.14-6.3 one, or a vmlinux without ORC.
  static Result<OrcUnwinder> Load(const symbols::DebugModule& vmlinux, std::string_view release);

  // The stack of the blocked (not running) task at runtime address `task`.
  // `kaslr` is VMCOREINFO's KERNELOFFSET.
  UnwoundStack Unwind(const vmcore::VirtualReader& read, const KernelTypes& types, uint64_t task,
                      uint64_t kaslr) const;

  // The structures Unwind needs from DWARF.
  static std::vector<std::string> Structs() { return {"inactive_task_frame"}; }

 private:
  struct Entry {
    int16_t sp_offset = 0;
    int16_t bp_offset = 0;
    uint8_t sp_reg = 0;
    uint8_t bp_reg = 0;
    uint8_t type = 0;
    bool end = false;
  };
  // The entry for link address `ip`; false outside the table.
  bool Find(uint64_t ip, Entry& entry) const;

  std::vector<uint64_t> ips_;  // link addresses, sorted
  std::vector<Entry> entries_;
};

}  // namespace crashsift::kernel_objects
