#include "analyzer/titles/pair_prefilter.h"

#include <algorithm>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CRASHSIFT_PAIR_PREFILTER 1
#endif

namespace crashsift::titles {

PairPrefilter::PairPrefilter(std::span<const uint16_t> pairs) {
#if defined(CRASHSIFT_PAIR_PREFILTER)
  enabled_ = !pairs.empty() && __builtin_cpu_supports("avx2");
#endif
  // Neighbours in byte order share nibbles: contiguous runs of the sorted
  // pairs make buckets that accept few other pairs.
  std::vector<uint16_t> sorted(pairs.begin(), pairs.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  constexpr size_t kBuckets = 8;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const auto bit = static_cast<uint8_t>(1u << (i * kBuckets / sorted.size()));
    const unsigned first = sorted[i] >> 8, second = sorted[i] & 0xff;
    first_low_[first & 15] |= bit;
    first_high_[first >> 4] |= bit;
    second_low_[second & 15] |= bit;
    second_high_[second >> 4] |= bit;
  }
}

#if defined(CRASHSIFT_PAIR_PREFILTER)
namespace {

#define CRASHSIFT_AVX2 __attribute__((target("avx2")))

// The buckets that accept each byte of `v` by its nibbles.
CRASHSIFT_AVX2 inline __m256i Buckets(__m256i v, __m256i low, __m256i high) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  __m256i lo = _mm256_shuffle_epi8(low, _mm256_and_si256(v, nibble));
  __m256i hi = _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
  return _mm256_and_si256(lo, hi);
}
CRASHSIFT_AVX2 inline __m128i Buckets(__m128i v, __m128i low, __m128i high) {
  const __m128i nibble = _mm_set1_epi8(0x0f);
  __m128i lo = _mm_shuffle_epi8(low, _mm_and_si128(v, nibble));
  __m128i hi = _mm_shuffle_epi8(high, _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
  return _mm_and_si128(lo, hi);
}

}  // namespace

CRASHSIFT_AVX2 PairPrefilter::Window PairPrefilter::Scan(const char* bytes, size_t size,
                                                         size_t from) const {
  Window window;
  window.end = std::min(from + 64, size - 1);
  const __m128i first_low = _mm_load_si128(reinterpret_cast<const __m128i*>(first_low_));
  const __m128i first_high = _mm_load_si128(reinterpret_cast<const __m128i*>(first_high_));
  const __m128i second_low = _mm_load_si128(reinterpret_cast<const __m128i*>(second_low_));
  const __m128i second_high = _mm_load_si128(reinterpret_cast<const __m128i*>(second_high_));
  if (size < 33) {  // 17 to 32 bytes: one or two overlapping steps of sixteen places
    for (size_t at = from; at < window.end; at += 16) {
      const size_t load = std::min(at, size - 17);
      __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + load));
      __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + load + 1));
      __m128i both = _mm_and_si128(Buckets(first, first_low, first_high),
                                   Buckets(second, second_low, second_high));
      auto none =
          static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(both, _mm_setzero_si128())));
      window.mask |= uint64_t{(~none & 0xffff) >> (at - load)} << (at - from);
    }
    return window;
  }
  const __m256i first_low2 = _mm256_broadcastsi128_si256(first_low);
  const __m256i first_high2 = _mm256_broadcastsi128_si256(first_high);
  const __m256i second_low2 = _mm256_broadcastsi128_si256(second_low);
  const __m256i second_high2 = _mm256_broadcastsi128_si256(second_high);
  for (size_t at = from; at < window.end; at += 32) {
    const size_t load = std::min(at, size - 33);
    __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + load));
    __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + load + 1));
    __m256i both = _mm256_and_si256(Buckets(first, first_low2, first_high2),
                                    Buckets(second, second_low2, second_high2));
    auto none = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256())));
    window.mask |= uint64_t{~none >> (at - load)} << (at - from);
  }
  return window;
}
#else
PairPrefilter::Window PairPrefilter::Scan(const char*, size_t size, size_t from) const {
  // Every place: the caller's table decides.
  const size_t end = std::min(from + 64, size - 1);
  return {end - from >= 64 ? ~uint64_t{0} : (uint64_t{1} << (end - from)) - 1, end};
}
#endif

}  // namespace crashsift::titles
