// A SIMD prefilter for a small set of two-byte pairs (the anchors of the title
// scanner's KeywordSet): sixteen places of a line at a time, it says where one
// of the pairs may start. Most lines have none, and KeywordSet's exact table
// is then read at no place. Nibble tables looked up with AVX2's byte shuffle
// (the "Teddy" scheme of Hyperscan): each pair is put in one of eight buckets,
// and a place passes when one bucket accepts the low and high nibbles of both
// its bytes. A pass may be a false one; a pair is never missed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace crashsift::titles {

class PairPrefilter {
 public:
  // `pairs` as (first byte << 8 | second byte).
  explicit PairPrefilter(std::span<const uint16_t> pairs);

  // False when the CPU has no AVX2: callers scan without the prefilter.
  bool enabled() const { return enabled_; }

  struct Window {
    uint64_t mask = 0;  // bit k: a pair may start at place from + k
    size_t end = 0;     // the places looked at are [from, end)
  };
  // Places `from` to `from` + 63 of the `size` bytes at `bytes` (fewer at the
  // end: a place is where a pair starts, so the last is size - 2), 32 a step
  // (16 in a line under 33 bytes); the last step is read ending at the line's
  // end, overlapping the one before. Needs size >= 17 (the caller scans
  // shorter lines itself).
  Window Scan(const char* bytes, size_t size, size_t from) const;

 private:
  alignas(16) uint8_t first_low_[16] = {};
  alignas(16) uint8_t first_high_[16] = {};
  alignas(16) uint8_t second_low_[16] = {};
  alignas(16) uint8_t second_high_[16] = {};
  bool enabled_ = false;
};

}  // namespace crashsift::titles
