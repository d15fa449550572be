// Every event kind on at least two real samples, read as `crashsift analyze`
// reads them: the real text reader (format sniffing, analyzer/kernel_log), the
// EventSplitter, and the titles module's TitleForEvent. Each case names one
// event of a sample (the n-th of its kind) and asserts its kind, its title and
// one more field (task, RIP, first frame or a detail). The samples and where
// they came from: corpus/logs/events/README.md and corpus/logs/library/README.md;
// the table "Event kinds and their tests" in corpus/logs/events/README.md lists
// these cases with the other tests of each kind. The expected values were read
// off the sample lines (the report's headline, "Comm:", "RIP:", first frame).
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "analyzer/events/event.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/titles/event_titles.h"
#include "tests/support/test_support.h"

namespace crashsift::events {
namespace {

struct KindCase {
  const char* sample;  // under corpus/logs/
  EventKind kind;
  int nth;            // which event of that kind in the sample, from 0
  const char* title;  // titles::TitleForEvent(event).title
  const char* field;  // "comm", "pid", "cpu", "rip", "frame0" or "detail:<key>"
  const char* value;
};

void PrintTo(const KindCase& c, std::ostream* os) {
  *os << c.sample << " " << ToString(c.kind) << " #" << c.nth;
}

std::string FieldOf(const Event& e, const std::string& field) {
  if (field == "comm") return e.task.comm;
  if (field == "pid") return e.task.pid ? std::to_string(*e.task.pid) : "";
  if (field == "cpu") return e.cpu ? std::to_string(*e.cpu) : "";
  if (field == "rip") return e.rip;
  if (field == "headline") return e.headline;
  if (field == "frame0") return e.frames.empty() ? "" : e.frames[0].function;
  if (field.starts_with("detail:")) {
    auto it = e.details.find(field.substr(7));
    return it == e.details.end() ? "" : it->second;
  }
  ADD_FAILURE() << "unknown field " << field;
  return "";
}

// All events of one sample as `crashsift analyze` reports them.
std::vector<Event> EventsOf(const std::string& sample) {
  auto path = crashsift::testing::CorpusPath("logs/" + sample);
  auto report = pipeline::AnalyzeInput(path.string(), pipeline::AnalyzeOptions{});
  EXPECT_TRUE(report.has_value()) << sample << ": " << (report ? "" : report.error().OneLine());
  if (!report) return {};
  return report->events;
}

// The event's title in the report; events that are errors rather than crashes
// (I/O, filesystem, machine check, OOM kill) have none there, and the text
// report shows the titles module's description of them instead.
std::string ShownTitle(const Event& e) {
  return e.title.empty() ? titles::TitleForEvent(e).title : e.title;
}

const KindCase kCases[] = {
    // panic
    {"events/lab-hungpanic.console.log", EventKind::kPanic, 0,
     "kernel panic: hung_task: blocked tasks", "comm", "khungtaskd"},
    {"events/lab-hung.console.log", EventKind::kPanic, 0, "kernel panic: sysrq triggered crash",
     "comm", "init"},
    {"events/syzkaller-264-soft-lockup.log", EventKind::kPanic, 0,
     "kernel panic: softlockup: hung tasks", "comm", "syz-executor4"},
    {"library/kernel-panic-kill-init/syzbot-143-4.15.log", EventKind::kPanic, 0,
     "kernel panic: Attempted to kill init!", "detail:reason",
     "Attempted to kill init! exitcode=0x0000000b"},
    // oops
    {"events/lab-oops.console.log", EventKind::kOops, 0,
     "BUG: unable to handle kernel NULL pointer dereference in lab_do_work", "rip",
     "lab_do_work+0x5/0x10 [labcrash]"},
    {"events/syzkaller-148-gpf.log", EventKind::kOops, 0,
     "general protection fault in tipc_subscrb_subscrp_delete", "comm", "syzkaller064164"},
    {"events/syzkaller-113-kernel-bug-interleaved.log", EventKind::kOops, 0,
     "kernel BUG in esp6_gro_receive", "rip", "skb_pull+0xd5/0xf0"},
    {"events/syzkaller-139-unable-to-handle-paging.log", EventKind::kOops, 0,
     "BUG: unable to handle kernel paging request in hash_sendmsg", "comm", "syz-executor4"},
    {"events/syzkaller-243-arm-paging-request.log", EventKind::kOops, 0,
     "BUG: unable to handle kernel paging request in migrate_task_rq_fair", "rip",
     "migrate_task_rq_fair+0x58/0xa8"},
    // warning
    {"events/syzkaller-140-warning-panic-on-warn.log", EventKind::kWarning, 0,
     "WARNING in strp_data_ready", "comm", "syz-executor1"},
    {"events/syzkaller-141-warning-in.log", EventKind::kWarning, 0,
     "WARNING in kvm_arch_vcpu_ioctl_run", "rip", "kvm_arch_vcpu_ioctl_run+0x1cf/0x5cb0"},
    {"library/kernel-warn-on/syzbot-746-6.14.log", EventKind::kWarning, 0,
     "WARNING in drm_mode_create_lease_ioctl", "comm", "syz-executor305"},
    // assertion
    {"events/github-openzfs-16157-zap-create-leaf.log", EventKind::kAssertion, 0,
     "VERIFY3 failed in zap_create_leaf", "comm", "python3"},
    {"events/github-openzfs-6332-zfs-space-delta-cb.log", EventKind::kAssertion, 0,
     "VERIFY3 failed in zfs_space_delta_cb", "comm", "mdt01_006"},
    {"events/github-openzfs-5396-dbuf-create-verify.log", EventKind::kAssertion, 0,
     "VERIFY failed in dbuf_create", "comm", "dbench"},
    {"events/github-spl-35-splerror-assertion.log", EventKind::kAssertion, 0,
     "ASSERTION failed in spl_slab_free", "comm", "events/1"},
    {"events/github-spl-192-verify3-spl-panic.log", EventKind::kAssertion, 0,
     "VERIFY3 failed in space_map_load", "comm", "z_wr_iss/0"},
    // hung_task
    {"events/lab-hung.console.log", EventKind::kHungTask, 0, "INFO: task hung in mnt_want_write",
     "comm", "txg_sync"},
    {"events/github-openzfs-2934-txg-sync-hung.log", EventKind::kHungTask, 0,
     "INFO: task hung in spa_sync", "pid", "13532"},
    {"events/github-openzfs-9130-z-wr-iss-hung.log", EventKind::kHungTask, 0,
     "INFO: task hung in dbuf_write_ready", "comm", "z_wr_iss"},
    {"events/syzkaller-1000-hung-task-arm64.log", EventKind::kHungTask, 0,
     "INFO: task hung in read_cache_folio", "comm", "udevd"},
    {"events/syzkaller-254-hung-task-legacy-task-lines.log", EventKind::kHungTask, 0,
     "INFO: task hung in console_device", "pid", "2293"},
    // blocked_task (sysrq-w, show_state_filter)
    {"events/lab-hung.console.log", EventKind::kBlockedTask, 1, "INFO: task hung in vfs_write",
     "comm", "z_wr_iss"},
    {"events/lab-kdump.console.log", EventKind::kBlockedTask, 0,
     "INFO: task hung in mnt_want_write", "pid", "115"},
    {"events/syzkaller-254-hung-task-legacy-task-lines.log", EventKind::kBlockedTask, 1,
     "INFO: task hung in tty_open", "pid", "2294"},
    // soft_lockup
    {"events/lab-softlockup.console.log", EventKind::kSoftLockup, 0,
     "BUG: soft lockup in proc_reg_write", "comm", "z_spin"},
    {"events/syzkaller-264-soft-lockup.log", EventKind::kSoftLockup, 0,
     "BUG: soft lockup in sys_rmdir", "rip", "d_walk+0x840/0xc80"},
    {"library/kernel-soft-lockup/syzbot-538-5.10.log", EventKind::kSoftLockup, 0,
     "BUG: soft lockup in ieee80211_tasklet_handler", "comm", "syz-executor.3"},
    // hard_lockup
    {"events/github-wintron7-2-hard-lockup.log", EventKind::kHardLockup, 3, "BUG: hard lockup",
     "cpu", "3"},
    {"events/github-ampere-lts-181-hard-lockup.log", EventKind::kHardLockup, 0, "BUG: hard lockup",
     "cpu", "87"},
    {"library/kernel-hard-lockup/sonic-17363-nmi-5.10.log", EventKind::kHardLockup, 0,
     "BUG: hard lockup", "comm", "swapper/1"},
    // rcu_stall
    {"events/syzkaller-145-rcu-stall.log", EventKind::kRcuStall, 0,
     "INFO: rcu detected stall in ipv6_rcv", "detail:flavor", "rcu_sched"},
    {"library/kernel-rcu-stall/syzbot-277-4.18.log", EventKind::kRcuStall, 0,
     "INFO: rcu detected stall in ext4_file_write_iter", "comm", "syz-executor6"},
    // cpu_backtrace (sysrq-l: one busy CPU's stack)
    {"signatures/openzfs-loop-txg-sync-hang/lab-loop-zfs-2.3.2-6.12.57.console.log",
     EventKind::kCpuBacktrace, 1, "NMI backtrace in loop_process_work", "comm", "kworker/u8:0"},
    {"events/lab-hung.console.log", EventKind::kCpuBacktrace, 0, "NMI backtrace in proc_reg_write",
     "detail:cpu", "0"},
    // segfault (user space: show_signal_msg, do_trap)
    {"events/github-pamac-168-segfault.log", EventKind::kSegfault, 0,
     "segfault of pamac-daemon in libglib-NUM.NUM.so.NUM.NUM.NUM", "detail:object",
     "libglib-2.0.so.0.4800.2"},
    {"events/github-netdata-15802-segfault-traps.log", EventKind::kSegfault, 1,
     "segfault of IPMI[sel] in ld-musl-x86_64.so.NUM", "detail:trap", "general protection"},
    // oom
    {"events/github-greenplum-17369-oom.syslog", EventKind::kOom, 0,
     "out of memory in __page_cache_alloc", "comm", "tuned"},
    {"events/github-docker-for-linux-1001-oom-kills.syslog", EventKind::kOom, 0, "out of memory",
     "detail:killed_comm", "python3"},
    {"library/kernel-cgroup-oom/reportportal-203-memcg-5.4.log", EventKind::kOom, 1,
     "out of memory in try_charge", "comm", "uwsgi"},
    // kasan (KASAN, KFENCE, KMSAN, KCSAN)
    {"events/syzkaller-147-kasan-use-after-free.log", EventKind::kKasan, 0,
     "KASAN: use-after-free Read in remove_wait_queue", "pid", "3471"},
    {"events/syzkaller-590-kfence-use-after-free.log", EventKind::kKasan, 0,
     "KFENCE: use-after-free read in find_uprobe", "rip", "find_uprobe+0x57/0x150"},
    {"events/syzkaller-626-kmsan-uninit-value.log", EventKind::kKasan, 0,
     "KMSAN: uninit-value in prepare_task_switch", "detail:tool", "KMSAN"},
    {"events/syzkaller-428-kcsan-data-race.log", EventKind::kKasan, 0,
     "KCSAN: data-race in e1000_clean_rx_irq", "comm", "swapper/0"},
    // ubsan
    {"events/syzkaller-40-ubsan-undefined-behaviour.log", EventKind::kUbsan, 0,
     "UBSAN: undefined-behaviour in proc_do_submiturb", "comm", "usb"},
    {"events/syzkaller-453-ubsan-array-index.log", EventKind::kUbsan, 0,
     "UBSAN: undefined-behaviour in lkdtm_ARRAY_BOUNDS", "detail:location",
     "drivers/misc/lkdtm/bugs.c:243:16"},
    // io_error
    {"events/github-openzfs-12799-zio-errors.log", EventKind::kIoError, 0, "I/O error on sdp",
     "detail:sector", "1665922784"},
    {"events/github-openzfs-12799-zio-errors.log", EventKind::kIoError, 1,
     "zio error on pool dpool", "detail:error", "5"},
    {"events/github-khadas-linux-113-blk-io-error.log", EventKind::kIoError, 0,
     "I/O error on mmcblk2", "detail:errors", "4"},
    {"library/hardware-nvme-timeout/linux-surface-733-aborting.log", EventKind::kIoError, 0,
     "I/O error on nvme0", "detail:errors", "8"},
    // lockdep
    {"events/syzkaller-26-lockdep-possible-deadlock.log", EventKind::kLockdep, 0,
     "possible deadlock in blkdev_reread_part", "comm", "syz-executor0"},
    {"events/syzkaller-117-lockdep-bad-unlock-balance.log", EventKind::kLockdep, 0,
     "WARNING: bad unlock balance in ipmr_mfc_seq_stop", "comm", "syz-executor3"},
    {"events/syzkaller-543-lockdep-inconsistent-lock-state.log", EventKind::kLockdep, 0,
     "inconsistent lock state in bad_mode", "detail:type", "inconsistent lock state"},
    // memory_leak
    {"events/syzkaller-151-memory-leak-two-objects.log", EventKind::kMemoryLeak, 0,
     "memory leak in new_inode_pseudo", "detail:size", "944"},
    {"events/syzkaller-309-memory-leak.log", EventKind::kMemoryLeak, 0, "memory leak in sget",
     "detail:object", "0xffff88006b006340"},
    // machine_check
    {"events/github-mcelog-70-mce.syslog", EventKind::kMachineCheck, 0,
     "machine check: hardware error", "detail:bank", "4"},
    {"events/github-home-assistant-2989-mce.syslog", EventKind::kMachineCheck, 0,
     "machine check: hardware error", "detail:bank", "6"},
    {"library/hardware-edac-memory-error/edac-utils-10-server1.log", EventKind::kMachineCheck, 0,
     "machine check: hardware error", "detail:memory_controller", "0"},
    // fs_error
    {"library/kernel-ext4-fs-error/raspibolt-253-find-entry.log", EventKind::kFsError, 0,
     "EXT4-fs error (device sda): ext4_find_entry:NUM: inode #ADDR: comm bitcoind: reading "
     "directory lblock NUM",
     "detail:function", "ext4_find_entry"},
    {"library/kernel-xfs-corruption-shutdown/fcos-784-metadata-corruption.log", EventKind::kFsError,
     0,
     "XFS (vda4): Metadata corruption detected at xfs_buf_ioend [xfs], xfs_inode block ADDR "
     "xfs_inode_buf_verify",
     "detail:dev", "vda4"},
    {"library/kernel-btrfs-error/op-build-1685-open-ctree-4.14.log", EventKind::kFsError, 0,
     "BTRFS error (device dm-NUM): bad tree block start NUM ADDR", "detail:dev", "dm-2"},
    // other
    {"events/syzkaller-375-sleeping-function-other.log", EventKind::kOther, 0,
     "BUG: sleeping function called from invalid context in line6_pcm_acquire", "comm",
     "kworker/0:2"},
    {"events/syzkaller-608-sleeping-function-other-2.log", EventKind::kOther, 0,
     "BUG: sleeping function called from invalid context in __alloc_skb", "comm", "syz-executor.1"},
    // stack_fragment: pastes that start inside a stack (corpus/wild, dev split)
    {"../wild/logs/gh-openzfs-zfs-8234.log", EventKind::kStackFragment, 0,
     "stack fragment in schedule_timeout", "frame0", "schedule_timeout"},
    {"../wild/logs/gh-aircrack-ng-rtl8812au-394.log", EventKind::kStackFragment, 0,
     "stack fragment in usb_probe_interface", "frame0", "usb_probe_interface"},
    // segfault: user-space faults the kernel logged (corpus/wild, dev split)
    {"../wild/logs/gh-manjaro-pamac-168.log", EventKind::kSegfault, 0,
     "segfault of pamac-daemon in libglib-NUM.NUM.so.NUM.NUM.NUM", "detail:object",
     "libglib-2.0.so.0.4800.2"},
    {"../wild/logs/gh-open-ch-log-user-session-15.log", EventKind::kSegfault, 0,
     "segfault of log-user-sessio in log-user-session", "detail:object", "log-user-session"},
    // notice: one-line conditions, one event per line (corpus/logs/library)
    {"library/kernel-nf-conntrack-table-full/pc-freak-blog-dmesg.log", EventKind::kNotice, 11,
     "nf_conntrack: table full, dropping packet", "headline",
     "nf_conntrack: table full, dropping packet"},
    {"library/kernel-firmware-bug/pop-2769-acpi-bios-error-bug.log", EventKind::kNotice, 0,
     "ACPI BIOS Error (bug): Could not resolve symbol [\\_SB.PCI0.XBAS], AE_NOT_FOUND "
     "(ADDR/psargs-NUM)",
     "headline",
     "ACPI BIOS Error (bug): Could not resolve symbol [\\_SB.PCI0.XBAS], AE_NOT_FOUND "
     "(20220331/psargs-330)"},
    {"../wild/logs/gh-oxidecomputer-propolis-328.log", EventKind::kNotice, 0,
     "[Firmware Bug]: TSC doesn't count with P0 frequency!", "headline",
     "[Firmware Bug]: TSC doesn't count with P0 frequency!"},
    {"library/kernel-nfs-server-not-responding/lore-c54db63b-tegra-resume-ok-5.2-rc.log",
     EventKind::kNotice, 2, "nfs: server IP OK", "headline", "nfs: server 192.168.99.1 OK"},
    {"library/kernel-gpu-ring-timeout-reset/cosmic-comp-2626-gfx-ring-baco-reset-6.8.log",
     EventKind::kNotice, 0,
     "[drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring gfx_0.NUM.NUM timeout, signaled seq=ADDR, "
     "emitted seq=ADDR",
     "headline",
     "[drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring gfx_0.0.0 timeout, signaled seq=5000163, "
     "emitted seq=5000165"},
    {"library/kernel-gpu-ring-timeout-reset/rocm-5999-comp-ring-reset-recovered.log",
     EventKind::kNotice, 0,
     "amdgpu NUM:NUM:NUM.NUM: amdgpu: ring comp_1.NUM.NUM timeout, signaled seq=NUM, emitted "
     "seq=NUM",
     "headline",
     "amdgpu 0000:04:00.0: amdgpu: ring comp_1.0.1 timeout, signaled seq=45, emitted seq=47"},
    {"library/hardware-qla2xxx-qlini-mode/linux-scsi-2022-08-tested-by-syslog.log",
     EventKind::kNotice, 1,
     "qla2xxx [NUM:NUM:NUM.NUM]-NUM:NUM: skipping scsi_scan_host() for non-initiator port",
     "headline",
     "qla2xxx [0000:04:00.1]-0122:10: skipping scsi_scan_host() for non-initiator port"},
};

class EventKindCoverage : public ::testing::TestWithParam<KindCase> {};

TEST_P(EventKindCoverage, KindTitleAndOneMoreField) {
  const KindCase& c = GetParam();
  std::vector<const Event*> of_kind;
  std::vector<Event> events = EventsOf(c.sample);
  for (const Event& e : events) {
    if (e.kind == c.kind) of_kind.push_back(&e);
  }
  ASSERT_GT(of_kind.size(), static_cast<size_t>(c.nth))
      << c.sample << " has " << of_kind.size() << " " << ToString(c.kind) << " events";
  const Event& e = *of_kind[c.nth];
  EXPECT_EQ(ShownTitle(e), c.title) << c.sample;
  EXPECT_EQ(FieldOf(e, c.field), c.value) << c.sample << " " << c.field;
}

std::string CaseName(const ::testing::TestParamInfo<KindCase>& info) {
  return std::string(ToString(info.param.kind)) + "_" +
         crashsift::testing::TestName(info.param.sample) + "_" + std::to_string(info.param.nth);
}

INSTANTIATE_TEST_SUITE_P(RealSamples, EventKindCoverage, ::testing::ValuesIn(kCases), CaseName);

TEST(EventKindCoverage, EveryKindOnAtLeastTwoSamples) {
  std::map<EventKind, std::set<std::string>> samples;
  for (const KindCase& c : kCases) samples[c.kind].insert(c.sample);
  for (int k = 0; k <= static_cast<int>(EventKind::kOther); ++k) {
    auto kind = static_cast<EventKind>(k);
    EXPECT_GE(samples[kind].size(), 2u) << ToString(kind);
  }
}

TEST(EventKindCoverage, AReportOpeningJustBeforeItsEventIsThatEvent) {
  // The report scanner starts syzkaller 151's leak at syz-manager's "BUG:
  // memory leak" line and 243's oops at ARM's "Unable to handle kernel paging
  // request" line, one and three lines before the splitter's event: one
  // crash each, titled as syzkaller titles it, not an extra "other" event.
  std::vector<Event> leak = EventsOf("events/syzkaller-151-memory-leak-two-objects.log");
  ASSERT_EQ(leak.size(), 1u);
  EXPECT_EQ(leak[0].kind, EventKind::kMemoryLeak);
  EXPECT_EQ(leak[0].title, "memory leak in new_inode_pseudo");
  std::vector<Event> arm = EventsOf("events/syzkaller-243-arm-paging-request.log");
  ASSERT_EQ(arm.size(), 2u);
  EXPECT_EQ(arm[0].kind, EventKind::kOops);
  EXPECT_EQ(arm[0].first_line, 4u);  // "Internal error: Oops: 5 [#1] SMP ARM"
  EXPECT_EQ(arm[0].title, "BUG: unable to handle kernel paging request in migrate_task_rq_fair");
  EXPECT_EQ(arm[1].kind, EventKind::kPanic);
}

}  // namespace
}  // namespace crashsift::events
