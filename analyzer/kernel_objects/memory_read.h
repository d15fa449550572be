// Typed reads of a dump's kernel memory for the kernel-object readers: a
// value or a run of bytes at a virtual address, nullopt/false when any byte
// of it is not in the dump (vmcore::VirtualReader returns what it could not
// read).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

template <class T>
std::optional<T> ReadValue(const vmcore::VirtualReader& read, uint64_t address) {
  T value{};
  std::span<std::byte> out(reinterpret_cast<std::byte*>(&value), sizeof value);
  if (read(address, out) != 0) return std::nullopt;
  return value;
}

// `size` bytes at `address` into `out` (resized); false when not all are there.
inline bool ReadBytes(const vmcore::VirtualReader& read, uint64_t address, std::string& out,
                      uint64_t size) {
  out.assign(size, '\0');
  std::span<std::byte> span(reinterpret_cast<std::byte*>(out.data()), out.size());
  return read(address, span) == 0;
}

}  // namespace crashsift::kernel_objects
