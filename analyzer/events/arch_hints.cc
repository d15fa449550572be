#include "analyzer/events/arch_hints.h"

namespace crashsift::events {
namespace {

struct Hint {
  std::string_view text;
  std::string_view arch;
};

// Line starts (after the indent). Order: the first that matches wins.
constexpr Hint kLineStarts[] = {
    {"RIP: ", "x86_64"},
    {"RSP: ", "x86_64"},
    {"RAX: ", "x86_64"},
    {"R13: ", "x86_64"},
    {"RBP: ", "x86_64"},
    {"RDX: ", "x86_64"},
    {"R10: ", "x86_64"},
    {"<TASK>", "x86_64"},
    {"EIP: ", "i686"},
    {"EAX: ", "i686"},
    {"Krnl PSW", "s390x"},
    {"Krnl GPRS", "s390x"},
    {"Last Breaking-Event-Address", "s390x"},
    {"NIP [", "ppc64le"},
    {"NIP:  ", "ppc64le"},
    {"MSR:  ", "ppc64le"},
    {"epc : ", "riscv64"},
    {"status: ", "riscv64"},
    {"$ 0   :", "mips"},
    {"epc   :", "mips"},
    {"x29: ", "aarch64"},
    {"pstate: ", "aarch64"},
    {"lr : ", "aarch64"},
    {"pc : [<", "arm"},
    {"pc : ", "aarch64"},
    {"PC is at ", ""},  // arm and arm64 before 4.10: no hint
    {"r10: ", "arm"},
    {"Backtrace:", "arm"},
};

constexpr Hint kFunctionStarts[] = {
    {"__x64_sys_", "x86_64"},
    {"entry_SYSCALL_64", "x86_64"},
    {"x64_sys_call", "x86_64"},
    {"do_syscall_64", "x86_64"},
    {"__ia32_sys_", "x86_64"},
    // x86's entry code and return thunks (arch/x86/entry, arch/x86/lib/retpoline.S).
    {"srso_", "x86_64"},
    {"asm_exc_", "x86_64"},
    {"asm_sysvec_", "x86_64"},
    {"asm_common_interrupt", "x86_64"},
    {"ret_from_fork_asm", "x86_64"},
    {"entry_SYSCALL_compat", "x86_64"},
    {"__arm64_sys_", "aarch64"},
    {"el0_svc", "aarch64"},
    {"el0t_64_sync", "aarch64"},
    {"el1h_64_sync", "aarch64"},
    {"vector_swi", "arm"},
    {"ret_fast_syscall", "arm"},
    {"__irq_svc", "arm"},
    {"system_call_exception", "ppc64le"},
    {"system_call_common", "ppc64le"},
    {"__riscv_sys_", "riscv64"},
    {"handle_exception", ""},
    {"do_syscall_32_irqs_on", "i686"},
    {"sysenter_past_esp", "i686"},
};

constexpr Hint kReleaseEnds[] = {
    {"x86_64", "x86_64"}, {"-amd64", "x86_64"},   {"aarch64", "aarch64"},   {"-arm64", "aarch64"},
    {"-v8+", "aarch64"},  {"-rpi-v8", "aarch64"}, {"-rpi-2712", "aarch64"}, {"ppc64le", "ppc64le"},
    {"s390x", "s390x"},   {"-686", "i686"},       {"-686-pae", "i686"},     {".i686", "i686"},
    {"-armmp", "arm"},    {"-armmp-lpae", "arm"}, {"-v7+", "arm"},          {"-v7l+", "arm"},
    {"-rpi-v7", "arm"},   {"-rpi-v7l", "arm"},    {"-riscv64", "riscv64"},  {".riscv64", "riscv64"},
};

}  // namespace

std::string_view ArchFromReportLine(std::string_view line) {
  for (const Hint& h : kLineStarts) {
    if (line.starts_with(h.text)) return h.arch;
  }
  // 32-bit ARM's unwinder: "[<c000f780>] (unwind_backtrace) from [<c000d20c>] (show_stack+...)".
  if (line.size() > 14 && line.starts_with("[<") && line[10] == '>' &&
      line.find(") from [<") != std::string_view::npos) {
    return "arm";
  }
  return "";
}

std::string_view ArchFromFunction(std::string_view function) {
  for (const Hint& h : kFunctionStarts) {
    if (function.starts_with(h.text)) return h.arch;
  }
  return "";
}

std::string_view ArchFromReleaseSuffix(std::string_view release) {
  for (const Hint& h : kReleaseEnds) {
    if (release.ends_with(h.text)) return h.arch;
  }
  return "";
}

}  // namespace crashsift::events
