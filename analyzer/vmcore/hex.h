// "0x1f00" formatting for messages.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace crashsift::vmcore {

inline std::string Hex(uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace crashsift::vmcore
