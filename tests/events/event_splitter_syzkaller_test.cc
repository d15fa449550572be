// EventSplitter on the syzkaller reports of corpus/logs/events: sanitizers,
// warnings, lockdep, leaks, oopses, lockups and stalls from syzbot.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/events/event_splitter.h"
#include "tests/events/split_samples.h"

namespace crashsift::events {
namespace {

TEST(EventSplitter, SyzkallerArm64HungTaskInIoWait) {
  SplitResult r = Split("syzkaller-1000-hung-task-arm64.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kHungTask);
  EXPECT_EQ(e.task.comm, "udevd");
  EXPECT_EQ(e.task.pid, 5612);
  EXPECT_EQ(e.details.at("blocked_seconds"), "143");
  EXPECT_EQ(e.first_line, 3u);
  EXPECT_EQ(e.last_line, 33u);
  EXPECT_EQ(e.frames[0].function, "__switch_to");
}

TEST(EventSplitter, SyzkallerKasan) {
  SplitResult r = Split("syzkaller-147-kasan-use-after-free.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kKasan);
  EXPECT_EQ(e.details.at("tool"), "KASAN");
  EXPECT_EQ(e.details.at("type"), "use-after-free");
  EXPECT_EQ(e.details.at("location"), "__lock_acquire+0x3c41/0x3cf0");
  EXPECT_EQ(e.first_line, 1u);  // the opening "=====" line
  EXPECT_EQ(e.last_line, 95u);  // the closing one
  EXPECT_EQ(e.task.pid, 3471);
  ASSERT_EQ(e.stack_labels.size(), 3u);  // access, allocation, free stacks
  EXPECT_EQ(e.stack_labels[0], "Call Trace:");
  EXPECT_EQ(e.stack_labels[1].rfind("Allocated by task", 0), 0u);
  EXPECT_EQ(e.stack_labels[2].rfind("Freed by task", 0), 0u);
}

TEST(EventSplitter, SyzkallerKfenceAndKmsan) {
  SplitResult kfence = Split("syzkaller-590-kfence-use-after-free.log");
  ASSERT_EQ(kfence.events.size(), 1u);
  EXPECT_EQ(kfence.events[0].kind, EventKind::kKasan);
  EXPECT_EQ(kfence.events[0].details.at("tool"), "KFENCE");
  EXPECT_EQ(kfence.events[0].rip, "find_uprobe+0x57/0x150");
  SplitResult kmsan = Split("syzkaller-626-kmsan-uninit-value.log");
  auto k = OfKind(kmsan, EventKind::kKasan);
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0]->details.at("tool"), "KMSAN");
  EXPECT_EQ(k[0]->details.at("type"), "uninit-value");
}

TEST(EventSplitter, SyzkallerKcsanWithBlankBeforeTheHeadline) {
  // "[   44.381969][    C4]  BUG: KCSAN: data-race in ...": one extra blank.
  SplitResult r = Split("syzkaller-428-kcsan-data-race.log");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kKasan);
  EXPECT_EQ(r.events[0].details.at("tool"), "KCSAN");
  EXPECT_EQ(r.events[0].details.at("type"), "data-race");
  EXPECT_EQ(r.events[0].first_line, 1u);
  EXPECT_FALSE(r.events[0].frames.empty());
}

TEST(EventSplitter, SyzkallerUbsan) {
  SplitResult a = Split("syzkaller-40-ubsan-undefined-behaviour.log");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kUbsan);
  EXPECT_EQ(a.events[0].task.comm, "usb");
  SplitResult b = Split("syzkaller-453-ubsan-array-index.log");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].kind, EventKind::kUbsan);
  EXPECT_EQ(b.events[0].details.at("type"), "Undefined behaviour");
  EXPECT_EQ(b.events[0].details.at("location"), "drivers/misc/lkdtm/bugs.c:243:16");
  EXPECT_EQ(b.events[0].task.comm, "bash");
}

TEST(EventSplitter, SyzkallerWarnings) {
  SplitResult a = Split("syzkaller-140-warning-panic-on-warn.log");
  ASSERT_EQ(a.events.size(), 1u);  // WARNING + "panic_on_warn set" panic: one report
  const Event& w = a.events[0];
  EXPECT_EQ(w.kind, EventKind::kWarning);
  EXPECT_EQ(w.details.at("file"), "./include/net/sock.h");
  EXPECT_EQ(w.details.at("line"), "1508");
  EXPECT_EQ(w.details.at("function"), "strp_data_ready");
  EXPECT_EQ(w.details.at("panic"), "panic_on_warn set ...");
  EXPECT_EQ(w.cpu, 0);
  EXPECT_EQ(w.task.pid, 5944);
  EXPECT_EQ(w.task.comm, "syz-executor1");
  SplitResult b = Split("syzkaller-141-warning-in.log");
  auto warnings = OfKind(b, EventKind::kWarning);
  ASSERT_GE(warnings.size(), 1u);
  EXPECT_FALSE(warnings[0]->frames.empty());
}

TEST(EventSplitter, SyzkallerLockdep) {
  SplitResult a = Split("syzkaller-26-lockdep-possible-deadlock.log");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kLockdep);
  EXPECT_EQ(a.events[0].details.at("type"), "possible circular locking dependency detected");
  // The chain's stacks, then the one after "stack backtrace:".
  const auto& labels = a.events[0].stack_labels;
  EXPECT_NE(std::find(labels.begin(), labels.end(), "Call Trace:"), labels.end());
  EXPECT_GE(labels.size(), 3u);
  SplitResult b = Split("syzkaller-117-lockdep-bad-unlock-balance.log");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].kind, EventKind::kLockdep);
  SplitResult c = Split("syzkaller-543-lockdep-inconsistent-lock-state.log");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].kind, EventKind::kLockdep);
  EXPECT_EQ(c.events[0].details.at("type"), "inconsistent lock state");
}

TEST(EventSplitter, SyzkallerMemoryLeaks) {
  SplitResult a = Split("syzkaller-151-memory-leak-two-objects.log");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kMemoryLeak);
  EXPECT_EQ(a.events[0].stack_labels.size(), 2u);    // one backtrace per object
  EXPECT_EQ(a.events[0].details.at("size"), "944");  // the first object
  EXPECT_EQ(a.events[0].details.at("object"), "0xffff88007658a9e0");
  SplitResult b = Split("syzkaller-309-memory-leak.log");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].kind, EventKind::kMemoryLeak);
  EXPECT_FALSE(b.events[0].frames.empty());
}

TEST(EventSplitter, SyzkallerOopses) {
  SplitResult gpf = Split("syzkaller-148-gpf.log");
  ASSERT_EQ(gpf.events.size(), 1u);
  EXPECT_EQ(gpf.events[0].kind, EventKind::kOops);
  EXPECT_EQ(gpf.events[0].rip, "__lock_acquire+0xd55/0x47f0");
  EXPECT_EQ(gpf.events[0].task.comm, "syzkaller064164");
  SplitResult bug = Split("syzkaller-113-kernel-bug-interleaved.log");
  ASSERT_EQ(bug.events.size(), 1u);
  const Event& e = bug.events[0];
  EXPECT_EQ(e.kind, EventKind::kOops);
  EXPECT_EQ(e.first_line, 1u);  // "------------[ cut here ]------------"
  EXPECT_EQ(e.headline, "kernel BUG at ./include/linux/skbuff.h:2069!");
  EXPECT_EQ(e.details.at("file"), "./include/linux/skbuff.h");
  EXPECT_EQ(e.details.at("line"), "2069");
  EXPECT_EQ(e.rip, "skb_pull+0xd5/0xf0");
  // Unrelated sctp lines are interleaved in the register dump and the trace.
  ASSERT_FALSE(e.frames.empty());
  EXPECT_EQ(e.frames[0].function, "esp6_gro_receive");
  SplitResult paging = Split("syzkaller-139-unable-to-handle-paging.log");
  auto oops = OfKind(paging, EventKind::kOops);
  ASSERT_EQ(oops.size(), 1u);
  EXPECT_EQ(oops[0]->headline.rfind("BUG: unable to handle kernel paging request", 0), 0u);
}

TEST(EventSplitter, Arm32OopsWithOldBacktrace) {
  SplitResult r = Split("syzkaller-243-arm-paging-request.log");
  auto oops = OfKind(r, EventKind::kOops);
  ASSERT_EQ(oops.size(), 1u);
  const Event& e = *oops[0];
  EXPECT_EQ(e.rip, "migrate_task_rq_fair+0x58/0xa8");  // "PC is at ..."
  EXPECT_EQ(e.task.comm, "syz-executor3");
  EXPECT_EQ(e.hardware, "ARM-Versatile Express");
  // "[<8015df40>] (migrate_task_rq_fair) from [<801559ec>] (set_task_cpu+0x4c/0xf8)"
  ASSERT_GE(e.frames.size(), 3u);
  EXPECT_EQ(e.frames[0].function, "migrate_task_rq_fair");
  EXPECT_EQ(e.frames[0].address, 0x8015df40u);
  EXPECT_EQ(e.frames[1].function, "set_task_cpu");
  EXPECT_EQ(e.last_line, 50u);                         // "---[ end trace 40a40345abe25c43 ]---"
  EXPECT_EQ(OfKind(r, EventKind::kPanic).size(), 1u);  // "Fatal exception" follows
}

TEST(EventSplitter, SyzkallerSoftLockupAndRcuStall) {
  SplitResult soft = Split("syzkaller-264-soft-lockup.log");
  auto s = OfKind(soft, EventKind::kSoftLockup);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0]->task.comm, "syz-executor4");
  EXPECT_EQ(s[0]->cpu, 1);
  EXPECT_EQ(s[0]->rip, "d_walk+0x840/0xc80");
  SplitResult rcu = Split("syzkaller-145-rcu-stall.log");
  auto st = OfKind(rcu, EventKind::kRcuStall);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_FALSE(st[0]->frames.empty());
}

TEST(EventSplitter, SyzkallerOtherBugs) {
  for (const char* sample : {"syzkaller-375-sleeping-function-other.log",
                             "syzkaller-608-sleeping-function-other-2.log"}) {
    SplitResult r = Split(sample);
    ASSERT_FALSE(r.events.empty()) << sample;
    EXPECT_EQ(r.events[0].kind, EventKind::kOther) << sample;
    EXPECT_EQ(r.events[0].headline.rfind("BUG: sleeping function called from invalid context", 0),
              0u)
        << sample;
  }
}

}  // namespace
}  // namespace crashsift::events
