#include "analyzer/events/report_lines.h"

#include <algorithm>

#include "analyzer/core/text.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/events/task_context.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

using text::IsDigit;
using text::IsHexDigit;
using text::TrimLeft;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

// A register dump line: "RAX: ffff...", "R08: 0", "FS:  0000", "CR2: ...",
// "PKRU: 55555554", arm64 "x29: ffff..." / "sp : ffff...", "Code: 48 89 ...".
// riscv's show_regs(): "epc : ffffffff8009ab24 ra : ...", " a2 : ffffffc83f8f3a18 a3 : ...",
// "s10: 0000000000000003 s11: ...", "status: 0000000200000120 badaddr: ... cause: ...".
// A lowercase name of 1-3 characters (or "status"), ": ", 16 hex digits.
bool IsRiscvRegisterLine(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && i < 6 && ((t[i] >= 'a' && t[i] <= 'z') || IsDigit(t[i]))) ++i;
  if (i == 0 || t[0] < 'a' || t[0] > 'z' || (i > 3 && t.substr(0, i) != "status")) return false;
  if (i < t.size() && t[i] == ' ') ++i;
  if (i + 18 > t.size() || t[i] != ':' || t[i + 1] != ' ') return false;
  for (size_t k = i + 2; k < i + 18; ++k) {
    if (!IsHexDigit(t[k])) return false;
  }
  return i + 18 == t.size() || t[i + 18] == ' ';
}

// MIPS's show_regs(): "$ 0   : 0000000000000000 ...", "$12   : ...", then
// "Hi    : 0000...", "epc   : 80150d00 func+0x..", "Status: 1100fc03",
// "Cause : 00800008", "BadVA : 00000090", "PrId  : 00019374 (MIPS 24Kc)".
// A name, blanks, ": " and at least four hex digits.
bool IsMipsRegisterLine(std::string_view t) {
  static constexpr std::string_view kNames[] = {"Hi",     "Lo",    "epc",   "ra",
                                                "Status", "Cause", "BadVA", "PrId"};
  size_t i = 0;
  if (t.starts_with('$')) {
    i = 1;
    while (i < t.size() && t[i] == ' ') ++i;
    size_t digits = i;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == digits || i - digits > 2) return false;
  } else {
    bool named = false;
    for (std::string_view name : kNames) {
      if (t.starts_with(name) && t.size() > name.size() &&
          (t[name.size()] == ' ' || t[name.size()] == ':')) {
        i = name.size();
        named = true;
        break;
      }
    }
    if (!named) return false;
  }
  while (i < t.size() && t[i] == ' ') ++i;
  if (i + 1 >= t.size() || t[i] != ':' || t[i + 1] != ' ') return false;
  i += 2;
  size_t hex = 0;
  while (i + hex < t.size() && IsHexDigit(t[i + hex])) ++hex;
  return hex >= 4;
}

bool IsRegisterLine(std::string_view t) {
  t = TrimLeft(t);
  if (IsMipsRegisterLine(t)) return true;
  if (t.starts_with("Code: ") || t.starts_with("RIP: ") || t.starts_with("EIP: ") ||
      t.starts_with("pc : ") || t.starts_with("lr : ") || t.starts_with("sp : ") ||
      t.starts_with("pstate: ")) {
    return true;
  }
  if (IsRiscvRegisterLine(t)) return true;
  size_t i = 0;
  if (!t.empty() && t[0] == 'x') {  // arm64 x0..x30
    i = 1;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == 1) return false;
  } else {
    if (t.empty() || !IsUpper(t[0])) return false;
    while (i < t.size() && i < 6 && (IsUpper(t[i]) || IsDigit(t[i]))) ++i;
    if (i < 2) return false;
  }
  if (i + 1 >= t.size() || t[i] != ':' || t[i + 1] != ' ') return false;
  // The value: at least four hex digits ("LAB: D-state ..." is not a register).
  i += 2;
  while (i < t.size() && t[i] == ' ') ++i;
  size_t hex = 0;
  while (i + hex < t.size() && IsHexDigit(t[i + hex])) ++hex;
  return hex >= 4;
}

// A memory dump row: "7fa0: 00000018 00000001 ..." (ARM stack), "ffff888069a0f100:
// fa fb fb fb" (KASAN shadow): an address of 4+ hex digits, ':' and a blank.
bool IsHexDumpRow(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && i < 17 && IsHexDigit(t[i])) ++i;
  return i >= 4 && i + 1 < t.size() && t[i] == ':' && t[i + 1] == ' ';
}

// A row of the memory ARM prints under "Stack: (0x... to 0x...)" and around
// each register ("SP: 0xd983be78:"): "de00: b860de74 b860de10 ..." or
// "bb40  086ced44 ffffff80 ..." — the low 16 bits of the address, then eight
// 32-bit words (four or more, as pastes cut rows short).
bool IsStackMemoryRow(std::string_view t) {
  if (t.size() < 6) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsHexDigit(t[i])) return false;
  }
  size_t i = 4;
  if (t[i] == ':') ++i;
  if (t[i] != ' ') return false;
  size_t words = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    size_t hex = 0;
    while (i + hex < t.size() && IsHexDigit(t[i + hex])) ++hex;
    if (hex == 0 && i == t.size()) break;
    if (hex != 8 || (i + hex < t.size() && t[i + hex] != ' ')) return false;
    ++words;
    i += hex;
  }
  return words >= 4 && words <= 8;
}

// x86's raw stack words under "Stack:" (before 4.9) and under a hung task's
// D-state line (before 3.x): " 0000000000000000 000000000000006a
// ffffffff81014e60 ffffc90040cafe70" — three to eight words of 16 hex digits
// (8 on i386), no address column.
bool IsStackWordsRow(std::string_view t) {
  size_t words = 0, width = 0, i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    size_t hex = 0;
    while (i + hex < t.size() && IsHexDigit(t[i + hex])) ++hex;
    if (hex == 0 && i == t.size()) break;
    if ((hex != 8 && hex != 16) || (width != 0 && hex != width)) return false;
    if (i + hex < t.size() && t[i + hex] != ' ') return false;
    width = hex;
    ++words;
    i += hex;
  }
  return words >= 3 && words <= 8;
}

// The header of one such block: "SP: 0xd983be78:", "X19: 0xfffffffffffffd7b:".
bool IsRegisterMemoryHeader(std::string_view t) {
  // The colon is at most 4 bytes in: search only there (every line comes here).
  if (!t.ends_with(':')) return false;
  size_t colon = t.substr(0, 8).find(": 0x");
  if (colon == std::string_view::npos || colon == 0 || colon > 4) return false;
  for (size_t i = 0; i < colon; ++i) {
    if ((t[i] < 'A' || t[i] > 'Z') && !IsDigit(t[i])) return false;
  }
  std::string_view hex = t.substr(colon + 4, t.size() - colon - 5);
  return hex.size() >= 8 && hex.size() <= 16 &&
         std::all_of(hex.begin(), hex.end(), [](char c) { return IsHexDigit(c); });
}

// Lines that belong to a report although they are neither frames nor
// headlines: the context line, hardware, trace headers, page-fault details...
bool IsReportLine(std::string_view text) {
  std::string_view t = TrimLeft(text);
  static constexpr std::string_view kPrefixes[] = {
      "CPU: ",
      "Pid: ",
      "Hardware name:",
      "Call Trace:",
      "Call trace:",
      "Modules linked in:",
      "#PF: ",
      "PGD ",
      "Workqueue: ",
      "Stack:",
      "Tainted: ",
      "Not tainted",
      "Kernel Offset:",
      "Rebooting in",
      "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"",
      "Sending NMI",
      "irq event stamp:",
      "hardirqs last",
      "softirqs last",
      "Mem abort info:",
      "ESR = ",
      "EC = ",
      "SET = ",
      "FnV = ",
      "EA = ",
      "S1PTW = ",
      "FSC = ",
      "Data abort info:",
      "ISV = ",
      "CM = ",
      "WnR = ",
      "user pgtable:",
      "Instruction dump:",
      "stack backtrace:",
      "backtrace:",
      "backtrace (crc",
      "Kdump: ",
      "Shutting down cpus",
      "Dumping ftrace",
      "Fixing recursive fault",
      "task:",
      "KASAN: ",
      "Showing stack",
      "Backtrace:",
      "CR2: ",
      "---[ ",
      "ORIG_",
      "Allocated by task",
      "Freed by task",
      "comm \"",
      "hex dump",
      "Last potentially related",
      "Second to last",
      "The buggy address",
      "Memory state around",
      "other info that might help",
      "SPL: Dumping log to",
      "Exception stack(",
      // s390's show_regs() and its breaking-event register.
      "Krnl PSW",
      "Krnl GPRS",
      "Krnl Code",
      "Last Breaking-Event-Address",
  };
  for (std::string_view p : kPrefixes) {
    if (t.starts_with(p)) return true;
  }
  if (kernel_log::MayStartWithMarker(t, kernel_log::kInReport) &&
      kernel_log::MatchLineStart(t, kernel_log::kInReport)) {
    return true;
  }
  return IsRegisterLine(t) || IsHexDumpRow(t) || IsStackWordsRow(t);
}

// A line of a stack or register dump that no report header opened: a paste
// cut at its start ("? io_schedule+0x5b/0x74", "[<c000f780>] (unwind_backtrace)
// from ...", "Call Trace:", "RIP: 0033:...", "RAX: ...", "</TASK>", or the
// "CPU: N PID: N Comm: x" line of a report whose first line was cut).
bool IsOrphanStackLine(std::string_view text) {
  std::string_view t = TrimLeft(text);
  if (t.empty()) return false;
  if (t.find("+0x") != std::string_view::npos && ParseStackFrame(text)) return true;
  // decode_stacktrace.sh's "vfs_get_tree (fs/super.c:1712)": no offset, a source line.
  if (std::string_view u = text::TrimRight(t, text::kBlanks);
      u.ends_with(')') && u.find(" (") != std::string_view::npos &&
      (u.find(".c:") != std::string_view::npos || u.find(".h:") != std::string_view::npos ||
       u.find(".S:") != std::string_view::npos) &&
      ParseStackFrame(text)) {
    return true;
  }
  if (t.front() == '<' || t.front() == 'C') {
    if (ParseContextMarker(t)) return true;
    if (t.starts_with("Call Trace:") || t.starts_with("Call trace:")) return true;
    if (t.starts_with("CPU: ") && ParseTaskContext(t)) return true;
  }
  if (t.starts_with("RIP: ") || t.starts_with("EIP: ") || t.starts_with("pc : ")) return true;
  // A report's own trailer lines, when a paste kept only them: its module list, its code bytes
  // ("Code: d343ff82 d2dffa01 ...", "Code: 0a 00 ... <48> ..."), its end marker.
  if (t.starts_with("Modules linked in:") || t.starts_with("---[ end trace ")) return true;
  if (t.starts_with("Code: ") && t.size() > 8 && IsHexDigit(t[6]) && IsHexDigit(t[7])) return true;
  // Both rows start with a hex digit (no blank: t is trimmed).
  if (IsHexDigit(t.front()) && (IsStackMemoryRow(t) || IsStackWordsRow(t))) return true;
  if (IsRegisterMemoryHeader(t)) return true;
  // A register row: "RAX: 0000000000000000 RBX: ...", "x29: ffff8000...": the
  // value is 8+ hex digits (other "ABC: " messages are words, "ACPI: Added").
  // The value is checked first: every register line has a ": ", and most
  // lines fail there, before IsRegisterLine's prefix tests.
  const size_t colon = t.find(": ");
  if (colon == std::string_view::npos) return false;
  size_t value = colon + 2;
  while (value < t.size() && t[value] == ' ') ++value;
  size_t hex = 0;
  while (value + hex < t.size() && IsHexDigit(t[value + hex])) ++hex;
  size_t end = value + hex;
  if (hex < 8 || (end != t.size() && t[end] != ' ' && t[end] != '(')) return false;
  return IsRegisterLine(t) && !t.starts_with("Code: ");
}

// What may follow the end of a report's stack ("</TASK>") and still belong
// to it; a new CPU:/Call Trace: there starts something else (sysrq-l).
bool IsReportTrailer(std::string_view t) {
  static constexpr std::string_view kPrefixes[] = {
      "Modules linked in:", "---[ ",          "Kernel Offset:", "Rebooting in", "Sending NMI",
      "Shutting down cpus", "Dumping ftrace", "CR2: ",
  };
  for (std::string_view p : kPrefixes) {
    if (t.starts_with(p)) return true;
  }
  return false;
}

}  // namespace crashsift::events
