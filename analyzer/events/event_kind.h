// The kinds of events crashsift recognises in a kernel log.
#pragma once

#include <optional>
#include <string_view>

namespace crashsift::events {

enum class EventKind {
  kPanic,         // Kernel panic - not syncing
  kOops,          // Oops, BUG: unable to handle, NULL deref, GPF, kernel BUG at
  kWarning,       // WARNING: CPU: .. at file:line
  kAssertion,     // SPL/ZFS VERIFY/ASSERT/PANIC at file:line:func()
  kHungTask,      // INFO: task X:pid blocked for more than N seconds
  kBlockedTask,   // one D-state task of a sysrq-w / sysrq-t dump
  kSoftLockup,    // watchdog: BUG: soft lockup - CPU#n stuck
  kHardLockup,    // NMI watchdog: Watchdog detected hard LOCKUP
  kRcuStall,      // rcu: INFO: rcu_preempt (self-)detected stall
  kOom,           // Out of memory: Killed process / oom-kill
  kKasan,         // BUG: KASAN: ... (also KFENCE/KMSAN/KCSAN reports)
  kUbsan,         // UBSAN: ...
  kIoError,       // block/SCSI/libata/NVMe I/O errors and timeouts, zio pool=... error=5
  kLockdep,       // possible circular locking dependency, ...
  kMemoryLeak,    // kmemleak
  kMachineCheck,  // mce: [Hardware Error], EDAC memory controller errors
  kFsError,       // EXT4-fs error, XFS corruption/shutdown, BTRFS error/critical
  // One CPU's stack from a sysrq-l / NMI "backtrace of all active CPUs" dump
  // outside another report: a task spinning on a CPU (no crash by itself).
  kCpuBacktrace,
  // The tail of a stack (frames, "RIP:", registers, "</TASK>") with no report
  // header before it: a paste cut at its start. No crash by itself; its frames
  // still reach the signatures.
  kStackFragment,
  // A user-space fault the kernel logged: "comm[pid]: segfault at ADDR ip ...",
  // "traps: comm[pid] general protection fault ip:...". No kernel crash.
  kSegfault,
  // A one-line kernel condition that is no report but explains a problem:
  // "nf_conntrack: table full, dropping packet", "nfs: server X not
  // responding", an amdgpu ring timeout (event_headlines.cc, kNotices).
  kNotice,
  kOther,  // any other crash-like report with a title; stays last (kind count)
};

// Stable lower-case names used in JSON and signature files ("hung_task").
std::string_view ToString(EventKind kind);
std::optional<EventKind> EventKindFromString(std::string_view name);

}  // namespace crashsift::events
