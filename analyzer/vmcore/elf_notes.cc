#include "analyzer/vmcore/elf_notes.h"

#include "analyzer/core/byte_reader.h"

namespace crashsift::vmcore {
namespace {
uint64_t Align4(uint64_t n) { return (n + 3) & ~uint64_t{3}; }
}  // namespace

std::vector<ElfNote> ParseElfNotes(std::span<const std::byte> blob, bool* truncated) {
  std::vector<ElfNote> notes;
  ByteReader reader(blob);
  uint64_t pos = 0;
  if (truncated) *truncated = false;
  while (pos + 12 <= blob.size()) {
    uint32_t namesz = *reader.Read<uint32_t>(pos);
    uint32_t descsz = *reader.Read<uint32_t>(pos + 4);
    uint32_t type = *reader.Read<uint32_t>(pos + 8);
    if (namesz == 0 && descsz == 0 && type == 0) break;  // zero padding after the last note
    uint64_t name_off = pos + 12;
    uint64_t desc_off = name_off + Align4(namesz);
    auto name = reader.String(name_off, namesz);
    auto desc = reader.Slice(desc_off, descsz);
    if (!name || !desc) {
      if (truncated) *truncated = true;
      break;
    }
    std::string_view n = *name;
    while (!n.empty() && n.back() == '\0') n.remove_suffix(1);
    notes.push_back(ElfNote{std::string(n), type, *desc});
    pos = desc_off + Align4(descsz);
  }
  return notes;
}

std::optional<CpuRegisters> ParseX86_64Prstatus(std::span<const std::byte> desc, int cpu) {
  // struct elf_prstatus (x86_64): siginfo 12, cursig 2 + pad 2, sigpend 8,
  // sighold 8, pid/ppid/pgrp/sid 16, 4 timevals 64 -> pr_reg at 112, 27 regs.
  constexpr uint64_t kRegs = 112;
  ByteReader reader(desc);
  if (!InBounds(desc.size(), kRegs, 27 * 8)) return std::nullopt;
  auto reg = [&](int index) { return *reader.Read<uint64_t>(kRegs + 8 * index); };
  CpuRegisters r;
  r.cpu = cpu;
  r.pid = *reader.Read<int32_t>(32);
  r.r15 = reg(0);
  r.r14 = reg(1);
  r.r13 = reg(2);
  r.r12 = reg(3);
  r.rbp = reg(4);
  r.rbx = reg(5);
  r.r11 = reg(6);
  r.r10 = reg(7);
  r.r9 = reg(8);
  r.r8 = reg(9);
  r.rax = reg(10);
  r.rcx = reg(11);
  r.rdx = reg(12);
  r.rsi = reg(13);
  r.rdi = reg(14);
  r.orig_rax = reg(15);
  r.rip = reg(16);
  r.cs = reg(17);
  r.eflags = reg(18);
  r.rsp = reg(19);
  r.ss = reg(20);
  return r;
}

std::optional<CpuRegisters> ParseArm64Prstatus(std::span<const std::byte> desc, int cpu) {
  // The same struct elf_prstatus prefix as x86_64; pr_reg = struct
  // user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h): regs[31], sp, pc,
  // pstate. QEMU's aarch64 note uses the same offsets (target/arm/arch_dump.c).
  constexpr uint64_t kRegs = 112;
  ByteReader reader(desc);
  if (!InBounds(desc.size(), kRegs, 34 * 8)) return std::nullopt;
  auto reg = [&](int index) { return *reader.Read<uint64_t>(kRegs + 8 * index); };
  CpuRegisters r;
  r.cpu = cpu;
  r.arm64 = true;
  r.pid = *reader.Read<int32_t>(32);
  for (int i = 0; i < 31; ++i) r.x[i] = reg(i);
  r.sp = reg(31);
  r.pc = reg(32);
  r.pstate = reg(33);
  return r;
}

std::vector<std::pair<std::string_view, uint64_t>> NamedRegisters(const CpuRegisters& r) {
  if (r.arm64) {
    static constexpr std::string_view kNames[31] = {
        "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
        "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
        "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30"};
    std::vector<std::pair<std::string_view, uint64_t>> named = {
        {"pc", r.pc}, {"sp", r.sp}, {"pstate", r.pstate}};
    for (int i = 0; i < 31; ++i) named.emplace_back(kNames[i], r.x[i]);
    return named;
  }
  return {{"rip", r.rip},          {"rsp", r.rsp}, {"rbp", r.rbp}, {"rax", r.rax},
          {"rbx", r.rbx},          {"rcx", r.rcx}, {"rdx", r.rdx}, {"rsi", r.rsi},
          {"rdi", r.rdi},          {"r8", r.r8},   {"r9", r.r9},   {"r10", r.r10},
          {"r11", r.r11},          {"r12", r.r12}, {"r13", r.r13}, {"r14", r.r14},
          {"r15", r.r15},          {"cs", r.cs},   {"ss", r.ss},   {"eflags", r.eflags},
          {"orig_rax", r.orig_rax}};
}

}  // namespace crashsift::vmcore
