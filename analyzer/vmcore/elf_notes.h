// ELF note blobs as dumps carry them: the PT_NOTE segment of an ELF vmcore,
// or the note area that makedumpfile copies into a kdump-compressed file's
// sub-header (offset_note/size_note). Parsed with bounds checks: a note that
// runs past the blob ends the walk.
#pragma once

#include <array>
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

// Registers of one CPU from an NT_PRSTATUS note (struct elf_prstatus: pr_pid
// at 32, pr_reg at 112 on both 64-bit architectures): x86_64 struct
// user_regs_struct, or arm64 struct user_pt_regs (x0..x30, sp, pc, pstate).
struct CpuRegisters {
  int cpu = 0;  // index of the note among NT_PRSTATUS notes (kernel writes them per CPU)
  int32_t pid = 0;
  bool arm64 = false;  // which set below is filled
  uint64_t rip = 0, rsp = 0, rbp = 0, rax = 0, rbx = 0, rcx = 0, rdx = 0, rsi = 0, rdi = 0;
  uint64_t r8 = 0, r9 = 0, r10 = 0, r11 = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
  uint64_t cs = 0, ss = 0, eflags = 0, orig_rax = 0;
  std::array<uint64_t, 31> x{};  // arm64 x0..x30 (x29 = frame pointer, x30 = link register)
  uint64_t sp = 0, pc = 0, pstate = 0;
};

std::optional<CpuRegisters> ParseX86_64Prstatus(std::span<const std::byte> desc, int cpu);
std::optional<CpuRegisters> ParseArm64Prstatus(std::span<const std::byte> desc, int cpu);

// The registers by name, for reports: x86_64 in `crash`'s `bt`
// exception-frame order ("rip", "rsp", ..., "ss"); arm64 "pc", "sp",
// "pstate", then "x0".."x30".
std::vector<std::pair<std::string_view, uint64_t>> NamedRegisters(const CpuRegisters& r);

inline constexpr uint32_t kNtPrstatus = 1;

}  // namespace crashsift::vmcore
