// EventSplitter on the real samples of corpus/logs/events (see its README for
// where each came from). Each event kind is checked on at least two samples.
#include "analyzer/events/event_splitter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/events/dmesg_text.h"
#include "tests/events/split_samples.h"
#include "tests/support/test_support.h"

namespace crashsift::events {
namespace {

TEST(EventSplitter, LabHungTasksSysrqWAndPanic) {
  SplitResult r = Split("lab-hung.console.log");
  ASSERT_EQ(r.events.size(), 8u);
  auto hung = OfKind(r, EventKind::kHungTask);
  ASSERT_EQ(hung.size(), 4u);
  const Event& first = *hung[0];
  EXPECT_EQ(first.headline, "INFO: task txg_sync:113 blocked for more than 5 seconds.");
  EXPECT_EQ(first.task.comm, "txg_sync");
  EXPECT_EQ(first.task.pid, 113);
  EXPECT_EQ(first.details.at("blocked_seconds"), "5");
  EXPECT_EQ(first.details.at("state"), "D");
  EXPECT_EQ(first.first_line, 353u);
  EXPECT_EQ(first.last_line, 386u);  // "</TASK>"
  EXPECT_DOUBLE_EQ(*first.time, 10.989660);
  EXPECT_TRUE(first.rip.empty());  // only a user-space RIP: 0033 in a hung task
  EXPECT_EQ(Functions(first, 4), (Strings{"__schedule", "schedule", "percpu_rwsem_wait",
                                          "__percpu_rwsem_trylock.part.0"}));
  EXPECT_FALSE(first.frames[3].reliable);
  EXPECT_EQ(first.frames[3].normalized_function, "__percpu_rwsem_trylock");
  EXPECT_EQ(first.frames[0].context, "task");
  EXPECT_EQ(first.frames[0].line, 359u);
  // The second report follows with the very same timestamp: still split.
  EXPECT_EQ(hung[1]->task.comm, "z_wr_iss");
  EXPECT_EQ(hung[1]->first_line, 387u);
  EXPECT_EQ(hung[1]->last_line, 422u);
  EXPECT_EQ(hung[3]->details.at("blocked_seconds"), "10");

  // sysrq-w: one blocked_task per D-state task, and the sysrq-l backtrace
  // after it is not swallowed.
  auto blocked = OfKind(r, EventKind::kBlockedTask);
  ASSERT_EQ(blocked.size(), 2u);
  EXPECT_EQ(blocked[0]->task.comm, "txg_sync");
  EXPECT_EQ(blocked[0]->task.pid, 113);
  EXPECT_EQ(blocked[0]->details.at("state"), "D");
  EXPECT_EQ(blocked[0]->first_line, 429u);
  EXPECT_EQ(blocked[1]->task.comm, "z_wr_iss");
  EXPECT_EQ(blocked[1]->last_line, 492u);
  EXPECT_EQ(Functions(*blocked[1], 5, true), (Strings{"__schedule", "schedule", "percpu_rwsem_wait",
                                                      "__percpu_down_read", "vfs_write"}));
  // The sysrq-l dump: CPU 0 (init writing the trigger) is an event; CPU 1
  // "skipped: idling at native_safe_halt" has no stack and is none.
  auto busy = OfKind(r, EventKind::kCpuBacktrace);
  ASSERT_EQ(busy.size(), 1u);
  EXPECT_EQ(busy[0]->headline, "NMI backtrace for cpu 0");
  EXPECT_EQ(busy[0]->task.comm, "init");
  EXPECT_EQ(busy[0]->details.at("cpu"), "0");
  EXPECT_EQ(busy[0]->first_line, 495u);
  EXPECT_EQ(Functions(*busy[0], 2), (Strings{"dump_stack_lvl", "nmi_cpu_backtrace.cold"}));

  auto panic = OfKind(r, EventKind::kPanic);
  ASSERT_EQ(panic.size(), 1u);
  EXPECT_EQ(panic[0]->details.at("reason"), "sysrq triggered crash");
  EXPECT_EQ(panic[0]->cpu, 1);
  EXPECT_EQ(panic[0]->task.comm, "init");
  EXPECT_EQ(panic[0]->kernel_release, "6.1.0-56-amd64");
  EXPECT_EQ(panic[0]->hardware,
            "QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014");
  EXPECT_TRUE(panic[0]->taint.empty());
}

TEST(EventSplitter, LabHungTaskPanic) {
  SplitResult r = Split("lab-hungpanic.console.log");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[0].task.pid, 115);
  EXPECT_EQ(r.events[1].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[1].task.comm, "z_wr_iss");
  const Event& panic = r.events[2];
  EXPECT_EQ(panic.kind, EventKind::kPanic);
  EXPECT_EQ(panic.details.at("reason"), "hung_task: blocked tasks");
  EXPECT_EQ(panic.task.comm, "khungtaskd");
  EXPECT_EQ(panic.task.pid, 28);
  EXPECT_EQ(panic.first_line, 437u);
  EXPECT_EQ(panic.last_line, 449u);
  EXPECT_EQ(Functions(panic, 3), (Strings{"dump_stack_lvl", "panic", "watchdog.cold"}));
  // Two boots: the crash kernel booted after the panic.
  ASSERT_EQ(r.systems.size(), 2u);
  EXPECT_EQ(r.systems[1].boot, 1u);
  EXPECT_NE(r.systems[1].command_line.find("elfcorehdr="), std::string::npos);
}

TEST(EventSplitter, LabSysrqWSecondRun) {
  SplitResult r = Split("lab-kdump.console.log");
  auto blocked = OfKind(r, EventKind::kBlockedTask);
  ASSERT_EQ(blocked.size(), 2u);
  EXPECT_EQ(blocked[0]->task.pid, 115);
  EXPECT_EQ(blocked[1]->task.pid, 116);
  EXPECT_EQ(blocked[0]->first_line, 429u);
  EXPECT_EQ(OfKind(r, EventKind::kHungTask).size(), 4u);
}

TEST(EventSplitter, LabNullPointerOops) {
  SplitResult r = Split("lab-oops.console.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kOops);
  EXPECT_EQ(e.headline, "BUG: kernel NULL pointer dereference, address: 0000000000000004");
  EXPECT_EQ(e.details.at("address"), "0000000000000004");
  EXPECT_EQ(e.details.at("die_count"), "1");
  EXPECT_EQ(e.cpu, 0);
  EXPECT_EQ(e.task.comm, "init");
  EXPECT_EQ(e.task.pid, 1);
  EXPECT_EQ(e.taint, "G           OE");
  EXPECT_EQ(e.rip, "lab_do_work+0x5/0x10 [labcrash]");
  ASSERT_TRUE(e.rip_frame);
  EXPECT_EQ(e.rip_frame->module, "labcrash");
  EXPECT_EQ(Functions(e, 3), (Strings{"lab_write", "proc_reg_write", "vfs_write"}));
  EXPECT_EQ(e.frames[0].module, "labcrash");
  EXPECT_EQ(e.first_line, 360u);
  EXPECT_EQ(e.last_line, 405u);  // "CR2: 0000000000000004" after "Modules linked in:"
  ASSERT_FALSE(e.lines.empty());
  EXPECT_EQ(e.lines.front().line, 360u);
  EXPECT_EQ(e.lines.front().text, e.headline);
  EXPECT_EQ(e.lines[4].text, "Oops: 0000 [#1] PREEMPT SMP NOPTI");
  ASSERT_EQ(e.stack_labels.size(), 1u);
  EXPECT_EQ(e.stack_labels[0], "Call Trace:");
}

TEST(EventSplitter, LabRcuStallSoftLockupAndPanic) {
  SplitResult r = Split("lab-softlockup.console.log");
  ASSERT_EQ(r.events.size(), 3u);
  const Event& rcu = r.events[0];
  EXPECT_EQ(rcu.kind, EventKind::kRcuStall);
  EXPECT_EQ(rcu.details.at("flavor"), "rcu_preempt");
  EXPECT_EQ(rcu.details.at("detection"), "self-detected");
  EXPECT_EQ(rcu.task.comm, "z_spin");
  EXPECT_EQ(rcu.rip, "lab_spin_locked+0x1d/0x40 [labcrash]");
  EXPECT_EQ(rcu.first_line, 358u);

  const Event& soft = r.events[1];
  EXPECT_EQ(soft.kind, EventKind::kSoftLockup);
  EXPECT_EQ(soft.headline, "watchdog: BUG: soft lockup - CPU#0 stuck for 10s! [z_spin:109]");
  EXPECT_EQ(soft.cpu, 0);
  EXPECT_EQ(soft.task.comm, "z_spin");
  EXPECT_EQ(soft.task.pid, 109);
  EXPECT_EQ(soft.details.at("stuck_seconds"), "10");
  EXPECT_EQ(soft.first_line, 411u);
  EXPECT_EQ(Functions(soft, 2), (Strings{"lab_spin_write", "proc_reg_write"}));

  const Event& panic = r.events[2];
  EXPECT_EQ(panic.kind, EventKind::kPanic);
  EXPECT_EQ(panic.taint, "G           OEL");
  // The panic is printed from the timer interrupt: <IRQ> frames first.
  EXPECT_EQ(panic.frames[0].context, "irq");
  EXPECT_EQ(panic.frames[3].function, "watchdog_timer_fn.cold");
  auto task_frame = std::find_if(panic.frames.begin(), panic.frames.end(),
                                 [](const StackFrame& f) { return f.context == "task"; });
  ASSERT_NE(task_frame, panic.frames.end());
  EXPECT_EQ(task_frame->function, "asm_sysvec_apic_timer_interrupt");
}

TEST(EventSplitter, OpenZfsZapCreateLeafAssertion) {
  SplitResult r = Split("github-openzfs-16157-zap-create-leaf.log");
  ASSERT_EQ(r.events.size(), 1u);  // VERIFY3 + PANIC at + stack: one event
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kAssertion);
  EXPECT_EQ(e.details.at("macro"), "VERIFY3");
  EXPECT_EQ(e.details.at("expression"), "NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)");
  EXPECT_EQ(e.details.at("values"), "0000000000000000 == ffff91dfeb60e200");
  EXPECT_EQ(e.details.at("file"), "zap.c");
  EXPECT_EQ(e.details.at("line"), "441");
  EXPECT_EQ(e.details.at("function"), "zap_create_leaf");
  EXPECT_EQ(e.cpu, 10);
  EXPECT_EQ(e.task.comm, "python3");
  EXPECT_EQ(e.task.pid, 2470499);
  EXPECT_EQ(e.taint, "G           OE");
  EXPECT_EQ(e.kernel_release, "6.8.8");
  EXPECT_EQ(Functions(e, 4),
            (Strings{"dump_stack_lvl", "spl_panic", "zap_expand_leaf", "fzap_add_cd"}));
  EXPECT_EQ(e.frames[1].module, "spl");
  EXPECT_EQ(e.frames[2].module, "zfs");
  EXPECT_EQ(e.first_line, 1u);
  EXPECT_EQ(e.last_line, 26u);
  ASSERT_EQ(r.systems.size(), 1u);
  EXPECT_TRUE(r.systems[0].zfs_loaded);  // from the [zfs] frames
  EXPECT_EQ(r.systems[0].arch, "x86_64");
}

TEST(EventSplitter, OpenZfsOldVerify3WithStackDump) {
  SplitResult r = Split("github-openzfs-6332-zfs-space-delta-cb.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kAssertion);
  EXPECT_EQ(e.details.at("expression"), "sa.sa_magic == 0x2F505A");
  EXPECT_EQ(e.details.at("values"), "24 == 3100762");
  EXPECT_EQ(e.details.at("function"), "zfs_space_delta_cb");
  EXPECT_EQ(e.details.at("line"), "583");
  EXPECT_EQ(e.task.comm, "mdt01_006");
  EXPECT_EQ(e.taint, "P           OE");
  EXPECT_EQ(e.frames[0].address, 0xffffffff81687233ull);
  EXPECT_EQ(Functions(e, 3), (Strings{"dump_stack", "spl_dumpstack", "spl_panic"}));
  EXPECT_FALSE(e.frames[3].reliable);
  ASSERT_EQ(r.systems.size(), 1u);
  EXPECT_EQ(r.systems[0].distribution, "rhel");
  EXPECT_EQ(r.systems[0].kernel_release, "3.10.0-514.26.1.el7.x86_64");
  ASSERT_EQ(r.systems[0].taint_flags.size(), 3u);
  EXPECT_EQ(r.systems[0].taint_flags[0].letter, 'P');
}

TEST(EventSplitter, OpenZfsVerifyWithoutValues) {
  SplitResult r = Split("github-openzfs-5396-dbuf-create-verify.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kAssertion);
  EXPECT_EQ(e.details.at("macro"), "VERIFY");
  EXPECT_EQ(e.details.at("expression"), "dn->dn_type != DMU_OT_NONE");
  EXPECT_EQ(e.details.count("values"), 0u);
  EXPECT_EQ(e.details.at("file"), "dbuf.c");
  EXPECT_EQ(e.details.at("function"), "dbuf_create");
  EXPECT_EQ(e.task.pid, 104709);
  EXPECT_EQ(e.frames.size(), 14u);
}

TEST(EventSplitter, LegacySplErrorAssertions) {
  SplitResult a = Split("github-spl-35-splerror-assertion.log");
  ASSERT_EQ(a.events.size(), 1u);  // ASSERTION + "SPL PANIC" + stack: one event
  const Event& e = a.events[0];
  EXPECT_EQ(e.kind, EventKind::kAssertion);
  EXPECT_EQ(e.details.at("macro"), "ASSERTION");
  EXPECT_EQ(e.details.at("expression"), "sks->sks_magic ==SKS_MAGIC");
  EXPECT_EQ(e.details.at("file"), "spl-kmem.c");
  EXPECT_EQ(e.details.at("line"), "1009");
  EXPECT_EQ(e.details.at("function"), "spl_slab_free");
  EXPECT_EQ(e.details.at("pid"), "52");
  EXPECT_EQ(e.task.comm, "events/1");  // from the 2.6.32 "Pid: 52, comm: events/1" line
  EXPECT_EQ(e.frames[0].function, "spl_debug_dumpstack");
  EXPECT_EQ(e.last_line, 18u);  // "SPL: Dumping log to ..."
  EXPECT_EQ(a.systems[0].kernel_release, "2.6.32-14chaos");
  EXPECT_TRUE(a.systems[0].zfs_loaded);

  SplitResult b = Split("github-spl-192-verify3-spl-panic.log");
  ASSERT_EQ(b.events.size(), 1u);  // VERIFY3 + "SPLError: ... SPL PANIC"
  EXPECT_EQ(b.events[0].details.at("expression"), "sm->sm_space == space");
  EXPECT_EQ(b.events[0].details.at("function"), "space_map_load");
  EXPECT_EQ(b.events[0].details.at("line"), "334");
  EXPECT_EQ(b.events[0].task.comm, "z_wr_iss/0");
  EXPECT_EQ(b.systems[0].distribution, "ubuntu");
}

TEST(EventSplitter, OpenZfsTxgSyncHungTaskOldFormat) {
  SplitResult r = Split("github-openzfs-2934-txg-sync-hung.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kHungTask);
  EXPECT_EQ(e.task.comm, "txg_sync");
  EXPECT_EQ(e.task.pid, 13532);
  EXPECT_EQ(e.details.at("blocked_seconds"), "120");
  EXPECT_EQ(Functions(e, 5, true),
            (Strings{"io_schedule", "cv_wait_common", "__cv_wait_io", "zio_wait", "spa_sync"}));
  EXPECT_EQ(e.last_line, 18u);
  ASSERT_EQ(r.systems.size(), 1u);
  EXPECT_TRUE(r.systems[0].zfs_loaded);
}

// The paste starts inside the previous report's stack (issue 8, class 3): those
// frames are a stack_fragment (no crash), the hung task follows whole.
TEST(EventSplitter, StrayFramesBeforeAHungTaskAreAStackFragment) {
  SplitResult r = Split("github-openzfs-9130-z-wr-iss-hung.log");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].kind, EventKind::kStackFragment);
  EXPECT_EQ(r.events[0].first_line, 1u);
  EXPECT_EQ(r.events[0].frames.size(), 7u);
  EXPECT_EQ(r.events[0].frames[0].function, "taskq_thread");
  EXPECT_EQ(r.events[0].frames[0].module, "spl");
  EXPECT_EQ(r.events[1].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[1].first_line, 8u);
  EXPECT_EQ(r.events[1].task.comm, "z_wr_iss");
  EXPECT_EQ(r.events[1].frames.size(), 15u);
}

// Frames of a report that console noise cut short are its own, not a fragment.
TEST(EventSplitter, InterleavedFramesAfterAReportAreNoFragment) {
  SplitResult r = Split("syzkaller-140-warning-panic-on-warn.log");
  EXPECT_TRUE(OfKind(r, EventKind::kStackFragment).empty());
}

std::vector<uint64_t> LineNumbers(const Event& e) {
  std::vector<uint64_t> out;
  for (const EvidenceLine& l : e.lines) out.push_back(l.line);
  return out;
}

TEST(EventSplitter, OpenZfsAndBlockLayerIoErrors) {
  SplitResult r = Split("github-openzfs-12799-zio-errors.log");
  auto io = OfKind(r, EventKind::kIoError);
  // One event per device: the four sdp errors around the two zio lines of
  // its vdev are one storm, the zio lines another.
  ASSERT_EQ(io.size(), 2u);
  EXPECT_EQ(io[0]->details.at("dev"), "sdp");
  EXPECT_EQ(io[0]->details.at("sector"), "1665922784");
  EXPECT_EQ(io[0]->details.at("op"), "READ");
  EXPECT_EQ(io[0]->details.at("errors"), "4");
  EXPECT_EQ(LineNumbers(*io[0]), (std::vector<uint64_t>{5, 6, 9, 10}));
  EXPECT_EQ(io[0]->first_line, 5u);
  EXPECT_EQ(io[0]->last_line, 10u);
  const Event& zio = *io[1];
  EXPECT_EQ(zio.details.at("pool"), "dpool");
  EXPECT_EQ(zio.details.at("vdev"),
            "/dev/disk/by-id/ata-WDC_WD40EFAX-68JH4N0_WD-WX21DB9KC4E6-part1");
  EXPECT_EQ(zio.details.at("error"), "5");
  EXPECT_EQ(zio.details.at("type"), "2");
  EXPECT_EQ(zio.details.at("offset"), "4000776433664");
  EXPECT_EQ(zio.details.at("size"), "4096");
  EXPECT_EQ(zio.first_line, 7u);
  EXPECT_EQ(zio.last_line, 8u);
  EXPECT_EQ(zio.details.at("errors"), "2");
}

TEST(EventSplitter, BlockLayerAndBufferIoErrorsOfOneDeviceAreOneEvent) {
  SplitResult r = Split("github-khadas-linux-113-blk-io-error.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kIoError);
  EXPECT_EQ(e.details.at("dev"), "mmcblk2");
  EXPECT_EQ(e.details.at("sector"), "0");
  EXPECT_EQ(e.details.at("block"), "0");  // from the "Buffer I/O error" line
  EXPECT_EQ(e.details.at("errors"), "4");
  EXPECT_EQ(e.first_line, 4u);
  EXPECT_EQ(e.last_line, 7u);
  EXPECT_EQ(e.lines.size(), 4u);
}

TEST(EventSplitter, HardLockups) {
  SplitResult a = Split("github-wintron7-2-hard-lockup.log");
  ASSERT_EQ(a.events.size(), 5u);
  EXPECT_EQ(a.events[3].kind, EventKind::kHardLockup);
  EXPECT_EQ(a.events[3].cpu, 3);
  SplitResult b = Split("github-ampere-lts-181-hard-lockup.log");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].kind, EventKind::kHardLockup);
  EXPECT_EQ(b.events[0].cpu, 87);
  EXPECT_EQ(b.events[0].first_line, 2u);
}

TEST(EventSplitter, OomInvokedWithStack) {
  SplitResult r = Split("github-greenplum-17369-oom.syslog");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kOom);
  EXPECT_EQ(e.task.comm, "tuned");
  EXPECT_EQ(e.task.pid, 1965);
  EXPECT_EQ(e.cpu, 51);
  EXPECT_EQ(e.details.at("gfp_mask"), "0x100cca(GFP_HIGHUSER_MOVABLE)");
  EXPECT_EQ(e.details.at("order"), "0");
  EXPECT_EQ(Functions(e, 3), (Strings{"dump_stack", "dump_header", "oom_kill_process.cold"}));
  EXPECT_EQ(e.frames[2].normalized_function, "oom_kill_process");
  EXPECT_EQ(e.frames.back().module, "xfs");
}

TEST(EventSplitter, OomKillLines) {
  SplitResult r = Split("github-docker-for-linux-1001-oom-kills.syslog");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].kind, EventKind::kOom);
  EXPECT_EQ(r.events[0].details.at("killed_pid"), "15784");
  EXPECT_EQ(r.events[0].details.at("killed_comm"), "python3");
  EXPECT_EQ(r.events[1].details.at("killed_comm"), "(resolved)");
  EXPECT_DOUBLE_EQ(*r.events[1].time, 518.061172);
}

TEST(EventSplitter, MachineChecks) {
  SplitResult a = Split("github-mcelog-70-mce.syslog");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kMachineCheck);
  EXPECT_EQ(a.events[0].first_line, 2u);
  EXPECT_EQ(a.events[0].last_line, 5u);
  EXPECT_EQ(a.events[0].details.at("bank"), "4");
  SplitResult b = Split("github-home-assistant-2989-mce.syslog");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].kind, EventKind::kMachineCheck);
  EXPECT_EQ(b.events[0].cpu, 2);
  EXPECT_EQ(b.events[0].details.at("bank"), "6");
  EXPECT_EQ(b.events[0].lines.size(), 11u);
}

TEST(EventSplitter, InterleavedReportsSplitByPrintkCaller) {
  // Two tasks crash at once: a KASAN report from T1533 and a general protection
  // fault from T1560, line by line interleaved with identical-looking parts.
  SplitResult r = Split("syzkaller-392-interleaved-kasan-gpf.log");
  auto kasan = OfKind(r, EventKind::kKasan);
  auto oops = OfKind(r, EventKind::kOops);
  ASSERT_EQ(kasan.size(), 1u);
  ASSERT_EQ(oops.size(), 1u);
  EXPECT_EQ(kasan[0]->task.pid, 1533);
  EXPECT_EQ(kasan[0]->cpu, 1);
  EXPECT_EQ(kasan[0]->first_line, 1u);
  EXPECT_EQ(kasan[0]->last_line, 92u);  // its closing "=====" line
  EXPECT_TRUE(kasan[0]->rip.empty());
  EXPECT_EQ(oops[0]->task.pid, 1560);
  EXPECT_EQ(oops[0]->cpu, 0);
  EXPECT_EQ(oops[0]->rip, "refcount_sub_and_test_checked+0x8e/0x200");
  for (const EvidenceLine& l : oops[0]->lines) {
    EXPECT_EQ(l.text.find("kasan_report"), std::string::npos) << l.line;
  }
  auto has = [](const Event& e, const std::string& f) {
    return std::any_of(e.frames.begin(), e.frames.end(),
                       [&](const StackFrame& s) { return s.function == f; });
  };
  EXPECT_TRUE(has(*kasan[0], "__kasan_report.cold"));
  EXPECT_FALSE(has(*oops[0], "__kasan_report.cold"));
  EXPECT_TRUE(has(*oops[0], "x25_connect"));
}

TEST(EventSplitter, PlainWarningMessagesAreNotReports) {
  // "WARNING: the mand mount option is being deprecated" is a plain printk,
  // not a WARN() report; syzkaller sees no crash in this log either.
  SplitResult r = Split("syzkaller-618-no-crash-warning-message.log");
  EXPECT_TRUE(r.events.empty());
}

TEST(EventSplitter, TitleIsLeftForTheTitlesModule) {
  SplitResult r = Split("lab-oops.console.log");
  EXPECT_TRUE(r.events[0].title.empty());
}

TEST(EventSplitter, LegacyTaskLinesOfAHungTaskDump) {
  // 4.4: "init            D ffff88008ad8f5b0     0  2293      1 0x00000000"
  // after the hung-task report, then under show_state_filter()'s header.
  SplitResult r = Split("syzkaller-254-hung-task-legacy-task-lines.log");
  ASSERT_EQ(r.events.size(), 10u);
  const Event& hung = r.events[0];
  EXPECT_EQ(hung.kind, EventKind::kHungTask);
  EXPECT_EQ(hung.task.comm, "init");
  EXPECT_EQ(hung.details.at("state"), "D");
  EXPECT_EQ(hung.details.at("ppid"), "1");
  std::vector<int64_t> pids;
  for (size_t i = 1; i <= 6; ++i) {
    const Event& e = r.events[i];
    EXPECT_EQ(e.kind, EventKind::kBlockedTask);
    EXPECT_EQ(e.task.comm, "init");
    EXPECT_EQ(e.details.at("state"), "D");
    pids.push_back(e.task.pid.value_or(0));
  }
  EXPECT_EQ(pids, (std::vector<int64_t>{2293, 2294, 2295, 2296, 2297, 2298}));
  EXPECT_EQ(r.events[1].first_line, 51u);
  EXPECT_EQ(Functions(r.events[1], 2, true), (Strings{"schedule", "schedule_timeout"}));
  EXPECT_EQ(r.events[2].first_line, 95u);
  EXPECT_EQ(Functions(r.events[2], 1, true), (Strings{"schedule"}));
  // "Sending NMI to all CPUs:" before the hung-task panic: one event per CPU.
  EXPECT_EQ(r.events[7].kind, EventKind::kCpuBacktrace);
  EXPECT_EQ(r.events[7].task.comm, "syz-executor491");
  EXPECT_EQ(r.events[8].kind, EventKind::kCpuBacktrace);
  EXPECT_EQ(r.events[8].task.comm, "khungtaskd");
  EXPECT_EQ(r.events[9].kind, EventKind::kPanic);
}

TEST(EventSplitter, LegacySysrqWDump) {
  // "SysRq : Show Blocked State", the column header, a 3.x task line with its
  // saved PC and raw stack words, then a trace of "? " frames only.
  SplitResult r = Split("github-esos-102-sysrq-w-legacy.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kBlockedTask);
  EXPECT_EQ(e.task.comm, "compute2-f1_3");
  EXPECT_EQ(e.task.pid, 3937);
  EXPECT_EQ(e.details.at("state"), "D");
  EXPECT_EQ(e.first_line, 3u);
  EXPECT_EQ(e.last_line, 19u);
  ASSERT_EQ(e.frames.size(), 12u);
  EXPECT_FALSE(e.frames[0].reliable);
  EXPECT_EQ(e.frames[11].function, "xfs_file_aio_read");
}

TEST(EventSplitter, LegacyTaskLineParser) {
  auto t = ParseTaskLine("objcopy         D    0 24916  24912 0x00000000");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->comm, "objcopy");
  EXPECT_EQ(t->state, 'D');
  EXPECT_EQ(t->pid, 24916);
  EXPECT_EQ(t->ppid, 24912);
  auto k = ParseTaskLine("kworker/u4:0    D    0   437      2 0x90000000 2136304260817");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->comm, "kworker/u4:0");
  EXPECT_EQ(k->pid, 437);
  EXPECT_FALSE(ParseTaskLine("ata1.00: configured for UDMA/133"));
  EXPECT_FALSE(ParseTaskLine("init            D ffff88008ad8f5b0 not a task line"));
  // A syslog that collapsed the padding (corpus/wild, openzfs/spl#271's line, collapsed).
  auto c = ParseTaskLine("lsb_release D 0000000000000001 0 3371 3339 0x00000000");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->comm, "lsb_release");
  EXPECT_EQ(c->state, 'D');
  EXPECT_EQ(c->pid, 3371);
  EXPECT_EQ(c->ppid, 3339);
  EXPECT_FALSE(ParseTaskLine("sd 0:0:0:0: [sda] 0x00000000 1 2 3"));
}

// A legacy D-state task line with no report open is the block of a report
// whose header the paste cut (openzfs/spl#271: after a sysrq-t prompt).
TEST(EventSplitter, BareLegacyDStateTaskLineOpensABlockedTask) {
  std::string text = crashsift::testing::ReadFile(
      crashsift::testing::CorpusPath("wild/logs/gh-openzfs-spl-271.log"));
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(text)) splitter.Add(record);
  SplitResult r = splitter.Finish();
  auto blocked = OfKind(r, EventKind::kBlockedTask);
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0]->task.comm, "lsb_release");
  EXPECT_EQ(blocked[0]->task.pid, 3371);
  EXPECT_EQ(blocked[0]->details.at("cut"), "start");
  EXPECT_TRUE(OfKind(r, EventKind::kStackFragment).empty());
}

TEST(EventSplitter, OomKillerInvokedByAnyComm) {
  // "uwsgi invoked oom-killer": a first byte with prefix rules of its own ('u').
  std::string text = crashsift::testing::ReadFile(crashsift::testing::CorpusPath(
      "logs/library/kernel-cgroup-oom/reportportal-203-memcg-5.4.log"));
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(text)) splitter.Add(record);
  SplitResult r = splitter.Finish();
  auto oom = OfKind(r, EventKind::kOom);
  ASSERT_EQ(oom.size(), 2u);
  EXPECT_EQ(oom[1]->first_line, 3u);
  EXPECT_EQ(oom[1]->details.at("gfp_mask"), "0xcc0(GFP_KERNEL)");
}

}  // namespace
}  // namespace crashsift::events

namespace crashsift::events {
namespace {

// Issue 8 class 7: a hung-task header whose task a report template replaced
// ("INFO: task $NAME:$PID blocked ..."): the D-state line names the task.
// Hand-made lines (the real sample of this form is in the wild test split).
TEST(EventSplitter, TemplatedHungTaskHeaderTakesTheTaskFromItsTaskLine) {
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(
           "[ 1.000000] INFO: task $NAME:$PID blocked for more than 120 seconds.\n"
           "[ 1.000001]       Not tainted 5.4.0 #1\n"
           "[ 1.000003] jbd2/sda1-8     D    0   321      2 0x80000000\n"
           "[ 1.000004] Call Trace:\n"
           "[ 1.000005]  __schedule+0x2e3/0x740\n")) {
    splitter.Add(record);
  }
  SplitResult r = splitter.Finish();
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[0].task.comm, "jbd2/sda1-8");
  EXPECT_EQ(r.events[0].task.pid, 321);
}

}  // namespace
}  // namespace crashsift::events
