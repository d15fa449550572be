#include "analyzer/events/arch_hints.h"

#include "analyzer/kernel_log/report_markers.h"
namespace crashsift::events {
namespace {

struct Hint {
  std::string_view text;
  std::string_view arch;
};

// Line starts (after the indent). Order: the first that matches wins.
constexpr Hint kLineStarts[] = {
    {"RIP: ", "x86_64"},
    {"#PF: ", "x86_64"},                   // x86's page fault decode (5.x+)
    {"mce: [Hardware Error]:", "x86_64"},  // arch/x86/kernel/cpu/mce
    {"IP: [<ffffffff", "x86_64"},          // x86_64 before 4.10
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
    {"Faulting instruction address: 0xc000", "ppc64le"},
    {"radix-mmu: ", "ppc64le"},
    {"dt-cpu-ftrs: ", "ppc64le"},
    {"status: ", "riscv64"},
    {"$ 0   :", "mips"},
    {"x29: ", "aarch64"},
    {"Mem abort info:", "aarch64"},  // arch/arm64/mm/fault.c mem_abort_decode()
    {"ESR = 0x", "aarch64"},
    {"pstate: ", "aarch64"},
    {"lr : ", "aarch64"},

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
    {"do_trap_ecall_", "riscv64"},  // arch/riscv/kernel/traps.c
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

bool IsHex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The memory dump that 32-bit ARM (and arm64 before 4.x) print around each
// register: "SP: 0xd983be78:", "X19: 0xffffffc03a87bb80:".
std::string_view ArchFromRegisterMemoryHeader(std::string_view line) {
  size_t colon = line.find(": 0x");
  if (colon < 2 || colon > 3 || !line.ends_with(':')) return "";
  for (char c : line.substr(0, colon)) {
    if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) return "";
  }
  std::string_view value = line.substr(colon + 4, line.size() - colon - 5);
  if (!IsHex(value)) return "";
  if (value.size() == 8) return "arm";
  return value.size() == 16 ? "aarch64" : "";
}

// The exception PC line. MIPS: "epc   : 80150d00 __ip_route_output_key+0x28c/0x105c"
// (address, then symbol); RISC-V: "epc : ffffffff8007dbb0 ra : ffffffff80ed8120 sp : ..."
// or "epc : kmem_cache_alloc+0x246/0x570" (5.x+). Told apart by what follows the
// address, not by the blanks, which a web form may collapse.
std::string_view ArchFromEpc(std::string_view line) {
  if (!line.starts_with("epc")) return "";
  size_t i = line.find_first_not_of(' ', 3);
  if (i == std::string_view::npos || line[i] != ':') return "";
  i = line.find_first_not_of(' ', i + 1);
  if (i == std::string_view::npos) return "";
  size_t end = line.find(' ', i);
  std::string_view first = line.substr(i, end == std::string_view::npos ? end : end - i);
  if (!IsHex(first)) return "riscv64";  // a symbol
  if (end == std::string_view::npos) return "";
  std::string_view rest = line.substr(line.find_first_not_of(' ', end) == std::string_view::npos
                                          ? line.size()
                                          : line.find_first_not_of(' ', end));
  if (rest.starts_with("ra")) return "riscv64";
  return rest.empty() ? "" : "mips";
}

// "pc : [<c0123456>] lr : [<...>] psr: 20000013" (32-bit ARM) and, with
// 16 hex digits and "pstate:", arm64 before 4.15.
std::string_view ArchFromBracketedPc(std::string_view line) {
  if (!line.starts_with("pc : [<")) return "";
  size_t close = line.find(">]", 7);
  if (close == std::string_view::npos) return "";
  return close - 7 == 16 ? "aarch64" : "arm";
}

// 32-bit ARM's show_pte() (arch/arm/mm/fault.c) names the hardware PTE:
// "[fffffff4] *pgd=0fffe821, *pte=00000000, *ppte=00000000".
std::string_view ArchFromPteWalk(std::string_view line) {
  return line.starts_with('[') && line.find("*pgd=") != std::string_view::npos &&
                 line.find(", *ppte=") != std::string_view::npos
             ? "arm"
             : "";
}

// MIPS's show_stacktrace() (arch/mips/kernel/traps.c) prints "Stack : " then
// the words; 32-bit words are MIPS32's (LoongArch, which copied the format,
// and MIPS64 print 16 hex digits: no hint then).
std::string_view ArchFromStackWords(std::string_view line) {
  if (!line.starts_with("Stack : ")) return "";
  std::string_view word = line.substr(8, line.find(' ', 8) - 8);
  return word.size() == 8 && IsHex(word) ? "mips" : "";
}

// The machine that oops banners name: "Internal error: Oops:
// 5 [#1] SMP ARM" (arch/arm/kernel/traps.c), "SMP NR_CPUS=2048 NUMA PowerNV"
// (powerpc's die(), its platform name).
std::string_view ArchFromBannerEnd(std::string_view line) {
  if (line.starts_with(kernel_log::MarkerText(kernel_log::Marker::kInternalError)) &&
      (line.ends_with(" ARM") || line.ends_with(" THUMB2")))
    return "arm";
  if (line.find(" [#") != std::string_view::npos &&
      (line.ends_with(" PTI") || line.ends_with(" NOPTI"))) {
    return "x86_64";  // page table isolation: x86's __die_header
  }
  // powerpc's die(): "Oops: Kernel access of bad area, sig: 11 [#1]",
  // "Oops: Machine check, sig: 7 [#1]".
  if (line.starts_with(kernel_log::MarkerText(kernel_log::Marker::kOops)) &&
      line.find(", sig: ") != std::string_view::npos) {
    return "ppc64le";
  }
  if (line.find("NR_CPUS=") != std::string_view::npos &&
      (line.ends_with(" PowerNV") || line.ends_with(" pSeries"))) {
    return "ppc64le";
  }
  return "";
}

// x86's report of a user-space fault (arch/x86/mm/fault.c show_signal_msg,
// arch/x86/kernel/traps.c): "comm[1]: segfault at 20 ip 00007fb08de46490 sp
// ... error 4 in lib.so", "traps: comm[1] general protection fault ip:7f..
// sp:7f.. error:0 in lib.so". 16 hex digits for x86_64, 8 for i386.
std::string_view ArchFromUserFault(std::string_view line) {
  size_t at = line.find(": segfault at ");
  std::string_view ip;
  if (at != std::string_view::npos && line.find(" error ", at) != std::string_view::npos) {
    size_t i = line.find(" ip ", at);
    if (i != std::string_view::npos) ip = line.substr(i + 4);
  } else if (line.starts_with("traps: ")) {
    size_t i = line.find(" ip:");
    if (i != std::string_view::npos) ip = line.substr(i + 4);
  }
  ip = ip.substr(0, ip.find(' '));
  if (!IsHex(ip)) return "";
  if (ip.size() == 16) return "x86_64";
  return ip.size() == 8 ? "i686" : "";
}

// Modules that only x86 builds: CPU-specific crypto, vendor
// virtualization, chipset and thermal drivers, Intel graphics.
constexpr std::string_view kX86Modules[] = {
    "kvm_intel",
    "kvm_amd",
    "crc32c_intel",
    "crc32_pclmul",
    "aesni_intel",
    "aes_x86_64",
    "ghash_clmulni_intel",
    "crct10dif_pclmul",
    "sha1_ssse3",
    "sha256_ssse3",
    "sha512_ssse3",
    "intel_rapl",
    "intel_rapl_msr",
    "intel_rapl_common",
    "x86_pkg_temp_thermal",
    "intel_powerclamp",
    "coretemp",
    "k10temp",
    "edac_mce_amd",
    "i915",
    "i2c_piix4",
    "iTCO_wdt",
    "lpc_ich",
    "mei_me",
    "intel_cstate",
    "intel_uncore",
    "vboxdrv",
    "sp5100_tco",
    "amd64_edac",
    "amd64_edac_mod",
    "sb_edac",
    "skx_edac",
    "intel_pmc_core",
    "snd_hda_intel",
    "msr",
};

}  // namespace

std::string_view ArchFromReportLine(std::string_view line) {
  // Before the table's "pc : " (arm64's 4.15+ form).
  if (std::string_view arch = ArchFromBracketedPc(line); !arch.empty()) return arch;
  for (const Hint& h : kLineStarts) {
    if (line.starts_with(h.text)) return h.arch;
  }
  if (std::string_view arch = ArchFromRegisterMemoryHeader(line); !arch.empty()) return arch;
  if (std::string_view arch = ArchFromBannerEnd(line); !arch.empty()) return arch;
  if (std::string_view arch = ArchFromStackWords(line); !arch.empty()) return arch;
  if (std::string_view arch = ArchFromEpc(line); !arch.empty()) return arch;
  if (std::string_view arch = ArchFromPteWalk(line); !arch.empty()) return arch;
  if (std::string_view arch = ArchFromUserFault(line); !arch.empty()) return arch;
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

ArchHint ArchFromMemoryRow(std::string_view line) {
  // "de00: b860de74 b860de10 ...": 32-bit ARM's dump_mem() and show_data()
  // rows (arm64 before 4.x printed the same rows, its addresses split in
  // halves "086ced44 ffffff80").
  if (line.size() < 15 || !IsHex(line.substr(0, 4))) return {};
  std::string_view rest = line.substr(4);
  if (rest.starts_with(':')) rest.remove_prefix(1);
  size_t words = 0;
  bool arm64 = false;
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::string_view word = rest.substr(0, rest.find(' '));
    rest.remove_prefix(word.size());
    if (word == "********") continue;  // unreadable
    if (word.size() != 8 || !IsHex(word)) return {};
    arm64 = arm64 || word == "ffffff80" || word == "ffffffc0" || word == "ffff8000";
    ++words;
  }
  if (words < 4) return {};
  return {arm64 ? "aarch64" : "arm", true};
}

ArchHint ArchFromFrame(const StackFrame& frame, std::string_view line) {
  if (std::string_view arch = ArchFromFunction(frame.function); !arch.empty()) return {arch, false};
  if (frame.address) {
    uint64_t address = *frame.address;
    // "[<ffffffff8150b4c5>]": x86_64's kernel and module text, but riscv64's
    // kernel text lies there too (and mips64's ckseg0): a weak hint.
    if ((address >> 32) == 0xffffffffu) return {"x86_64", true};
    // riscv64's kernel text before 5.13 (sv39): 0xffffffe000000000 up; arm64
    // puts its text at 0xffffff80... (39-bit VA) or 0xffff0000/0xffff8000...
    if ((address >> 36) == 0xffffffeu) return {"riscv64", true};
    // arm64's kernel text: 0xffffff8008080000 (39-bit VA), 0xffff000008080000,
    // 0xffff800008000000 (48-bit); below x86_64's, above ppc64's 0xc000...
    if ((address >> 48) == 0xffffu) return {"aarch64", true};
    // "[<8000150c>] ret_from_irq+0x0/0x4": MIPS32's KSEG0, where its kernel
    // text lies (its modules sit in KSEG2 at 0xc0..., i386's range); no
    // 3G/1G i386 or ARM kernel has text below 0xc0000000.
    if (address >= 0x80000000u && address < 0xa0000000u &&
        line.find("] (") == std::string_view::npos &&
        line.find(" from [<") == std::string_view::npos) {
      return {"mips", false};
    }
    // "[<c15a9d18>] __schedule+0x731/0x7c0": i386's kernel text (3G/1G
    // split); 32-bit ARM's frames name their function in parentheses.
    if (address >= 0xc0000000u && address <= 0xffffffffu &&
        line.find("] (") == std::string_view::npos &&
        line.find(" from [<") == std::string_view::npos) {
      return {"i686", true};
    }
  }
  // "? func+0x1/0x2": the unreliable mark of x86's unwinder (powerpc prints
  // "(unreliable)" after the frame, arm and arm64 print none).
  if (!frame.reliable && line.find("? ") != std::string_view::npos) {
    bool narrow = frame.address && *frame.address <= 0xffffffffu;
    return {narrow ? "i686" : "x86_64", true};
  }
  return {};
}

std::string_view ArchFromModule(std::string_view module) {
  for (std::string_view m : kX86Modules) {
    if (module == m) return "x86_64";
  }
  return "";
}

// 32-bit ARM's machine names for device-tree boards (arch/arm/kernel/devtree.c and the
// DT_MACHINE_START names: "Qualcomm (Flattened Device Tree)", "Generic DT based system",
// "Freescale i.MX6 Quad/DualLite (Device Tree)"); arm64 and riscv print "<model> (DT)".
constexpr Hint kHardwareNameEnds[] = {
    {"(Flattened Device Tree)", "arm"},
    {"(Device Tree)", "arm"},
    {"Generic DT based system", "arm"},
};

std::string_view ArchFromHardwareName(std::string_view hardware) {
  for (const Hint& h : kHardwareNameEnds) {
    if (hardware.ends_with(h.text)) return h.arch;
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
