// ELF note blobs as dumps carry them: the PT_NOTE segment of an ELF vmcore,
// or the note area that makedumpfile copies into a kdump-compressed file's
// sub-header (offset_note/size_note). Parsed with bounds checks: a note that
// runs past the blob ends the walk.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crashsift::vmcore {

struct ElfNote {
  std::string name;                 // "CORE", "VMCOREINFO", "QEMU"
  uint32_t type = 0;                // NT_PRSTATUS = 1; VMCOREINFO uses 0
  std::span<const std::byte> desc;  // view into the blob
};

// Walks 4-byte aligned Elf64_Nhdr records. `truncated` is set when the blob
// ends inside a record (the records before it are returned).
std::vector<ElfNote> ParseElfNotes(std::span<const std::byte> blob, bool* truncated = nullptr);

// Registers of one CPU from an x86_64 NT_PRSTATUS note (struct elf_prstatus:
// pr_pid at 32, pr_reg = struct user_regs_struct at 112).
struct CpuRegisters {
  int cpu = 0;  // index of the note among NT_PRSTATUS notes (kernel writes them per CPU)
  int32_t pid = 0;
  uint64_t rip = 0, rsp = 0, rbp = 0, rax = 0, rbx = 0, rcx = 0, rdx = 0, rsi = 0, rdi = 0;
  uint64_t r8 = 0, r9 = 0, r10 = 0, r11 = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
  uint64_t cs = 0, ss = 0, eflags = 0, orig_rax = 0;
};

std::optional<CpuRegisters> ParseX86_64Prstatus(std::span<const std::byte> desc, int cpu);

// The registers by name, in `crash`'s `bt` exception-frame order ("rip",
// "rsp", ..., "ss"), for reports.
std::vector<std::pair<std::string_view, uint64_t>> NamedRegisters(const CpuRegisters& r);

inline constexpr uint32_t kNtPrstatus = 1;

}  // namespace crashsift::vmcore
