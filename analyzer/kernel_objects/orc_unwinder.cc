#include "analyzer/kernel_objects/orc_unwinder.h"

#include <algorithm>
#include <cstring>

namespace crashsift::kernel_objects {
namespace {

// arch/x86/include/asm/orc_types.h, 4.14-6.3.
constexpr uint8_t kRegUndefined = 0;
constexpr uint8_t kRegPrevSp = 1;
constexpr uint8_t kRegBp = 4;
constexpr uint8_t kRegSp = 5;
constexpr uint8_t kRegBpIndirect = 8;
constexpr uint8_t kRegSpIndirect = 9;
constexpr uint8_t kTypeCall = 0;
constexpr uint8_t kTypeRegs = 1;
constexpr uint64_t kThreadSize = 16384;  // x86_64 without KASAN
constexpr size_t kMaxFrames = 64;

std::optional<uint64_t> Word(const vmcore::VirtualReader& read, uint64_t address) {
  uint64_t value = 0;
  std::span<std::byte> out(reinterpret_cast<std::byte*>(&value), sizeof value);
  if (read(address, out) != 0) return std::nullopt;
  return value;
}

// "6.1.0-57-amd64" -> {6, 1}.
std::pair<int, int> MajorMinor(std::string_view release) {
  int major = 0;
  int minor = 0;
  size_t i = 0;
  while (i < release.size() && release[i] >= '0' && release[i] <= '9')
    major = major * 10 + (release[i++] - '0');
  if (i < release.size() && release[i] == '.') ++i;
  while (i < release.size() && release[i] >= '0' && release[i] <= '9')
    minor = minor * 10 + (release[i++] - '0');
  return {major, minor};
}

}  // namespace

Result<OrcUnwinder> OrcUnwinder::Load(const symbols::DebugModule& vmlinux,
                                      std::string_view release) {
  auto [major, minor] = MajorMinor(release);
  if (major > 6 || (major == 6 && minor >= 4)) {
    return Fail(ErrorCode::kUnsupported, vmlinux.path(),
                "ORC of " + std::string(release) + " (6.4+ entry types) is not read yet");
  }
  auto ip_section = vmlinux.FindSection(".orc_unwind_ip");
  auto orc_section = vmlinux.FindSection(".orc_unwind");
  if (!ip_section || !orc_section) {
    return Fail(ErrorCode::kUnsupported, vmlinux.path(), "no ORC tables (.orc_unwind_ip)");
  }
  const size_t count = ip_section->bytes.size() / 4;
  if (orc_section->bytes.size() / 6 < count) {
    return Fail(ErrorCode::kCorrupt, vmlinux.path(), ".orc_unwind is shorter than .orc_unwind_ip");
  }
  OrcUnwinder u;
  std::vector<std::pair<uint64_t, Entry>> table;
  table.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    int32_t relative = 0;
    std::memcpy(&relative, ip_section->bytes.data() + 4 * i, 4);
    const char* raw = orc_section->bytes.data() + 6 * i;
    Entry e;
    uint16_t bits = 0;
    std::memcpy(&e.sp_offset, raw, 2);
    std::memcpy(&e.bp_offset, raw + 2, 2);
    std::memcpy(&bits, raw + 4, 2);
    e.sp_reg = bits & 0xf;
    e.bp_reg = (bits >> 4) & 0xf;
    e.type = (bits >> 8) & 0x3;
    e.end = ((bits >> 10) & 1) != 0;
    // Each ip is stored relative to its own slot.
    table.emplace_back(ip_section->address + 4 * i + static_cast<int64_t>(relative), e);
  }
  std::stable_sort(table.begin(), table.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [ip, e] : table) {
    u.ips_.push_back(ip);
    u.entries_.push_back(e);
  }
  return u;
}

bool OrcUnwinder::Find(uint64_t ip, Entry& entry) const {
  auto it = std::upper_bound(ips_.begin(), ips_.end(), ip);
  if (it == ips_.begin()) return false;
  entry = entries_[static_cast<size_t>(std::prev(it) - ips_.begin())];
  return true;
}

UnwoundStack OrcUnwinder::Unwind(const vmcore::VirtualReader& read, const KernelTypes& types,
                                 uint64_t task, uint64_t kaslr) const {
  UnwoundStack out;
  auto thread_sp = types.Offset("task_struct", "thread.sp");
  auto stack_member = types.Offset("task_struct", "stack");
  auto frame_bp = types.Offset("inactive_task_frame", "bp");
  auto frame_ret = types.Offset("inactive_task_frame", "ret_addr");
  auto frame_size = types.Size("inactive_task_frame");
  if (!thread_sp || !stack_member || !frame_bp || !frame_ret || !frame_size) {
    out.stopped = "the stack layout is not in DWARF";
    return out;
  }
  auto saved_sp = Word(read, task + *thread_sp);
  auto stack = Word(read, task + *stack_member);
  if (!saved_sp || !stack) {
    out.stopped = "the task's stack pointer is not in the dump";
    return out;
  }
  auto on_stack = [&](uint64_t a) { return a >= *stack && a < *stack + kThreadSize; };
  // unwind_start() for a task that is not running: its switch frame.
  auto bp = Word(read, *saved_sp + *frame_bp);
  auto ip = Word(read, *saved_sp + *frame_ret);
  uint64_t sp = *saved_sp + *frame_size;
  if (!bp || !ip || !on_stack(*saved_sp)) {
    out.stopped = "the task's switch frame is not readable";
    return out;
  }
  uint64_t cur_bp = *bp;
  uint64_t cur_ip = *ip;
  while (out.ips.size() < kMaxFrames) {
    out.ips.push_back(cur_ip);
    Entry e;
    // A return address: look up the call instruction (ip - 1).
    if (!Find(cur_ip - 1 - kaslr, e)) {
      out.stopped = "no ORC entry (a module frame?)";
      return out;
    }
    if (e.sp_reg == kRegUndefined) {
      if (!e.end) out.stopped = "ORC says the stack is undefined here";
      return out;
    }
    uint64_t cfa = 0;
    bool indirect = false;
    switch (e.sp_reg) {
      case kRegSp:
        cfa = sp + e.sp_offset;
        break;
      case kRegBp:
        cfa = cur_bp + e.sp_offset;
        break;
      case kRegSpIndirect:
        cfa = sp;
        indirect = true;
        break;
      case kRegBpIndirect:
        cfa = cur_bp + e.sp_offset;
        indirect = true;
        break;
      default:
        out.stopped = "an ORC register this unwinder does not follow";
        return out;
    }
    if (indirect) {
      auto deref = Word(read, cfa);
      if (!deref) {
        out.stopped = "stack not in the dump";
        return out;
      }
      cfa = *deref + (e.sp_reg == kRegSpIndirect ? e.sp_offset : 0);
    }
    if (e.type == kTypeRegs) return out;  // pt_regs of the syscall entry: user mode follows
    if (e.type != kTypeCall) {
      out.stopped = "an interrupt frame (not followed yet)";
      return out;
    }
    if (!on_stack(cfa - 8)) {
      out.stopped = "the unwind left the task's stack";
      return out;
    }
    auto ret = Word(read, cfa - 8);
    if (!ret) {
      out.stopped = "stack not in the dump";
      return out;
    }
    if (e.bp_reg == kRegPrevSp) {
      if (auto v = Word(read, cfa + e.bp_offset)) cur_bp = *v;
    } else if (e.bp_reg == kRegBp) {
      if (auto v = Word(read, cur_bp + e.bp_offset)) cur_bp = *v;
    }
    sp = cfa;
    cur_ip = *ret;
  }
  out.stopped = "more than 64 frames";
  return out;
}

}  // namespace crashsift::kernel_objects
