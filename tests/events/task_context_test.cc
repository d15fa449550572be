#include "analyzer/events/task_context.h"

#include <gtest/gtest.h>

namespace crashsift::events {
namespace {

TEST(ParseTaskContext, Debian61WithKdumpAndTaint) {  // lab-oops.console.log
  auto ctx = ParseTaskContext(
      "CPU: 0 PID: 1 Comm: init Kdump: loaded Tainted: G           OE      6.1.0-56-amd64 #1  "
      "Debian 6.1.192-2");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->cpu, 0);
  EXPECT_EQ(ctx->pid, 1);
  EXPECT_EQ(ctx->comm, "init");
  EXPECT_TRUE(ctx->kdump_loaded);
  EXPECT_EQ(ctx->taint, "G           OE");
  EXPECT_EQ(ctx->release, "6.1.0-56-amd64");
  EXPECT_EQ(ctx->build, "#1  Debian 6.1.192-2");
}

TEST(ParseTaskContext, NotTainted) {  // lab-hungpanic.console.log
  auto ctx = ParseTaskContext(
      "CPU: 1 PID: 28 Comm: khungtaskd Kdump: loaded Not tainted 6.1.0-56-amd64 #1  Debian "
      "6.1.192-2");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->comm, "khungtaskd");
  EXPECT_EQ(ctx->pid, 28);
  EXPECT_TRUE(ctx->taint.empty());
  EXPECT_EQ(ctx->release, "6.1.0-56-amd64");
}

TEST(ParseTaskContext, UidLayoutOf610AndCommWithSpaces) {
  // 6.10+ inserts "UID: n" before PID (lib/dump_stack.c).
  auto ctx = ParseTaskContext("CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.0 #1");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->uid, 0);
  EXPECT_EQ(ctx->pid, 1);
  EXPECT_EQ(ctx->comm, "swapper/0");
  EXPECT_EQ(ctx->release, "6.12.0");
  // "CPU 0/KVM" is a real thread name (shakenfist/shakenfist#177).
  auto kvm = ParseTaskContext(
      "CPU: 44 PID: 24430 Comm: CPU 0/KVM Not tainted 4.15.0-108-generic #109-Ubuntu");
  ASSERT_TRUE(kvm);
  EXPECT_EQ(kvm->comm, "CPU 0/KVM");
  EXPECT_EQ(kvm->cpu, 44);
  EXPECT_EQ(kvm->release, "4.15.0-108-generic");
}

TEST(ParseTaskContext, RhelDashesAreNotTaint) {  // github-openzfs-6332-zfs-space-delta-cb.log
  auto ctx = ParseTaskContext(
      "CPU: 5 PID: 130238 Comm: mdt01_006 Tainted: P           OE  ------------   "
      "3.10.0-514.26.1.el7.x86_64 #1");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->taint, "P           OE");
  EXPECT_EQ(ctx->release, "3.10.0-514.26.1.el7.x86_64");
}

TEST(ParseTaskContext, Old3xLayout) {
  auto ctx = ParseTaskContext(
      "Pid: 2104, comm: kworker/0:1 Tainted: G        W    3.2.0-4-amd64 #1 Debian 3.2.65-1");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->pid, 2104);
  EXPECT_EQ(ctx->comm, "kworker/0:1");
  EXPECT_EQ(ctx->taint, "G        W");
  EXPECT_FALSE(ctx->cpu);
}

TEST(ParseTaskContext, RejectsOtherLines) {
  EXPECT_FALSE(ParseTaskContext("CPU: supports 7 MCE banks"));
  EXPECT_FALSE(ParseTaskContext("rcu: \t0-....: (750 ticks this GP)"));
}

TEST(DecodeTaint, AllLettersOfTheKernelTable) {
  auto flags = DecodeTaint("PFSRMBUDAWCIOELKXTNJ");
  ASSERT_EQ(flags.size(), 20u);
  EXPECT_EQ(flags[0].letter, 'P');
  EXPECT_EQ(flags[12].letter, 'O');
  EXPECT_EQ(flags[12].meaning, "externally-built (out-of-tree) module was loaded");
  EXPECT_EQ(flags[19].letter, 'J');
}

TEST(DecodeTaint, PrintedForms) {
  auto oe = DecodeTaint("G           OE");
  ASSERT_EQ(oe.size(), 2u);
  EXPECT_EQ(oe[0].letter, 'O');
  EXPECT_EQ(oe[1].letter, 'E');
  EXPECT_FALSE(IsTainted("G"));
  EXPECT_TRUE(IsTainted("G           OEL"));
  // 6.10+ adds a line "Tainted: [W]=WARN, [O]=OOT_MODULE": only bracketed letters.
  auto named = DecodeTaint("[W]=WARN, [O]=OOT_MODULE");
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[0].letter, 'W');
  EXPECT_EQ(named[1].letter, 'O');
}

}  // namespace
}  // namespace crashsift::events
