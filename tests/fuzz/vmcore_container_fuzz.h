// Shared body of the vmcore container fuzzers: stamp the format's magic on
// the input (so every input reaches the parser) and run the whole
// extraction. Nothing may crash, hang or grow without bound; errors are fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "analyzer/vmcore/vmcore_log_reader.h"

inline int FuzzVmcoreContainer(const uint8_t* data, size_t size, const char* magic,
                               size_t magic_len) {
  std::vector<std::byte> bytes(size);
  if (size > 0) std::memcpy(bytes.data(), data, size);
  if (size >= magic_len) std::memcpy(bytes.data(), magic, magic_len);
  auto log = crashsift::vmcore::ReadVmcoreLogFromBytes(
      {crashsift::vmcore::DumpBytes::FromMemory(bytes, "fuzz")});
  if (log) (void)crashsift::vmcore::RenderDmesg(*log, crashsift::vmcore::DmesgStyle::kMakedumpfile);
  return 0;
}
