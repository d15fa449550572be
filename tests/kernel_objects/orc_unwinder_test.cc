// The ORC unwinder on real entries of Debian kernels of each layout, and on
// stacks laid out by hand: a running CPU's stack from its registers through
// an IRQ-stack switch and an interrupt's pt_regs to the syscall entry, the
// stack scan when ORC cannot go on, and the guards against bad data.
#include "analyzer/kernel_objects/orc_unwinder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/kernel_objects/fake_memory.h"

namespace crashsift::kernel_objects {
namespace {

using Type = OrcEntry::Type;

OrcEntry Decode(const std::string& hex, OrcLayout layout) {
  std::byte raw[6];
  for (size_t i = 0; i < 6; ++i)
    raw[i] = static_cast<std::byte>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return DecodeOrcEntry(std::span<const std::byte, 6>(raw, 6), layout);
}

TEST(OrcLayout, ByRelease) {
  EXPECT_EQ(OrcLayoutFor("6.1.0-57-amd64"), OrcLayout::kV1);
  EXPECT_EQ(OrcLayoutFor("4.14.0"), OrcLayout::kV1);
  EXPECT_EQ(OrcLayoutFor("6.2.16"), OrcLayout::kV1);
  EXPECT_EQ(OrcLayoutFor("6.3.0-1-amd64"), OrcLayout::kV2);
  EXPECT_EQ(OrcLayoutFor("6.4.0"), OrcLayout::kV3);
  EXPECT_EQ(OrcLayoutFor("6.12.107+deb12-amd64"), OrcLayout::kV3);
  EXPECT_EQ(OrcLayoutFor("7.0.1"), OrcLayout::kV3);
  EXPECT_EQ(OrcLayoutFor("4.9.0-19-amd64"), std::nullopt);
}

// Real entries of Debian's 6.1.0-57-amd64 vmlinux (linux-image-6.1.0-57-amd64-dbg
// 6.1.192-3, .orc_unwind, named with nm): 4.14-6.2 layout.
TEST(OrcEntryDecode, Debian61Vmlinux) {
  // __schedule+0x1: after push %rbp: CFA = sp + 16, bp saved at CFA - 16.
  OrcEntry push_bp = Decode("1000f0ff1500", OrcLayout::kV1);
  EXPECT_EQ(push_bp.sp_reg, 5);
  EXPECT_EQ(push_bp.sp_offset, 16);
  EXPECT_EQ(push_bp.bp_reg, 1);
  EXPECT_EQ(push_bp.bp_offset, -16);
  EXPECT_EQ(push_bp.type, Type::kCall);
  EXPECT_FALSE(push_bp.signal);
  // __schedule+0x4: mov %rsp,%rbp: CFA = bp + 16.
  EXPECT_EQ(Decode("1000f0ff1400", OrcLayout::kV1).sp_reg, 4);
  // ret_from_fork+0x0: UNWIND_HINT_EMPTY, the end of a kernel thread's stack.
  EXPECT_EQ(Decode("000000000004", OrcLayout::kV1).type, Type::kEndOfStack);
  // ret_from_fork+0xd: pt_regs at sp.
  OrcEntry regs = Decode("000000000501", OrcLayout::kV1);
  EXPECT_EQ(regs.type, Type::kRegs);
  EXPECT_TRUE(regs.signal);
  // asm_sysvec_apic_timer_interrupt+0x6: the IRET frame 8 bytes up (error code).
  OrcEntry iret = Decode("080000000502", OrcLayout::kV1);
  EXPECT_EQ(iret.type, Type::kRegsPartial);
  EXPECT_EQ(iret.sp_offset, 8);
  // entry_SYSCALL_64+0x0: no unwind information (user stack pointer).
  EXPECT_EQ(Decode("000000000000", OrcLayout::kV1).type, Type::kUndefined);
}

// Real entries of Debian's 6.12.107+deb12-amd64 vmlinux (extracted from the
// vmlinuz of linux-image-6.12.107+deb12-amd64-unsigned 6.12.107-1~deb12u1;
// runtime addresses without KASLR): 6.4+ layout, 3-bit type and signal bit.
TEST(OrcEntryDecode, Debian612Vmlinux) {
  // 0xffffffff81000a30: END_OF_STACK (type 1).
  EXPECT_EQ(Decode("000000000001", OrcLayout::kV3).type, Type::kEndOfStack);
  // The same bytes in the old layout: sp_reg undefined, end bit clear.
  EXPECT_EQ(Decode("000000000001", OrcLayout::kV1).type, Type::kUndefined);
  // 0xffffffff81000056: CALL, CFA = sp + 24, bp at CFA - 24.
  OrcEntry call = Decode("1800e8ff1502", OrcLayout::kV3);
  EXPECT_EQ(call.type, Type::kCall);
  EXPECT_EQ(call.sp_offset, 24);
  EXPECT_EQ(call.bp_reg, 1);
  EXPECT_EQ(call.bp_offset, -24);
  // The same bytes read as 6.1's: type 2 would be REGS_PARTIAL.
  EXPECT_EQ(Decode("1800e8ff1502", OrcLayout::kV1).type, Type::kRegsPartial);
  // 0xffffffff81008a0a: REGS with signal.
  OrcEntry regs = Decode("00000000050b", OrcLayout::kV3);
  EXPECT_EQ(regs.type, Type::kRegs);
  EXPECT_TRUE(regs.signal);
  // 0xffffffff8103f674: REGS_PARTIAL, sp + 8, signal.
  OrcEntry partial = Decode("08000000050c", OrcLayout::kV3);
  EXPECT_EQ(partial.type, Type::kRegsPartial);
  EXPECT_EQ(partial.sp_offset, 8);
  EXPECT_TRUE(partial.signal);
  // 0xffffffff81e01240: REGS_PARTIAL without signal (the bit is its own now).
  OrcEntry no_signal = Decode("000000000504", OrcLayout::kV3);
  EXPECT_EQ(no_signal.type, Type::kRegsPartial);
  EXPECT_FALSE(no_signal.signal);
  // 0xffffffff8102a939: SP_INDIRECT + 16 (call_on_stack's IRQ-stack switch).
  OrcEntry indirect = Decode("100000000902", OrcLayout::kV3);
  EXPECT_EQ(indirect.sp_reg, 9);
  EXPECT_EQ(indirect.sp_offset, 16);
  EXPECT_EQ(indirect.type, Type::kCall);
  EXPECT_EQ(Decode("000000000000", OrcLayout::kV3).type, Type::kUndefined);
}

// 6.3 entries, constructed (no 6.3 kernel at hand): signal at bit 10, end at
// bit 11, type still 2 bits.
TEST(OrcEntryDecode, Linux63Bits) {
  OrcEntry end = Decode("000000000008", OrcLayout::kV2);
  EXPECT_EQ(end.type, Type::kEndOfStack);
  OrcEntry signal_call = Decode("100000000504", OrcLayout::kV2);
  EXPECT_EQ(signal_call.type, Type::kCall);
  EXPECT_TRUE(signal_call.signal);
}

// The ORC tables and text of a made-up kernel, for the stacks below.
constexpr uint64_t kText = 0xffffffff81000000;
constexpr uint64_t kFnA = kText + 0x1000;  // on the IRQ stack (stop_this_cpu)
constexpr uint64_t kFnB = kText + 0x2000;  // switched to the IRQ stack (call_on_irqstack)
constexpr uint64_t kFnC = kText + 0x3000;  // interrupt entry: pt_regs at sp
constexpr uint64_t kFnD = kText + 0x4000;  // interrupted (default_idle): push %rbp
constexpr uint64_t kFnE = kText + 0x5000;  // a caller
constexpr uint64_t kFnF = kText + 0x6000;  // syscall entry: user pt_regs
constexpr uint64_t kIrqStack = 0xffffc90000000000;
constexpr uint64_t kTaskStack = 0xffffc90000010000;

OrcEntry Entry(Type type, uint8_t sp_reg, int16_t sp_offset, uint8_t bp_reg = 0,
               int16_t bp_offset = 0) {
  OrcEntry e;
  e.type = type;
  e.sp_reg = sp_reg;
  e.sp_offset = sp_offset;
  e.bp_reg = bp_reg;
  e.bp_offset = bp_offset;
  e.signal = type == Type::kRegs || type == Type::kRegsPartial;
  return e;
}

OrcSource MadeUpKernel(std::map<uint64_t, OrcEntry> table) {
  auto shared = std::make_shared<std::map<uint64_t, OrcEntry>>(std::move(table));
  OrcSource orc;
  orc.is_text = [](uint64_t ip) { return ip >= kText && ip < kText + 0x10000; };
  orc.find = [shared](uint64_t ip) -> std::optional<OrcEntry> {
    auto it = shared->upper_bound(ip);
    if (it == shared->begin()) return std::nullopt;
    return std::prev(it)->second;
  };
  return orc;
}

std::map<uint64_t, OrcEntry> StandardTable() {
  return {{kFnA, Entry(Type::kCall, 5, 8)},
          {kFnB, Entry(Type::kCall, 9, 8)},  // SP_INDIRECT: the old sp saved at the IRQ stack's top
          {kFnC, Entry(Type::kRegs, 5, 0)},
          {kFnD, Entry(Type::kCall, 5, 16, 1, -16)},
          {kFnE, Entry(Type::kCall, 5, 8)},
          {kFnF, Entry(Type::kRegs, 5, 0)},
          {kText + 0x7000, Entry(Type::kUndefined, 0, 0)}};
}

TEST(OrcUnwind, RunningCpuFromRegistersThroughIrqStackAndInterruptToUserEntry) {
  testing::FakeMemory memory;
  memory.Region(kIrqStack, 0x4000);
  memory.Region(kTaskStack, 0x4000);
  // A's frame on the IRQ stack: its return address into B.
  memory.Put64(kIrqStack + 0x3f00, kFnB + 0x20);
  // B: the task stack pointer saved at the IRQ stack's top.
  memory.Put64(kIrqStack + 0x3f08, kTaskStack + 0x3e00);
  // C's return address on the task stack, then its pt_regs: the interrupted
  // kernel code D, kernel cs, D's sp and bp.
  memory.Put64(kTaskStack + 0x3e00, kFnC + 0x30);
  const uint64_t regs = kTaskStack + 0x3e08;
  memory.Put64(regs + 16 * 8, kFnD + 0x40);          // ip
  memory.Put64(regs + 17 * 8, 0x10);                 // cs: kernel
  memory.Put64(regs + 19 * 8, kTaskStack + 0x3f00);  // sp
  memory.Put64(regs + 4 * 8, 0x1234);                // bp
  // D: saved bp, then the return address into E; E's into F.
  memory.Put64(kTaskStack + 0x3f00, 0x5678);
  memory.Put64(kTaskStack + 0x3f08, kFnE + 0x50);
  memory.Put64(kTaskStack + 0x3f10, kFnF + 0x60);
  // F: pt_regs with a user-mode cs: the stack ends there.
  memory.Put64(kTaskStack + 0x3f18 + 17 * 8, 0x33);

  UnwindStart start;
  start.ip = kFnA + 0x10;
  start.sp = kIrqStack + 0x3f00;
  start.exact_ip = true;
  start.running = true;
  start.stack = kTaskStack;
  start.stack_size = kThreadSize;
  UnwoundStack stack = OrcUnwinder::Unwind(memory.Reader(), MadeUpKernel(StandardTable()), start);
  EXPECT_EQ(stack.stopped, "");
  ASSERT_EQ(stack.frames.size(), 6u);
  const uint64_t want[] = {kFnA + 0x10, kFnB + 0x20, kFnC + 0x30,
                           kFnD + 0x40, kFnE + 0x50, kFnF + 0x60};
  const bool exact[] = {true, false, false, true, false, false};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(stack.frames[i].ip, want[i]) << i;
    EXPECT_EQ(stack.frames[i].exact, exact[i]) << i;
    EXPECT_TRUE(stack.frames[i].reliable) << i;
  }
}

TEST(OrcUnwind, WhereOrcStopsTheRestOfTheStackIsScannedForTextAsUnreliable) {
  testing::FakeMemory memory;
  memory.Region(kTaskStack, 0x4000);
  // E's return address is not text (a corrupted slot): ORC stops; the scan
  // finds the two text words above it and skips the rest.
  memory.Put64(kTaskStack + 0x3f00, 0xdead0000);
  memory.Put64(kTaskStack + 0x3f08, 42);
  memory.Put64(kTaskStack + 0x3f10, kFnD + 0x44);
  memory.Put64(kTaskStack + 0x3f20, kFnF + 0x66);
  UnwindStart start;
  start.ip = kFnE + 0x50;
  start.sp = kTaskStack + 0x3f00;
  start.stack = kTaskStack;
  start.stack_size = kThreadSize;
  UnwoundStack stack = OrcUnwinder::Unwind(memory.Reader(), MadeUpKernel(StandardTable()), start);
  EXPECT_EQ(stack.stopped, "a return address that is not kernel text");
  ASSERT_EQ(stack.frames.size(), 3u);
  EXPECT_EQ(stack.frames[0].ip, kFnE + 0x50);
  EXPECT_TRUE(stack.frames[0].reliable);
  EXPECT_EQ(stack.frames[1].ip, kFnD + 0x44);
  EXPECT_FALSE(stack.frames[1].reliable);
  EXPECT_EQ(stack.frames[2].ip, kFnF + 0x66);
  EXPECT_FALSE(stack.frames[2].reliable);
}

TEST(OrcUnwind, ABlockedTaskNeverLeavesItsStack) {
  testing::FakeMemory memory;
  memory.Region(kTaskStack, 0x4000);
  memory.Region(kIrqStack, 0x4000);
  // B's SP_INDIRECT would jump to another stack: a blocked task has no
  // reason to, so the unwind stops there.
  memory.Put64(kTaskStack + 0x3f00, kIrqStack + 0x100);
  memory.Put64(kIrqStack + 0x100, kFnE + 0x50);
  UnwindStart start;
  start.ip = kFnB + 0x20;
  start.sp = kTaskStack + 0x3f00;
  start.stack = kTaskStack;
  start.stack_size = kThreadSize;
  UnwoundStack stack = OrcUnwinder::Unwind(memory.Reader(), MadeUpKernel(StandardTable()), start);
  EXPECT_EQ(stack.stopped, "the unwind left the task's stack");
  ASSERT_FALSE(stack.frames.empty());
  EXPECT_EQ(stack.frames[0].ip, kFnB + 0x20);
}

TEST(OrcUnwind, AStackGoingTheWrongWayIsBadData) {
  testing::FakeMemory memory;
  memory.Region(kTaskStack, 0x4000);
  auto table = StandardTable();
  table[kFnE] = Entry(Type::kCall, 5, 0);  // CFA = sp: no progress
  memory.Put64(kTaskStack + 0x3ef8, kFnE + 0x50);
  UnwindStart start;
  start.ip = kFnE + 0x50;
  start.sp = kTaskStack + 0x3f00;
  start.stack = kTaskStack;
  start.stack_size = kThreadSize;
  UnwoundStack stack = OrcUnwinder::Unwind(memory.Reader(), MadeUpKernel(table), start);
  EXPECT_EQ(stack.stopped, "the stack goes the wrong direction");
  EXPECT_EQ(stack.frames.size(), 1u);
}

TEST(OrcUnwind, AKernelThreadEndsAtItsEndOfStackEntry) {
  testing::FakeMemory memory;
  memory.Region(kTaskStack, 0x4000);
  auto table = StandardTable();
  table[kFnF] = Entry(Type::kEndOfStack, 0, 0);  // ret_from_fork
  memory.Put64(kTaskStack + 0x3f00, kFnF + 0x10);
  UnwindStart start;
  start.ip = kFnE + 0x50;
  start.sp = kTaskStack + 0x3f00;
  start.stack = kTaskStack;
  start.stack_size = kThreadSize;
  UnwoundStack stack = OrcUnwinder::Unwind(memory.Reader(), MadeUpKernel(table), start);
  EXPECT_EQ(stack.stopped, "");
  ASSERT_EQ(stack.frames.size(), 2u);
  EXPECT_EQ(stack.frames[1].ip, kFnF + 0x10);
}

TEST(OrcTable, ParsesSelfRelativeIpsAndSortsThem) {
  // Two slots at 0x1000: +0x20 and -0x10 relative to themselves.
  std::string ips(8, '\0');
  int32_t a = 0x20;
  int32_t b = -0x10;
  std::memcpy(ips.data(), &a, 4);
  std::memcpy(ips.data() + 4, &b, 4);
  const char raw[] =
      "\x08\x00\x00\x00\x05\x00"
      "\x10\x00\xf0\xff\x15\x00";
  std::string entries(raw, 12);
  auto table = OrcTable::Parse(ips, 0x1000, entries, OrcLayout::kV1, 0x100, "t");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 2u);
  // slot 1: 0x1004 - 0x10 + 0x100 = 0x10f4; slot 0: 0x1000 + 0x20 + 0x100 = 0x1120.
  EXPECT_FALSE(table->Find(0x10f3));
  EXPECT_EQ(table->Find(0x10f4)->sp_offset, 16);
  EXPECT_EQ(table->Find(0x1120)->sp_offset, 8);
  EXPECT_FALSE(OrcTable::Parse(ips, 0x1000, entries.substr(0, 6), OrcLayout::kV1, 0, "t"));
}

}  // namespace
}  // namespace crashsift::kernel_objects
