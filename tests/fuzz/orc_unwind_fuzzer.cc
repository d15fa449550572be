// fuzz-deps: crashsift_kernel_objects
// The ORC table parser and the unwinder on hostile dump memory: a table made
// of the input's bytes (int32 ip offsets and 6-byte entries, in any of the
// three layouts) over a fake kernel text, and a task stack of the input's
// bytes. Every unwind must end with a bounded number of frames, reading only
// through the reader (whose misses are a dump's missing pages).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "analyzer/kernel_objects/orc_unwinder.h"

namespace {

using crashsift::kernel_objects::OrcLayout;
using crashsift::kernel_objects::OrcSource;
using crashsift::kernel_objects::OrcTable;
using crashsift::kernel_objects::OrcUnwinder;
using crashsift::kernel_objects::UnwindStart;

constexpr uint64_t kText = 0xffffffff81000000;
constexpr uint64_t kTextSize = 1 << 20;
constexpr uint64_t kStack = 0xffffc90000000000;
constexpr size_t kHeader = 16;

uint16_t Le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeader) return 0;
  const OrcLayout layout = data[0] % 3 == 0   ? OrcLayout::kV1
                           : data[0] % 3 == 1 ? OrcLayout::kV2
                                              : OrcLayout::kV3;
  size_t entries = std::min<size_t>(data[1], (size - kHeader) / 10);
  const char* bytes = reinterpret_cast<const char*>(data);
  std::string_view ip_bytes(bytes + kHeader, entries * 4);
  std::string_view entry_bytes(bytes + kHeader + entries * 4, entries * 6);
  auto table = OrcTable::Parse(ip_bytes, kText, entry_bytes, layout, 0, "fuzz");

  // The rest is the task's stack (THREAD_SIZE at most).
  const size_t stack_at = kHeader + entries * 10;
  std::span<const uint8_t> stack(
      data + stack_at, std::min<size_t>(size - stack_at, crashsift::kernel_objects::kThreadSize));
  auto read = [&](uint64_t address, std::span<std::byte> out) -> uint64_t {
    if (address < kStack || address - kStack > stack.size() ||
        out.size() > stack.size() - (address - kStack))
      return out.size();
    std::memcpy(out.data(), stack.data() + (address - kStack), out.size());
    return 0;
  };
  OrcSource orc;
  orc.is_text = [](uint64_t ip) { return ip >= kText && ip - kText < kTextSize; };
  orc.find = [&](uint64_t ip) {
    return table ? table->Find(ip) : std::optional<crashsift::kernel_objects::OrcEntry>();
  };
  UnwindStart start;
  start.ip = kText + Le16(data + 2) * 16;
  start.sp = kStack + Le16(data + 4) % (stack.size() + 1);
  start.bp = kStack + Le16(data + 6) % (stack.size() + 1);
  start.exact_ip = (data[8] & 1) != 0;
  start.running = (data[8] & 2) != 0;
  start.stack = kStack;
  start.stack_size = stack.size();
  auto unwound = OrcUnwinder::Unwind(read, orc, start);
  if (unwound.frames.size() > 4096) __builtin_trap();
  return 0;
}
