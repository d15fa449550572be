// Bounds-checked little-endian reads over a byte span, and checked offset
// arithmetic (bloaty's CheckedAdd). Every offset or size read from an input
// goes through these, so a lying header yields nullopt instead of a wild read.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace crashsift {

inline std::optional<uint64_t> CheckedAdd(uint64_t a, uint64_t b) {
  uint64_t out;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<uint64_t> CheckedMul(uint64_t a, uint64_t b) {
  uint64_t out;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// True when [offset, offset + length) lies inside a buffer of `size` bytes.
inline bool InBounds(uint64_t size, uint64_t offset, uint64_t length) {
  auto end = CheckedAdd(offset, length);
  return end && *end <= size;
}

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> data) : data_(data) {}
  ByteReader(const void* data, size_t size) : data_(static_cast<const std::byte*>(data), size) {}

  size_t size() const { return data_.size(); }
  std::span<const std::byte> bytes() const { return data_; }

  // Reads a little-endian integer of type T at `offset`; nullopt if out of range.
  template <class T>
  std::optional<T> Read(uint64_t offset) const {
    static_assert(std::is_integral_v<T>);
    if (!InBounds(data_.size(), offset, sizeof(T))) return std::nullopt;
    T value;
    std::memcpy(&value, data_.data() + offset, sizeof(T));
    return value;  // x86_64 and arm64 hosts are little-endian
  }

  // A sub-span, or nullopt when it would leave the buffer.
  std::optional<std::span<const std::byte>> Slice(uint64_t offset, uint64_t length) const {
    if (!InBounds(data_.size(), offset, length)) return std::nullopt;
    return data_.subspan(offset, length);
  }

  std::optional<std::string_view> String(uint64_t offset, uint64_t length) const {
    auto s = Slice(offset, length);
    if (!s) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(s->data()), s->size());
  }

 private:
  std::span<const std::byte> data_;
};

}  // namespace crashsift
