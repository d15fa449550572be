// fuzz-deps: crashsift_vmcore
// makedumpfile --split sets: the input is two parts (the first 4 bytes, as a
// little-endian length, say where the first ends), each stamped with the
// kdump magic, read together as one dump (SplitKdumpSet: part order, pfn
// ranges, overlaps, missing parts). Seeds: real split parts, decompressed.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "analyzer/vmcore/vmcore_log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift::vmcore;
  if (size < 4) return 0;
  uint32_t first = 0;
  std::memcpy(&first, data, 4);
  data += 4;
  size -= 4;
  first = size == 0 ? 0 : first % static_cast<uint32_t>(size + 1);
  std::vector<std::byte> a(first), b(size - first);
  if (!a.empty()) std::memcpy(a.data(), data, a.size());
  if (!b.empty()) std::memcpy(b.data(), data + first, b.size());
  for (auto* part : {&a, &b}) {
    if (part->size() >= 8) std::memcpy(part->data(), "KDUMP   ", 8);
  }
  auto log = ReadVmcoreLogFromBytes(
      {DumpBytes::FromMemory(a, "part1"), DumpBytes::FromMemory(b, "part2")});
  if (log) (void)RenderDmesg(*log, DmesgStyle::kMakedumpfile);
  return 0;
}
