#include "analyzer/kernel_log/report_markers.h"

#include <array>

namespace crashsift::kernel_log {
namespace {

using enum Marker;
using enum MarkerRole;
using enum MarkerContinues;
constexpr MarkerPlace kStart = MarkerPlace::kLineStart;
constexpr MarkerPlace kAfterComm = MarkerPlace::kAfterComm;

// Rows with the same first byte are tried in this order: a longer or a
// stricter marker before the one it starts with.
constexpr ReportMarker kRows[] = {
    // id, text, place, uses, kind, role, continues, needs
    {kPanic, "Kernel panic - not syncing", kStart,
     kStartsReport | kPanicCpu | kHeadline | kAfterOops, "panic", kOpener, kNothing, ""},
    {kBug, "BUG: ", kStart, kStartsReport | kPanicCpu | kHeadline, "other", kOpener, kNothing, ""},
    // SLUB debug's slab_bug(): "BUG kmalloc-8 (Tainted: G    B   ): Object already free".
    {kSlubBug, "BUG ", kStart, kHeadline, "other", kOpener, kNothing, "): "},
    // The x86 decompressor's last line before the kernel starts
    // (arch/x86/boot/compressed/misc.c); syzkaller reads it as a reboot.
    {kBootingKernel, "Booting the kernel", kStart, kStartsReport, "", kNone, kNothing, ""},
    // 6.9+ prefixes the trap name: "Oops: general protection fault, ...".
    {kOops, "Oops: ", kStart, kPanicCpu | kHeadline, "oops", kOpenerOrContinues, kOopsLike, ""},
    {kOopsWord, "Oops", kStart, kStartsReport, "", kNone, kNothing, ""},
    {kOutOfMemory, "Out of memory", kStart, kHeadline, "oom", kEndsContinuation, kSameKind, ""},
    {kGeneralProtection, "general protection fault", kStart, kStartsReport | kHeadline, "oops",
     kOpenerOrContinues, kSameKind, ""},
    {kKernelBugAt, "kernel BUG at ", kStart, kStartsReport | kHeadline, "oops", kOpenerOrContinues,
     kSameKind, ""},
    // kmem_cache_destroy() before 4.x: a module unloaded with objects left.
    {kKmemCacheDestroy, "kmem_cache_destroy ", kStart, kStartsReport | kHeadline, "other", kOpener,
     kNothing, "Slab cache still has objects"},
    {kKmemleak, "kmemleak: ", kStart, kHeadline, "memory_leak", kOpener, kNothing,
     "suspected memory leak"},
    {kInvalidOpcode, "invalid opcode: ", kStart, kHeadline, "oops", kOpenerOrContinues, kOopsLike,
     ""},
    {kDivideError, "divide error: ", kStart, kHeadline, "oops", kOpenerOrContinues, kOopsLike, ""},
    {kDivideErrorOld, "divide_error: ", kStart, kHeadline, "oops", kOpenerOrContinues, kOopsLike,
     ""},  // before 4.x
    // 6.x: a general protection fault on a segment load.
    {kSegmentProtection, "segment-related general protection fault", kStart, kHeadline, "oops",
     kOpener, kNothing, ""},
    {kStackSegment, "stack segment: ", kStart, kHeadline, "oops", kOpenerOrContinues, kOopsLike,
     ""},
    {kUbsan, "UBSAN: ", kStart, kStartsReport | kHeadline, "ubsan", kOpener, kNothing, ""},
    {kUnableToHandle, "Unable to handle kernel ", kStart, kStartsReport | kHeadline | kInReport,
     "oops", kOpener, kNothing, ""},  // arm64, arm
    // 32-bit ARM do_DataAbort() before die(): "Unhandled fault: external abort on non-linefetch
    // (0x008) at 0xc09f1014" (arch/arm/mm/fault.c); only the bus errors, whose fault line is the
    // only one that names them ("Internal error: : 8 [#1]" follows).
    {kUnhandledFault, "Unhandled fault: ", kStart, kStartsReport | kHeadline | kInReport, "oops",
     kOpener, kNothing, "external abort"},
    // arm64 do_mem_abort() as 4.14 printed it: "Synchronous External Abort: synchronous external
    // abort (0x96000210) at 0xffff000009cad014" (arch/arm64/mm/fault.c); later kernels print
    // die()'s "Internal error: synchronous external abort: ..." alone.
    {kSyncExternalAbort, "Synchronous External Abort: ", kStart,
     kStartsReport | kHeadline | kInReport, "oops", kOpener, kNothing, ""},
    // Any "WARNING: " is a headline only when events/ finds a WARN() or a
    // lockdep report in it. The text reader takes the forms WARN() printed
    // since 3.x and before, lockdep's and RCU's, not any "WARNING: ":
    // user-space binaries dumped on a console hold such strings.
    {kWarning, "WARNING: ", kStart, kHeadline, "warning", kOpener, kNothing, ""},
    {kWarnCpu, "WARNING: CPU: ", kStart, kStartsReport, "", kNone, kNothing, ""},
    {kWarnAt, "WARNING: at ", kStart, kStartsReport, "", kNone, kNothing, ""},
    {kWarnPossible, "WARNING: possible ", kStart, kStartsReport, "", kNone, kNothing, ""},
    {kWarnSuspiciousRcu, "WARNING: suspicious RCU usage", kStart, kStartsReport, "", kNone,
     kNothing, ""},
    {kHardLockup, "Watchdog detected hard LOCKUP", kStart, kHeadline, "hard_lockup", kOpener,
     kNothing, ""},
    // "blocked for more than 120 seconds", 6.15+: "blocked in I/O wait for more than".
    {kInfoTask, "INFO: task ", kStart, kHeadline, "hung_task", kOpener, kNothing,
     " for more than "},
    {kInfoRcu, "INFO: rcu", kStart, kHeadline, "rcu_stall", kOpener, kNothing, "stall"},
    // Any "INFO: " starts a pasted report; a headline when lockdep's.
    {kInfo, "INFO: ", kStart, kStartsReport | kHeadline, "lockdep", kOpener, kNothing, ""},
    // Lockdep's note inside another report: no report of its own.
    {kLockdepOff, "INFO: lockdep is turned off", kStart, kInReport, "", kNone, kNothing, ""},
    {kInternalError, "Internal error: ", kStart, kHeadline, "oops", kOpenerOrContinues, kOopsLike,
     ""},  // arm64 die()
    {kCutHere, "------------[ cut here ]", kStart, kStartsReport | kHeadline, "other", kPrelude,
     kNothing, ""},
    {kDoubleFault, "PANIC: double fault", kStart, kHeadline, "oops", kOpener, kNothing, ""},
    // A leaked netdev reference.
    {kUnregisterNetdev, "unregister_netdevice: waiting for ", kStart, kHeadline, "other", kOpener,
     kNothing, ""},
    {kUnreferencedObject, "unreferenced object 0x", kStart, kHeadline, "memory_leak",
     kOpenerOrContinues, kSameKind, ""},
    {kMemcgOom, "Memory cgroup out of memory", kStart, kHeadline, "oom", kEndsContinuation,
     kSameKind, ""},
    {kOomKill, "oom-kill:", kStart, kHeadline, "oom", kOpenerOrContinues, kSameKind, ""},
    // Lockdep before 4.15 framed its title: "[ INFO: possible circular
    // locking dependency detected ]", "[ BUG: bad unlock balance detected! ]".
    {kFramedInfo, "[ INFO: ", kStart, kHeadline, "lockdep", kOpener, kNothing, ""},
    {kFramedBug, "[ BUG: ", kStart, kHeadline, "lockdep", kOpener, kNothing, ""},
    // One CPU of a sysrq-l / all-CPU backtrace; the splitter keeps it in an
    // open lockup/stall/panic report.
    {kNmiBacktrace, "NMI backtrace for cpu ", kStart, kHeadline | kInReport, "cpu_backtrace",
     kOpener, kNothing, ""},
    {kWatchdogBug, "watchdog: BUG: ", kStart, kStartsReport, "", kNone, kNothing, ""},
    {kRcuInfo, "rcu: INFO: ", kStart, kStartsReport, "", kNone, kNothing, ""},
    // Subsystem prefixes events/ removes before a headline: "watchdog: BUG:
    // soft lockup", "NMI watchdog: ..." (before 4.x), "rcu: INFO: rcu_preempt
    // self-detected stall on CPU" (5.x+).
    {kWatchdogReporter, "watchdog: ", kStart, kReporter, "", kNone, kNothing, ""},
    {kNmiWatchdogReporter, "NMI watchdog: ", kStart, kReporter, "", kNone, kNothing, ""},
    {kRcuReporter, "rcu: ", kStart, kReporter, "", kNone, kNothing, ""},
    // dev_watchdog()'s WARN_ONCE text up to 6.6 (net/sched/sch_generic.c): "NETDEV WATCHDOG: eth0
    // (r8169): transmit queue 0 timed out"; it opens the warning when a paste cut the WARNING line
    // above it. 6.7+ prints "NETDEV WATCHDOG: CPU: 3: ..." once, no WARN (a notice).
    {kNetdevWatchdog, "NETDEV WATCHDOG: ", kStart, kHeadline, "warning", kOpenerOrContinues,
     kSameKind, "): transmit queue "},
    // The OOM killer's victim line on its own (mm/oom_kill.c __oom_kill_process(), 4.x: "Killed
    // process 799153 (node), UID 1000, total-vm:606096kB, ..."): it continues the OOM report
    // that chose it, or is the report when a paste kept only these lines.
    {kKilledProcess, "Killed process ", kStart, kHeadline, "oom", kOpenerOrContinues, kSameKind,
     "total-vm:"},
    // Headlines that name the task first: "<comm> invoked oom-killer:
    // gfp_mask=...", warn_alloc()'s "<comm>: page allocation failure:
    // order:N, mode:..." (mm/page_alloc.c; "failure. order:N" before 3.x).
    {kOomInvoked, " invoked oom-killer:", kAfterComm, kStartsReport | kHeadline, "oom", kOpener,
     kNothing, ""},
    {kPageAllocationFailure, ": page allocation failure", kAfterComm, kStartsReport | kHeadline,
     "warning", kOpener, kNothing, ""},
};

constexpr bool RowsInIdOrder() {
  if (std::size(kRows) != static_cast<size_t>(kCount)) return false;
  for (size_t i = 0; i < std::size(kRows); ++i) {
    if (static_cast<size_t>(kRows[i].id) != i) return false;
  }
  return true;
}
static_assert(RowsInIdOrder(), "one row per Marker, in the enum's order");

// The kLineStart rows by first byte, compiled with the table: the uses of
// all of a byte's rows, so a line whose first byte starts no row of the
// wanted uses costs one table read.
struct FirstByteRows {
  uint8_t uses = 0;
  uint8_t count = 0;
  std::array<uint8_t, 8> rows{};
};

constexpr std::array<FirstByteRows, 256> IndexByFirstByte() {
  std::array<FirstByteRows, 256> index{};
  for (size_t i = 0; i < std::size(kRows); ++i) {
    if (kRows[i].place != MarkerPlace::kLineStart) continue;
    FirstByteRows& slot = index[static_cast<unsigned char>(kRows[i].text.front())];
    slot.uses |= kRows[i].uses;
    slot.rows.at(slot.count++) = static_cast<uint8_t>(i);  // more than 8: no constant
  }
  return index;
}
constexpr std::array<FirstByteRows, 256> kIndex = IndexByFirstByte();

constexpr std::array<uint8_t, 256> UsesByFirstByte() {
  std::array<uint8_t, 256> uses{};
  for (size_t c = 0; c < uses.size(); ++c) uses[c] = kIndex[c].uses;
  return uses;
}

}  // namespace

const std::array<uint8_t, 256> kMarkerUsesByFirstByte = UsesByFirstByte();

std::span<const ReportMarker> ReportMarkers() { return kRows; }

const ReportMarker& MarkerRow(Marker id) { return kRows[static_cast<size_t>(id)]; }

bool StartsWithRow(std::string_view line, const ReportMarker& row) {
  return line.starts_with(row.text) &&
         (row.needs.empty() || line.find(row.needs) != std::string_view::npos);
}

const ReportMarker* MatchLineStart(std::string_view line, uint8_t uses_mask,
                                   const ReportMarker* after) {
  if (line.size() < 2) return nullptr;
  const FirstByteRows& slot = kIndex[static_cast<unsigned char>(line.front())];
  if (!(slot.uses & uses_mask)) return nullptr;
  for (size_t k = 0; k < slot.count; ++k) {
    const ReportMarker& row = kRows[slot.rows[k]];
    if (after != nullptr && &row <= after) continue;
    // The second byte before a call to memcmp: most lines differ there.
    if ((row.uses & uses_mask) && line[1] == row.text[1] && StartsWithRow(line, row)) return &row;
  }
  return nullptr;
}

const ReportMarker* MatchAfterFirstWord(std::string_view line, uint8_t uses_mask) {
  size_t word = line.find_first_of(" :");
  if (word == 0 || word == std::string_view::npos || word > 64) return nullptr;
  std::string_view rest = line.substr(word);
  for (const ReportMarker& row : kRows) {
    if (row.place == MarkerPlace::kAfterComm && (row.uses & uses_mask) &&
        StartsWithRow(rest, row)) {
      return &row;
    }
  }
  return nullptr;
}

}  // namespace crashsift::kernel_log
