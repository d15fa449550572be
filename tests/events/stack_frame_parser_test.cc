#include "analyzer/events/stack_frame_parser.h"

#include <gtest/gtest.h>

namespace crashsift::events {
namespace {

// Lines below are copied from the corpus samples named in each test.

TEST(ParseStackFrame, ModernFrameWithModule) {  // github-openzfs-16157-zap-create-leaf.log
  auto f = ParseStackFrame(" zap_expand_leaf+0x4ec/0x520 [zfs]", 11);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->function, "zap_expand_leaf");
  EXPECT_EQ(f->normalized_function, "zap_expand_leaf");
  EXPECT_EQ(f->offset, 0x4ecu);
  EXPECT_EQ(f->size, 0x520u);
  EXPECT_EQ(f->module, "zfs");
  EXPECT_TRUE(f->reliable);
  EXPECT_EQ(f->line, 11u);
  EXPECT_FALSE(f->address);
}

TEST(ParseStackFrame, UnreliableAndCloneSuffixes) {  // lab-hung.console.log
  auto f = ParseStackFrame(" ? __percpu_rwsem_trylock.part.0+0x60/0x60");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->reliable);
  EXPECT_EQ(f->function, "__percpu_rwsem_trylock.part.0");
  EXPECT_EQ(f->normalized_function, "__percpu_rwsem_trylock");
  EXPECT_TRUE(f->module.empty());

  auto cold = ParseStackFrame(" __handle_sysrq.cold+0x44/0x11c");
  ASSERT_TRUE(cold);
  EXPECT_EQ(cold->normalized_function, "__handle_sysrq");
  auto constprop = ParseStackFrame(" ? zio_execute_stack_check.constprop.0+0x10/0x10 [zfs]");
  ASSERT_TRUE(constprop);
  EXPECT_EQ(constprop->normalized_function, "zio_execute_stack_check");
  EXPECT_EQ(constprop->module, "zfs");
  EXPECT_FALSE(constprop->reliable);
}

TEST(ParseStackFrame, OldBracketedForm) {  // github-openzfs-5396-dbuf-create-verify.log
  auto f = ParseStackFrame(" [<ffffffffa0560eaf>] spl_panic+0xbf/0xf0 [spl]");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->address, 0xffffffffa0560eafull);
  EXPECT_EQ(f->function, "spl_panic");
  EXPECT_EQ(f->offset, 0xbfu);
  EXPECT_EQ(f->size, 0xf0u);
  EXPECT_EQ(f->module, "spl");
  EXPECT_TRUE(f->reliable);

  auto q = ParseStackFrame(" [<ffffffffa0bf4e46>] ? refcount_remove+0x16/0x20 [zfs]");
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->reliable);
  EXPECT_EQ(q->function, "refcount_remove");
  EXPECT_EQ(q->module, "zfs");
}

TEST(ParseStackFrame, ModuleBuildId) {
  // 5.19+ with CONFIG_STACKTRACE_BUILD_ID: "[module build-id]".
  auto f = ParseStackFrame(" spl_panic+0xf4/0x10c [spl 3f2a0b1c9d8e7f6a]");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->module, "spl");
  EXPECT_EQ(f->module_build_id, "3f2a0b1c9d8e7f6a");
}

TEST(ParseStackFrame, SyzbotSymbolizedAndInlined) {  // syzkaller-148-gpf.log
  auto f = ParseStackFrame(" __dump_stack lib/dump_stack.c:17 [inline]");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->is_inline);
  EXPECT_EQ(f->function, "__dump_stack");
  ASSERT_EQ(f->source.size(), 1u);
  EXPECT_EQ(f->source[0].file, "lib/dump_stack.c");
  EXPECT_EQ(f->source[0].line, 17u);
  EXPECT_FALSE(f->offset);

  auto g = ParseStackFrame(" dump_stack+0x194/0x257 lib/dump_stack.c:53");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->function, "dump_stack");
  ASSERT_EQ(g->source.size(), 1u);
  EXPECT_EQ(g->source[0].line, 53u);
  EXPECT_FALSE(g->is_inline);
}

TEST(ParseStackFrame, Arm64FrameMarks) {  // syzkaller-1000-hung-task-arm64.log
  auto f = ParseStackFrame(" __switch_to+0x2b0/0x6e0 (T)");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->function, "__switch_to");
}

TEST(ParseStackFrame, RejectsNonFrames) {
  EXPECT_FALSE(ParseStackFrame("Call Trace:"));
  EXPECT_FALSE(ParseStackFrame("RSP: 0018:ffffcbda80013d18 EFLAGS: 00000282"));
  EXPECT_FALSE(
      ParseStackFrame(" ffff880181c2fbc8 ffff8801f81c2740 0000000000013e80 ffff880181c2ffd8"));
  EXPECT_FALSE(ParseStackFrame("LAB: D-state: 113 D    txg_sync"));
  EXPECT_FALSE(ParseStackFrame("loop0: detected capacity change from 0 to 32768"));
  EXPECT_FALSE(ParseStackFrame(""));
  EXPECT_FALSE(ParseStackFrame(" foo+0xzz/0x10"));
  EXPECT_FALSE(ParseStackFrame(" <TASK>"));
}

TEST(ParseStackFrame, Arm32Forms) {
  // syzkaller-243-arm-paging-request.log (4.17) and the 5.x+ form.
  auto old =
      ParseStackFrame("[<801559ec>] (set_task_cpu) from [<80155eb8>] (try_to_wake_up+0x164/0x3a4)");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->function, "set_task_cpu");
  EXPECT_EQ(old->address, 0x801559ecu);
  auto modern = ParseStackFrame(" show_stack from dump_stack_lvl+0x90/0xac");
  ASSERT_TRUE(modern);
  EXPECT_EQ(modern->function, "show_stack");
  EXPECT_FALSE(ParseStackFrame(" data from disk"));  // the caller has no +offset
  EXPECT_FALSE(ParseStackFrame(" read data from the disk"));
}

TEST(ParseContextMarker, Markers) {
  auto task = ParseContextMarker(" <TASK>");
  ASSERT_TRUE(task);
  EXPECT_EQ(task->context, "task");
  EXPECT_FALSE(task->closing);
  auto irq = ParseContextMarker(" </IRQ>");
  ASSERT_TRUE(irq);
  EXPECT_EQ(irq->context, "irq");
  EXPECT_TRUE(irq->closing);
  EXPECT_EQ(ParseContextMarker("<NMI>")->context, "nmi");
  EXPECT_EQ(ParseContextMarker("<SOFTIRQ>")->context, "softirq");
  EXPECT_TRUE(ParseContextMarker(" <EOI>")->closing);
  EXPECT_EQ(ParseContextMarker("<#DF>")->context, "exception");
  EXPECT_FALSE(ParseContextMarker("<foo>"));
  EXPECT_FALSE(ParseContextMarker("TASK"));
}

TEST(ParseStackFrame, MarkerOnTheFrameLine) {  // 3.x kernels
  auto f = ParseStackFrame(" <IRQ>  [<ffffffff810b1c2a>] update_process_times+0x1a/0x60");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->context, "irq");
  EXPECT_EQ(f->function, "update_process_times");
}

TEST(ParseInstructionPointer, X86AndArm64) {
  auto rip = ParseInstructionPointer("RIP: 0010:lab_do_work+0x5/0x10 [labcrash]");  // lab-oops
  ASSERT_TRUE(rip);
  EXPECT_EQ(rip->function, "lab_do_work");
  EXPECT_EQ(rip->module, "labcrash");
  EXPECT_EQ(rip->offset, 5u);
  EXPECT_FALSE(ParseInstructionPointer("RIP: 0033:0x47b7a0"));  // user space
  auto old = ParseInstructionPointer(
      "RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] do_raw_spin_lock+0x1/0x2");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->function, "do_raw_spin_lock");
  auto pc = ParseInstructionPointer("pc : __switch_to+0x2b0/0x6e0");
  ASSERT_TRUE(pc);
  EXPECT_EQ(pc->function, "__switch_to");
  EXPECT_FALSE(ParseInstructionPointer("RSP: 0018:ffffcbda80013d18 EFLAGS: 00000282"));
}

// scripts/decode_stacktrace.sh output (mptcp-net-next#433, wild dev split).
TEST(ParseStackFrame, DecodedFramesKeepTheirSourceLine) {
  auto f = ParseStackFrame("vfs_get_tree (fs/super.c:1712) ");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->function, "vfs_get_tree");
  ASSERT_EQ(f->source.size(), 1u);
  EXPECT_EQ(f->source[0].file, "fs/super.c");
  EXPECT_EQ(f->source[0].line, 1712u);
  auto d = ParseStackFrame("task_work_run (kernel/task_work.c:181 (discriminator 1)) ");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source[0].line, 181u);
  EXPECT_FALSE(ParseStackFrame("Fixed it (see the notes) today"));
  EXPECT_FALSE(ParseStackFrame("ACPI: Added _OSI(Module Device)"));
}

}  // namespace
}  // namespace crashsift::events
