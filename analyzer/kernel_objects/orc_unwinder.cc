#include "analyzer/kernel_objects/orc_unwinder.h"

#include <algorithm>
#include <cstring>

#include "analyzer/core/version.h"
#include "analyzer/kernel_objects/memory_read.h"

namespace crashsift::kernel_objects {
namespace {

constexpr size_t kMaxFrames = 96;
constexpr size_t kMaxScanFrames = 48;

// struct pt_regs (arch/x86/include/asm/ptrace.h, x86_64): bp, ip, cs, sp.
constexpr uint64_t kRegsBp = 4 * 8;
constexpr uint64_t kRegsIp = 16 * 8;
constexpr uint64_t kRegsCs = 17 * 8;
constexpr uint64_t kRegsSp = 19 * 8;
// An IRET frame (ip, cs, flags, sp, ss) sits at the end of a pt_regs.
constexpr uint64_t kIretCs = 8;
constexpr uint64_t kIretSp = 24;

// The frame-pointer guess the kernel uses where ORC has no entry
// (orc_fp_entry in unwind_orc.c): CFA = bp + 16, caller's bp at CFA - 16.
OrcEntry FramePointerEntry() {
  OrcEntry e;
  e.sp_reg = kOrcRegBp;
  e.sp_offset = 16;
  e.bp_reg = kOrcRegPrevSp;
  e.bp_offset = -16;
  e.type = OrcEntry::Type::kCall;
  return e;
}

}  // namespace

std::optional<OrcLayout> OrcLayoutFor(std::string_view release) {
  auto version = ParseVersion(release);
  if (!version) return std::nullopt;
  auto part = [&](size_t i) { return i < version->numbers.size() ? version->numbers[i] : 0u; };
  const uint32_t major = part(0);
  const uint32_t minor = part(1);
  if (major < 4 || (major == 4 && minor < 14)) return std::nullopt;
  if (major > 6 || (major == 6 && minor >= 4)) return OrcLayout::kV3;
  if (major == 6 && minor == 3) return OrcLayout::kV2;
  return OrcLayout::kV1;
}

OrcEntry DecodeOrcEntry(std::span<const std::byte, 6> raw, OrcLayout layout) {
  OrcEntry e;
  uint16_t bits = 0;
  std::memcpy(&e.sp_offset, raw.data(), 2);
  std::memcpy(&e.bp_offset, raw.data() + 2, 2);
  std::memcpy(&bits, raw.data() + 4, 2);
  e.sp_reg = bits & 0xf;
  e.bp_reg = (bits >> 4) & 0xf;
  using T = OrcEntry::Type;
  if (layout == OrcLayout::kV3) {
    static constexpr T kTypes[] = {T::kUndefined, T::kEndOfStack, T::kCall, T::kRegs,
                                   T::kRegsPartial};
    const unsigned type = (bits >> 8) & 0x7;
    e.type = type < 5 ? kTypes[type] : T::kUndefined;
    e.signal = ((bits >> 11) & 1) != 0;
    return e;
  }
  const unsigned type = (bits >> 8) & 0x3;
  const bool end = ((bits >> (layout == OrcLayout::kV2 ? 11 : 10)) & 1) != 0;
  if (layout == OrcLayout::kV2) e.signal = ((bits >> 10) & 1) != 0;
  // Before 6.4 "undefined" and "end of stack" were sp_reg undefined with the
  // end bit clear or set.
  if (e.sp_reg == kOrcRegUndefined) {
    e.type = end ? T::kEndOfStack : T::kUndefined;
  } else {
    e.type = type == 0   ? T::kCall
             : type == 1 ? T::kRegs
             : type == 2 ? T::kRegsPartial
                         : T::kUndefined;
  }
  // REGS and REGS_PARTIAL always meant "signal" before the bit existed.
  if (e.type == T::kRegs || e.type == T::kRegsPartial) e.signal = true;
  return e;
}

Result<OrcTable> OrcTable::Parse(std::string_view ip_bytes, uint64_t ip_address,
                                 std::string_view entries, OrcLayout layout, uint64_t bias,
                                 const std::string& path) {
  const size_t count = ip_bytes.size() / 4;
  if (entries.size() / 6 < count)
    return Fail(ErrorCode::kCorrupt, path, "the ORC entries are fewer than their ips");
  std::vector<std::pair<uint64_t, OrcEntry>> table;
  table.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    int32_t relative = 0;
    std::memcpy(&relative, ip_bytes.data() + 4 * i, 4);
    std::span<const std::byte, 6> raw(reinterpret_cast<const std::byte*>(entries.data()) + 6 * i,
                                      6);
    // Each ip is stored relative to its own slot.
    table.emplace_back(ip_address + 4 * i + static_cast<int64_t>(relative) + bias,
                       DecodeOrcEntry(raw, layout));
  }
  std::stable_sort(table.begin(), table.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  OrcTable t;
  t.ips_.reserve(table.size());
  t.entries_.reserve(table.size());
  for (const auto& [ip, e] : table) {
    t.ips_.push_back(ip);
    t.entries_.push_back(e);
  }
  return t;
}

std::optional<OrcEntry> OrcTable::Find(uint64_t ip) const {
  auto it = std::upper_bound(ips_.begin(), ips_.end(), ip);
  if (it == ips_.begin()) return std::nullopt;
  return entries_[static_cast<size_t>(std::prev(it) - ips_.begin())];
}

Result<OrcTable> OrcUnwinder::LoadVmlinux(const symbols::DebugModule& vmlinux,
                                          std::string_view release, uint64_t kaslr) {
  auto layout = OrcLayoutFor(release);
  if (!layout) {
    return Fail(ErrorCode::kUnsupported, vmlinux.path(),
                "no ORC before 4.14 (the dump is of " + std::string(release) + ")");
  }
  auto ip_section = vmlinux.FindSection(".orc_unwind_ip");
  auto orc_section = vmlinux.FindSection(".orc_unwind");
  if (!ip_section || !orc_section) {
    return Fail(ErrorCode::kUnsupported, vmlinux.path(), "no ORC tables (.orc_unwind_ip)");
  }
  return OrcTable::Parse(ip_section->bytes, ip_section->address, orc_section->bytes, *layout, kaslr,
                         vmlinux.path());
}

std::optional<UnwindStart> OrcUnwinder::BlockedStart(const vmcore::VirtualReader& read,
                                                     const KernelTypes& types, uint64_t task,
                                                     std::string& why) {
  auto thread_sp = types.Offset("task_struct", "thread.sp");
  auto stack_member = types.Offset("task_struct", "stack");
  auto frame_bp = types.Offset("inactive_task_frame", "bp");
  auto frame_ret = types.Offset("inactive_task_frame", "ret_addr");
  auto frame_size = types.Size("inactive_task_frame");
  if (!thread_sp || !stack_member || !frame_bp || !frame_ret || !frame_size) {
    why = "the stack layout is not in DWARF";
    return std::nullopt;
  }
  auto saved_sp = ReadValue<uint64_t>(read, task + *thread_sp);
  auto stack = ReadValue<uint64_t>(read, task + *stack_member);
  if (!saved_sp || !stack) {
    why = "the task's stack pointer is not in the dump";
    return std::nullopt;
  }
  // unwind_start() for a task that is not running: its switch frame.
  auto bp = ReadValue<uint64_t>(read, *saved_sp + *frame_bp);
  auto ip = ReadValue<uint64_t>(read, *saved_sp + *frame_ret);
  if (!bp || !ip || *saved_sp < *stack || *saved_sp >= *stack + kThreadSize) {
    why = "the task's switch frame is not readable";
    return std::nullopt;
  }
  UnwindStart s;
  s.ip = *ip;
  s.bp = *bp;
  s.sp = *saved_sp + *frame_size;
  s.stack = *stack;
  s.stack_size = kThreadSize;
  return s;
}

namespace {

// The CFA of the frame `entry` describes (ORC's sp_reg + sp_offset). Sets
// `switched` when it comes from a pointer saved on the stack (a stack
// switch), `stopped` when it cannot be found.
uint64_t FrameCfa(const vmcore::VirtualReader& read, const OrcEntry& entry, uint64_t sp,
                  uint64_t bp, bool& switched, std::string& stopped) {
  switch (entry.sp_reg) {
    case kOrcRegSp:
      return sp + entry.sp_offset;
    case kOrcRegBp:
      return bp + entry.sp_offset;
    case kOrcRegSpIndirect:
    case kOrcRegBpIndirect: {
      auto deref =
          ReadValue<uint64_t>(read, entry.sp_reg == kOrcRegSpIndirect ? sp : bp + entry.sp_offset);
      if (!deref) {
        stopped = "stack not in the dump";
        return 0;
      }
      switched = true;
      return *deref + (entry.sp_reg == kOrcRegSpIndirect ? entry.sp_offset : 0);
    }
    default:
      stopped = "an ORC register this unwinder does not follow";
      return 0;
  }
}

// The caller's frame pointer (ORC's bp_reg + bp_offset; from pt_regs when
// the frame is an interrupt's); `bp` when it cannot be read.
uint64_t CallerBp(const vmcore::VirtualReader& read, const OrcEntry& entry, uint64_t cfa,
                  uint64_t bp, std::optional<uint64_t> regs_bp) {
  switch (entry.bp_reg) {
    case kOrcRegUndefined:
      return regs_bp.value_or(bp);
    case kOrcRegPrevSp:
      return ReadValue<uint64_t>(read, cfa + entry.bp_offset).value_or(bp);
    case kOrcRegBp:
      return ReadValue<uint64_t>(read, bp + entry.bp_offset).value_or(bp);
    default:
      return bp;
  }
}

// The kernel's fallback for a stack its unwinder cannot follow
// (show_trace_log_lvl): every word from `sp` to `end` that is a kernel text
// address, as an unreliable frame (printed with "? ").
void ScanForText(const vmcore::VirtualReader& read, const OrcSource& orc, uint64_t end, uint64_t sp,
                 UnwoundStack& out) {
  size_t scanned = 0;
  for (uint64_t a = (sp + 7) & ~uint64_t{7}; a + 8 <= end && scanned < kMaxScanFrames; a += 8) {
    auto word = ReadValue<uint64_t>(read, a);
    if (!word) break;
    if (orc.is_text(*word)) {
      out.frames.push_back({*word, false, false});
      ++scanned;
    }
  }
}

}  // namespace

UnwoundStack OrcUnwinder::Unwind(const vmcore::VirtualReader& read, const OrcSource& orc,
                                 const UnwindStart& start) {
  UnwoundStack out;
  auto on_task_stack = [&](uint64_t a) {
    return a >= start.stack && a < start.stack + start.stack_size;
  };
  uint64_t ip = start.ip;
  uint64_t sp = start.sp;
  uint64_t bp = start.bp;
  bool exact = start.exact_ip;
  bool done = false;
  bool guessed = false;  // a frame-pointer guess was taken: what follows is unsure
  while (out.frames.size() < kMaxFrames) {
    if (!orc.is_text(ip)) {
      out.stopped = "a return address that is not kernel text";
      break;
    }
    out.frames.push_back({ip, exact, !guessed});
    // A return address is looked up at the call (ip - 1), unless the ip is
    // where the CPU was (registers): unwind_next_frame()'s state->signal.
    auto entry = orc.find(exact ? ip : ip - 1);
    // No entry for kernel text: the kernel's frame-pointer guess.
    if (!entry) {
      entry = FramePointerEntry();
      guessed = true;
    }
    using T = OrcEntry::Type;
    if (entry->type == T::kEndOfStack) {
      done = true;
      break;
    }
    if (entry->type == T::kUndefined) {
      out.stopped = "ORC has no unwind information here";
      break;
    }
    bool switched = false;  // a stack switch (IRQ stack -> task stack) is allowed here
    const uint64_t cfa = FrameCfa(read, *entry, sp, bp, switched, out.stopped);
    if (!out.stopped.empty()) break;
    uint64_t next_ip = 0;
    uint64_t next_sp = 0;
    std::optional<uint64_t> regs_bp;
    if (entry->type == T::kCall) {
      auto ret = ReadValue<uint64_t>(read, cfa - 8);
      if (!ret) {
        out.stopped = "stack not in the dump";
        break;
      }
      next_ip = *ret;
      next_sp = cfa;
    } else {
      // pt_regs (REGS) or only its IRET frame (REGS_PARTIAL) at the CFA: an
      // interrupt, exception or syscall entry. User mode ends the stack.
      const bool full = entry->type == T::kRegs;
      auto rip = ReadValue<uint64_t>(read, full ? cfa + kRegsIp : cfa);
      auto cs = ReadValue<uint64_t>(read, full ? cfa + kRegsCs : cfa + kIretCs);
      auto rsp = ReadValue<uint64_t>(read, full ? cfa + kRegsSp : cfa + kIretSp);
      if (!rip || !cs || !rsp) {
        out.stopped = "an interrupt frame not in the dump";
        break;
      }
      if ((*cs & 3) != 0) {
        done = true;
        break;
      }
      if (full) regs_bp = ReadValue<uint64_t>(read, cfa + kRegsBp);
      next_ip = *rip;
      next_sp = *rsp;
      switched = true;
    }
    bp = CallerBp(read, *entry, cfa, bp, regs_bp);
    // A blocked task never leaves its stack; a running one may start on an
    // IRQ or exception stack, but a stack only grows down: going back up
    // without a switch is bad ORC data (the kernel's "wrong direction").
    if (!start.running && !on_task_stack(next_sp)) {
      out.stopped = "the unwind left the task's stack";
      break;
    }
    if (next_sp <= sp && !switched) {
      out.stopped = "the stack goes the wrong direction";
      break;
    }
    ip = next_ip;
    sp = next_sp;
    // Whether the next ip is where the CPU was (an interrupted instruction)
    // or a return address: the entry's signal bit (6.3+), REGS types before.
    exact = entry->signal;
  }
  if (!done && out.stopped.empty()) out.stopped = "too many frames";
  if (done) return out;
  ScanForText(
      read, orc,
      on_task_stack(sp) ? start.stack + start.stack_size : (sp & ~(kThreadSize - 1)) + kThreadSize,
      sp, out);
  return out;
}

}  // namespace crashsift::kernel_objects
