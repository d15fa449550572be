#include "analyzer/events/event_headlines.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

#include "analyzer/events/device_errors.h"
#include "analyzer/events/marker_headlines.h"
#include "analyzer/events/notice_headlines.h"
#include "analyzer/events/partial_report_headlines.h"
#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

using scan::DigitsAfter;
using scan::Has;
using scan::IsDigit;
using scan::Number;
using scan::Trim;

Headline Make(LineRole role, EventKind kind, std::string_view text, uint32_t continues = 0) {
  return Headline{role, kind, continues, text};
}

// show_signal_msg() (arch/x86/mm/fault.c; arm64, powerpc and others print
// the same form): "<comm>[<pid>]: segfault at <addr> ip <ip> sp <sp> error
// <n> in <object>[<base>+<size>]". The comm has at most 15 bytes.
// do_trap()/do_general_protection() print the other user-space faults the
// same way: "traps: <comm>[<pid>] general protection ip:... error:0 in ...",
// "traps: <comm>[<pid>] trap invalid opcode ip:...".
bool IsSegfaultLine(std::string_view t) {
  std::string_view marker = "]: segfault at ";
  if (t.starts_with("traps: ")) {
    t.remove_prefix(7);
    marker = Has(t.substr(0, 40), "] general protection ") ? "] general protection " : "] trap ";
  }
  size_t close = t.substr(0, 16 + 12 + marker.size()).find(marker);  // comm, [pid]
  if (close == std::string_view::npos) return false;
  size_t open = close;
  while (open > 0 && IsDigit(t[open - 1])) --open;
  // The comm may hold brackets itself ("IPMI[sensors][7699]: segfault at 4 ...").
  return open != close && open >= 2 && t[open - 1] == '[' && open - 1 <= 16;
}

bool IsSeparator(std::string_view t) {
  if (t.size() < 20) return false;
  for (char c : t) {
    if (c != '=') return false;
  }
  return true;
}

// Block layer: blk_print_req_error() "I/O error, dev sda, sector 8 op 0x0:(READ) ..."
// (5.19+; before: "blk_update_request: I/O error, dev sda, sector 8 ..." and
// "print_req_error: I/O error, dev sda, sector 8"), "Buffer I/O error on dev sda1".
bool IsBlockError(std::string_view t) {
  if (t.starts_with("blk_update_request: ") || t.starts_with("print_req_error: ") ||
      t.starts_with("end_request: ")) {
    return Has(t, " error");
  }
  if (t.starts_with("Buffer I/O error on dev")) return true;
  size_t dev = t.find(" error, dev ");
  if (dev != std::string_view::npos && dev < 40) return true;  // "critical medium error, dev"
  return false;
}

// ata/NVMe/SCSI/ext4/XFS/Btrfs error lines (device_errors.h): one-line
// events that the splitter groups per device.
std::optional<Headline> DeviceError(std::string_view t) {
  auto d = ParseDeviceLine(t);
  if (!d || !d->error) return std::nullopt;
  return Make(LineRole::kSingleLine, d->kind, t);
}

// EDAC (drivers/edac/edac_mc.c, sb_edac.c): "EDAC MC0: 1 CE memory read error
// on ..." and "EDAC sbridge MC0: HANDLING MCE MEMORY ERROR" report a memory
// error (and continue the "mce: [Hardware Error]" lines before them); the
// other "EDAC sbridge MC0: TSC 0" lines only continue one. Boot messages
// ("EDAC MC0: Giving out device to module ...") continue nothing.
std::optional<Headline> ClassifyEdac(std::string_view t) {
  size_t mc = t.find(" MC");
  if (mc == std::string_view::npos || mc > 24) return std::nullopt;
  size_t i = mc + 3;
  size_t digits = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == digits || !t.substr(i).starts_with(": ")) return std::nullopt;
  std::string_view rest = t.substr(i + 2);
  size_t n = 0;
  while (n < rest.size() && IsDigit(rest[n])) ++n;
  std::string_view after = rest.substr(n);
  // Before 3.x's edac_mc_handle_error() rework: "EDAC MC1: CE row 1, channel 0, label ...".
  bool error = (n > 0 && (after.starts_with(" CE ") || after.starts_with(" UE "))) ||
               rest.starts_with("CE row ") || rest.starts_with("UE row ") ||
               rest.starts_with("HANDLING MCE MEMORY ERROR");
  return Make(error ? LineRole::kOpenerOrContinuation : LineRole::kContinuation,
              EventKind::kMachineCheck, t, KindBit(EventKind::kMachineCheck));
}

}  // namespace

// "VERIFY3(x == y) failed (1 == 2)", "VERIFY0(...) failed", "VERIFY(x) failed",
// "ASSERTION(x) failed" (SPL 0.6/0.7): include/os/linux/spl/sys/debug.h.
bool IsSplAssertion(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && ((t[i] >= 'A' && t[i] <= 'Z') || IsDigit(t[i]))) ++i;
  if (i < 6 || i >= t.size() || t[i] != '(') return false;
  std::string_view macro = t.substr(0, i);
  if (!macro.starts_with("VERIFY") && !macro.starts_with("ASSERT")) return false;
  return Has(t, ") failed");
}

// "SPLError: 52:0:(spl-kmem.c:1009:spl_slab_free()) ASSERTION(x) failed" -> the
// text after the location.
std::string_view SplErrorMessage(std::string_view t) {
  size_t end = t.find("()) ");
  return end == std::string_view::npos ? std::string_view() : t.substr(end + 4);
}

namespace {

// The fields after a legacy task line's state: (3.x) the saved PC or
// "running task", then free stack, pid, ppid and "0x%08lx" thread flags.
std::optional<TaskLine> ParseLegacyTaskFields(std::string_view comm, char state,
                                              std::string_view rest) {
  std::string_view fields[8];
  size_t n = 0;
  while (n < 8) {
    rest = Trim(rest);
    if (rest.empty()) break;
    size_t end = rest.find(' ');
    fields[n++] = rest.substr(0, end);
    if (end == std::string_view::npos) break;
    rest = rest.substr(end);
  }
  for (size_t i = 3; i < n; ++i) {
    if (!fields[i].starts_with("0x")) continue;
    auto pid = Number<int64_t>(fields[i - 2]);
    auto ppid = Number<int64_t>(fields[i - 1]);
    if (!Number<uint64_t>(fields[i - 3]) || !pid || !ppid ||
        fields[i - 2].size() + fields[i - 1].size() + fields[i - 3].size() > 30) {
      return std::nullopt;
    }
    TaskLine out;
    out.comm = Trim(comm);
    out.state = state;
    out.pid = pid;
    out.ppid = ppid;
    return out;
  }
  return std::nullopt;
}

// sched_show_task() before the "task:" form: "%-15.15s %c" comm and state,
// then the fields above, e.g.
//   "init            D ffff88008ad8f5b0     0  2293      1 0x00000000"  (4.4)
//   "objcopy         D    0 24916  24912 0x00000000"                  (4.14)
// A syslog that collapsed the padding ("objcopy D 0 24916 24912 0x00000000")
// has the state after the first " X " within the comm's 15 columns.
std::optional<TaskLine> ParseLegacyTaskLine(std::string_view t) {
  static constexpr std::string_view kStates = "RSDTtXZPIKWx";
  if (t.size() < 18 || t[0] == ' ') return std::nullopt;
  if (t.size() >= 26 && t[15] == ' ' && t[17] == ' ' &&
      kStates.find(t[16]) != std::string_view::npos) {
    return ParseLegacyTaskFields(t.substr(0, 15), t[16], t.substr(18));
  }
  for (size_t i = 1; i + 2 < t.size() && i < 16; ++i) {
    if (t[i] == ' ' && t[i + 2] == ' ' && kStates.find(t[i + 1]) != std::string_view::npos) {
      return ParseLegacyTaskFields(t.substr(0, i), t[i + 1], t.substr(i + 3));
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<TaskLine> ParseTaskLine(std::string_view text) {
  std::string_view t = Trim(text);
  if (!t.starts_with("task:")) return ParseLegacyTaskLine(t);
  size_t state = t.find(" state:");
  if (state == std::string_view::npos || state + 7 >= t.size()) return std::nullopt;
  TaskLine out;
  out.comm = Trim(t.substr(5, state - 5));
  out.state = t[state + 7];
  out.pid = Number<int64_t>(DigitsAfter(t, " pid:"));
  out.ppid = Number<int64_t>(DigitsAfter(t, " ppid:"));
  return out;
}

// The lines of a task dump: a sysrq/hung-task task line, show_state_filter()'s
// old column header, and the hung-task report's '"echo 0 > ..."' line.
static std::optional<Headline> ClassifyTaskDumpLine(std::string_view t) {
  switch (t.front()) {
    case ' ':
      // show_state_filter()'s column header before 4.14 ("  task   PC stack
      // pid father"): the list of (blocked) tasks follows.
      if (Trim(t).starts_with("task ") && Has(t, " pid father")) {
        return Make(LineRole::kDumpStart, EventKind::kBlockedTask, Trim(t));
      }
      return std::nullopt;
    case '"':
      // The hung-task report's third line, first in a paste that cut the two
      // before it: the report is still found, from here.
      if (t.starts_with("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"")) {
        Headline h = Make(LineRole::kOpenerOrContinuation, EventKind::kHungTask, t,
                          KindBit(EventKind::kHungTask));
        h.starts_cut = true;
        return h;
      }
      return std::nullopt;
    case 't':
      if (t.starts_with("task:") && Has(t, " state:")) {
        return Make(LineRole::kTaskLine, EventKind::kBlockedTask, t);
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

// ClassifyUnmarked for the first bytes '-' to 't'.
static std::optional<Headline> ClassifyUnmarkedRest(std::string_view t) {
  switch (t.front()) {
    case '-':
      if (t.starts_with("---[ end ")) return Make(LineRole::kEndMarker, EventKind::kOther, t);
      return std::nullopt;
    case '=':
      if (IsSeparator(Trim(t))) return Make(LineRole::kPrelude, EventKind::kOther, t);
      return std::nullopt;
    case 'V':
    case 'A':
      if (IsSplAssertion(t)) return Make(LineRole::kOpener, EventKind::kAssertion, t);
      return std::nullopt;
    case 'P':
      if (t.starts_with("PANIC at ")) {  // SPL spl_panic(): "PANIC at zap.c:441:zap_create_leaf()"
        return Make(LineRole::kOpenerOrContinuation, EventKind::kAssertion, t,
                    KindBit(EventKind::kAssertion));
      }
      // zfs_panic_recover() through SPL's vcmn_err(CE_PANIC): "PANIC: zfs: adding existent
      // segment to range tree (offset=... size=...)", then the thread's stack.
      if (t.starts_with("PANIC: zfs: ")) return Make(LineRole::kOpener, EventKind::kAssertion, t);
      return std::nullopt;
    case 'x':  // "xfs_force_shutdown(sda2,0x2) called from line 956 ..." (XFS < 2.6.35)
    case 'r':  // "raid1: Disk failure on sdc1, disabling device." (2.6)
      return DeviceError(t);
    case 'm':
      if (t.starts_with("md/raid")) return DeviceError(t);  // "md/raid1:md0: Disk failure on ..."
      if (t.starts_with("mce: [Hardware Error]")) {
        return Make(LineRole::kOpenerOrContinuation, EventKind::kMachineCheck, t,
                    KindBit(EventKind::kMachineCheck));
      }
      return std::nullopt;
    case '[':
    case '{':
      if (Has(t.substr(0, 8), "[Hardware Error]")) {
        return Make(LineRole::kOpenerOrContinuation, EventKind::kMachineCheck, t,
                    KindBit(EventKind::kMachineCheck));
      }
      return std::nullopt;
    case 'b':
    case 'p':
    case 'e':
    case 'c':
      if (IsBlockError(t)) return Make(LineRole::kSingleLine, EventKind::kIoError, t);
      return std::nullopt;
    case 'a':  // "ata1.00: exception Emask ..."
    case 'n':  // "nvme nvme0: I/O 12 QID 5 timeout, aborting"
    case 'X':  // "XFS (vda4): Metadata corruption detected at ..."
    case 'E':  // "EXT4-fs error (device sda): ...", "EDAC MC0: 1 CE ..."
      if (t.starts_with("EDAC ")) return ClassifyEdac(t);
      if (auto h = DeviceError(t)) return h;
      return std::nullopt;
    case 'z':
      // OpenZFS zio error report (zfs_ereport / zio.c): "zio pool=tank vdev=/dev/sdb1 error=5 ..."
      if (t.starts_with("zio pool=")) return Make(LineRole::kSingleLine, EventKind::kIoError, t);
      // A checksum zevent logged by zed (device_errors.h "zevent").
      if (t.starts_with("zed: eid=") && ParseDeviceLine(t)) {
        return Make(LineRole::kSingleLine, EventKind::kIoError, t);
      }
      return std::nullopt;
    case ' ':
    case '"':
    case 't':
      return ClassifyTaskDumpLine(t);
    default:
      break;
  }
  return std::nullopt;
}

// The headlines that are no report marker (report_markers.h), by their
// first byte: task dumps, I/O and device errors, machine checks, SPL
// assertions, the structural lines. `t` is not empty.
static std::optional<Headline> ClassifyUnmarked(std::string_view t) {
  switch (t.front()) {
    case 'B':
      if (t.starts_with("Buffer I/O error"))
        return Make(LineRole::kSingleLine, EventKind::kIoError, t);
      if (t.starts_with("BTRFS")) return DeviceError(t);
      return std::nullopt;
    case 's':
      if (t.starts_with("sysrq: Show Blocked State") || t.starts_with("sysrq: Show State")) {
        return Make(LineRole::kDumpStart, EventKind::kBlockedTask, t);
      }
      if (t.starts_with("sd ")) return DeviceError(t);
      return std::nullopt;
    case 'S':
      if (t.starts_with("SysRq : Show Blocked State") || t.starts_with("SysRq : Show State")) {
        return Make(LineRole::kDumpStart, EventKind::kBlockedTask, t);  // before 4.x
      }
      // SPL before 0.6.1 (spl-debug.c): "SPLError: 52:0:(spl-kmem.c:1009:spl_slab_free())
      // ASSERTION(x) failed", then "SPLError: ...) SPL PANIC", "SPL: Showing stack for process 52".
      if (t.starts_with("SPLError: ")) {
        std::string_view message = SplErrorMessage(t);
        if (IsSplAssertion(message)) return Make(LineRole::kOpener, EventKind::kAssertion, t);
        if (message.starts_with("SPL PANIC")) {
          return Make(LineRole::kOpenerOrContinuation, EventKind::kAssertion, t,
                      KindBit(EventKind::kAssertion));
        }
        return DeviceError(t);  // "SPLError: ...()) WARNING: Pool 'tank' has ..."
      }
      if (t.starts_with("Showing stack for process ") ||
          t.starts_with("SPL: Showing stack for process ")) {
        return Make(LineRole::kContinuation, EventKind::kAssertion, t,
                    KindBit(EventKind::kAssertion));
      }
      return std::nullopt;
    case 'W':
      // A "WARNING: " that is no WARN() report: "WARNING: Pool 'tank' has ...
      // been suspended.", "WARNING: the mand mount option is being deprecated".
      if (t.starts_with(kernel_log::MarkerText(kernel_log::Marker::kWarning))) {
        return DeviceError(t);
      }
      return std::nullopt;
    case 'I':
      if (t.starts_with("I/O error, dev "))
        return Make(LineRole::kSingleLine, EventKind::kIoError, t);
      if (t.starts_with("I/O error in filesystem (")) return DeviceError(t);  // XFS < 2.6.35
      return std::nullopt;
    default:
      return ClassifyUnmarkedRest(t);
  }
}

// The headlines recognised by their first bytes (ClassifyLine adds the
// mid-line patterns): a report marker of the one table, after a subsystem
// prefix ("watchdog: ") if any, else ClassifyUnmarked.
static std::optional<Headline> ClassifyByPrefix(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string_view t = text;
  // Some consoles print one blank between the caller column and the message
  // ("[    C4]  BUG: KCSAN: data-race in ..."): headlines never start with a
  // blank themselves, frames start with one but are never upper case or '='.
  if (t.size() > 2 && t[0] == ' ' && ((t[1] >= 'A' && t[1] <= 'Z') || t[1] == '=')) {
    t.remove_prefix(1);
  }
  switch (t.front()) {
    case 'C': {  // MIPS's do_page_fault(): "CPU 0 Unable to handle kernel paging request at ..."
      std::string_view rest = t.substr(std::min<size_t>(4, t.size()));
      if (!t.starts_with("CPU ") || rest.empty() || !IsDigit(rest.front())) break;
      rest = rest.substr(std::min(rest.find(' '), rest.size()));
      if (!rest.empty()) rest.remove_prefix(1);
      const kernel_log::ReportMarker& row =
          kernel_log::MarkerRow(kernel_log::Marker::kUnableToHandle);
      if (kernel_log::StartsWithRow(rest, row)) return ClassifyMarkedLine(rest);
      // sb_edac before 3.x printed the MCE itself: "CPU 6: Machine Check Exception: 0 Bank 9: ...".
      if (rest.starts_with("Machine Check Exception: ")) {
        return Make(LineRole::kOpenerOrContinuation, EventKind::kMachineCheck, t,
                    KindBit(EventKind::kMachineCheck));
      }
      break;
    }
    case 'w':    // "watchdog: BUG: soft lockup", "watchdog: Watchdog detected hard LOCKUP"
    case 'N':    // "NMI watchdog: ..." (before 4.x), "NMI backtrace for cpu 1"
    case 'r': {  // "rcu: INFO: rcu_preempt self-detected stall on CPU" (5.x+)
      const kernel_log::ReportMarker* row =
          kernel_log::MatchLineStart(t, kernel_log::kReporter | kernel_log::kHeadline);
      if (row == nullptr) return std::nullopt;
      if (row->uses & kernel_log::kHeadline) return ClassifyMarkedLine(t);
      t.remove_prefix(row->text.size());
      break;
    }
    default:
      break;
  }
  if (t.empty()) return std::nullopt;
  if (kernel_log::MayStartWithMarker(t, kernel_log::kHeadline)) {
    if (auto h = ClassifyMarkedLine(t)) return h;
  }
  return ClassifyUnmarked(t);
}

// The kAfterComm headline rows whose phrase starts with a blank or a colon
// (the byte after the comm; every row's does).
struct AfterCommRows {
  std::array<const kernel_log::ReportMarker*, 4> rows{};
  size_t count = 0;
  // Each phrase's first four bytes as one word: ": page allocation failure"
  // starts with ": ", which most lines have in their head, and a word compare
  // is cheaper than a starts_with call at each.
  std::array<uint32_t, 4> heads{};
  std::array<uint32_t, 4> head_masks{};  // the bytes of a phrase under four bytes
  size_t shortest = 0;                   // the shortest phrase's size
  AfterCommRows() {
    for (const kernel_log::ReportMarker& row : kernel_log::ReportMarkers()) {
      if (row.place != kernel_log::MarkerPlace::kAfterComm || !(row.uses & kernel_log::kHeadline) ||
          row.text.size() < 2 || (row.text[0] != ' ' && row.text[0] != ':')) {
        continue;
      }
      const size_t bytes = std::min(row.text.size(), sizeof(uint32_t));
      std::memcpy(&heads.at(count), row.text.data(), bytes);
      std::memset(&head_masks.at(count), 0xff, bytes);
      rows.at(count++) = &row;
      if (shortest == 0 || row.text.size() < shortest) shortest = row.text.size();
    }
  }
};
static const AfterCommRows kAfterComm;

// A headline that names the task first ("<comm> invoked oom-killer:"): a
// kAfterComm phrase right after the comm, at t[1..16].
static std::optional<Headline> ClassifyAfterComm(std::string_view t) {
  // The comm has at most 15 bytes (TASK_COMM_LEN), so only the line's head is
  // searched (memmem would cost more than the masks below); a line shorter
  // than a comm's first byte and the shortest phrase has no room for one.
  if (t.size() < 1 + std::max<size_t>(kAfterComm.shortest, 16)) return std::nullopt;
  // The places where a phrase's first two bytes are (one SSE2 mask a row).
  uint32_t at = 0;
  if (t.size() >= 18) {
    for (size_t r = 0; r < kAfterComm.count; ++r) {
      at |=
          scan::PairMask16(t.data() + 1, kAfterComm.rows[r]->text[0], kAfterComm.rows[r]->text[1]);
    }
  } else {
    at = scan::BlankOrColonMask16(t.data() + 1);  // 17 bytes: no 17th for the pair's second
  }
  for (; at != 0; at &= at - 1) {
    size_t k = 1 + static_cast<size_t>(__builtin_ctz(at));
    if (k + sizeof(uint32_t) > t.size()) break;
    uint32_t head;
    std::memcpy(&head, t.data() + k, sizeof(head));
    for (size_t r = 0; r < kAfterComm.count; ++r) {
      if ((head & kAfterComm.head_masks[r]) == kAfterComm.heads[r] &&
          t.substr(k).starts_with(kAfterComm.rows[r]->text)) {
        return MarkerHeadline(*kAfterComm.rows[r], scan::Trim(t));
      }
    }
  }
  return std::nullopt;
}

// die() numbers its report "[#N]" on every architecture: x86 "Oops: 0000 [#1]", s390
// "Unknown program exception: 0028 [#1]" or lowercase "illegal operation: 0001 ilc:1 [#1]",
// mips "Unhandled kernel unaligned access[#13]:" (a capital first word, or s390's " ilc:").
bool IsDieHeader(std::string_view t) {
  if (t.empty()) return false;
  size_t at = scan::FindPairByRareSecond(t.substr(0, 112), '[', '#');  // before the " ilc:" scan
  if (at == std::string_view::npos || at == 0) return false;
  const bool capital = t.front() >= 'A' && t.front() <= 'Z';
  if (!capital && t.substr(0, 112).find(" ilc:") == std::string_view::npos) return false;
  size_t i = at + 2;
  size_t digits = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i > digits && i < t.size() && t[i] == ']';
}

std::optional<Headline> ClassifyLine(std::string_view text) {
  if (auto h = ClassifyByPrefix(text)) return h;
  if (auto h = ClassifyNotice(text)) return h;
  if (auto h = ClassifyPartialReport(text)) return h;
  if (IsDieHeader(text)) {
    return Make(LineRole::kOpenerOrContinuation, EventKind::kOops, text, kOopsLikeKinds);
  }
  std::string_view t = text;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  if (IsSegfaultLine(t)) return Make(LineRole::kSingleLine, EventKind::kSegfault, scan::Trim(t));
  // Headlines that name the task first, with any first byte.
  if (auto h = ClassifyAfterComm(t)) return h;
  return std::nullopt;
}

}  // namespace crashsift::events
