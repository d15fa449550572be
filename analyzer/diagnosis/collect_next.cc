#include "analyzer/diagnosis/collect_next.h"

#include <set>
#include <string_view>

#include "analyzer/core/text.h"
#include "analyzer/diagnosis/diagnoser.h"
#include "analyzer/matching/signature_matcher.h"

namespace crashsift::diagnosis {
namespace {

bool HasZfsFrame(const events::Event& e) {
  for (const auto& f : e.frames) {
    if (f.module == "zfs" || f.module == "spl") return true;
  }
  return false;
}

// A loop device named in the event's text or a loop driver frame.
bool MentionsLoop(const events::Event& e) {
  for (const auto& f : e.frames) {
    std::string_view name = f.normalized_function.empty() ? f.function : f.normalized_function;
    if (name.starts_with("loop_") || name.starts_with("lo_")) return true;
  }
  for (const auto& l : e.lines) {
    for (size_t at = l.text.find("loop"); at != std::string::npos;
         at = l.text.find("loop", at + 4)) {
      if (at + 4 < l.text.size() && text::IsDigit(l.text[at + 4])) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> CollectNextForInput(const std::vector<events::Event>& events,
                                             const std::vector<events::SystemFacts>& systems,
                                             const std::vector<Diagnosis>& diagnoses) {
  std::set<size_t> explained;
  // A diagnosis whose verdict waits for a version and that has no advice of
  // its own: say how to get the version.
  bool need_zfs_version = false, need_kernel = false;
  for (const Diagnosis& d : diagnoses) {
    // A diagnosis below 0.5 (a catch-all on thin evidence: kernel-hung-task-generic)
    // names the class, not the cause: its events still get the input's advice.
    if (d.confidence >= kConfidentDiagnosis) {
      explained.insert(d.event_indexes.begin(), d.event_indexes.end());
      explained.insert(d.victim_indexes.begin(), d.victim_indexes.end());
    }
    if (d.affected == Affected::kUnknown && d.collect_next.empty()) {
      need_zfs_version = need_zfs_version || d.affected_missing.zfs;
      need_kernel = need_kernel || d.affected_missing.kernel;
    }
  }
  bool hang = false, zfs_event = false, verify = false, panicked = false, loop = false;
  bool sysrq_w_given = false;  // a sysrq-w dump is in the log: never ask for it again
  std::set<uint32_t> boots;    // of the unexplained events
  for (size_t i = 0; i < events.size(); ++i) {
    const events::Event& e = events[i];
    panicked = panicked || e.kind == events::EventKind::kPanic;
    sysrq_w_given = sysrq_w_given || e.kind == events::EventKind::kBlockedTask;
    loop = loop || MentionsLoop(e);
    if (explained.contains(i)) continue;
    // A busy CPU's sysrq-l stack is context, not a problem to explain.
    if (e.kind == events::EventKind::kCpuBacktrace) continue;
    // A user-space segfault is the program's problem, not the kernel's.
    if (e.kind == events::EventKind::kSegfault) continue;
    boots.insert(e.boot);
    hang =
        hang || e.kind == events::EventKind::kHungTask || e.kind == events::EventKind::kBlockedTask;
    verify = verify || e.kind == events::EventKind::kAssertion;
    zfs_event = zfs_event || HasZfsFrame(e) || e.kind == events::EventKind::kAssertion;
  }
  bool zfs = zfs_event, banner_missing = false;
  for (uint32_t b : boots) {
    if (b >= systems.size()) {
      need_kernel = banner_missing = true;
      continue;
    }
    const events::SystemFacts& f = systems[b];
    bool here = matching::ZfsPresent(&f);
    zfs = zfs || here;
    need_zfs_version = need_zfs_version || (here && !f.zfs);
    need_kernel = need_kernel || !f.kernel;
    banner_missing = banner_missing || f.kernel_version_banner.empty();
  }
  std::vector<std::string> out;
  if (hang && !sysrq_w_given) {
    out.push_back(
        "echo w > /proc/sysrq-trigger while it hangs (and echo l for busy CPUs): the stacks of "
        "every blocked task, to find the one the others wait for");
  } else if (hang) {
    out.push_back(
        "echo l > /proc/sysrq-trigger while it hangs: the stacks of the busy CPUs (the sysrq-w "
        "dump of the blocked tasks is already in this log)");
  }
  if (hang && banner_missing) {
    out.push_back(
        "boot with log_buf_len=16M (or larger) and keep a serial/netconsole/journal copy: this "
        "log does not reach back to the boot banner, so the first report of the cascade may "
        "have scrolled out of the ring buffer");
  }
  if (verify && !panicked) {
    out.push_back(
        "for a vmcore of the next occurrence: kdump plus 'options spl spl_panic_halt=1' (SPL "
        "does not panic on a failed VERIFY/ASSERT without it: the thread is parked instead)");
  }
  if (zfs && (zfs_event || hang)) {
    out.push_back(
        "cat /proc/spl/kstat/zfs/dbgmsg before rebooting (with zfs_dbgmsg_enable=1 it keeps "
        "ZFS's own debug messages)");
  }
  if (need_zfs_version) {
    out.push_back(
        "zfs version (or cat /sys/module/zfs/version): the log has no 'ZFS: Loaded module' line, "
        "and the exact build decides which known bugs apply");
  }
  if (need_kernel) {
    out.push_back(
        "uname -r and the 'Linux version' line (journalctl -k -b | head): the kernel release "
        "is not in the log");
  }
  if (zfs && loop && hang) {
    out.push_back("losetup -l: which loop devices are backed by files, and on which filesystem");
  }
  return out;
}

}  // namespace crashsift::diagnosis
