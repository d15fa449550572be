// Small string scanners shared by the events parsers (internal to
// crashsift_events). All are pure and safe on any bytes.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analyzer/core/text.h"

namespace crashsift::events::scan {

using text::IsDigit;
using text::Trim;  // blanks in front, blanks and a CR at the end

inline bool Has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

// s.find({a, b}) for a pair whose second byte is rare in log text ("[#"):
// one memchr on `b`, not one on each `a`.
inline size_t FindPairByRareSecond(std::string_view s, char a, char b) {
  for (size_t at = s.find(b, 1); at != std::string_view::npos; at = s.find(b, at + 1)) {
    if (s[at - 1] == a) return at - 1;
  }
  return std::string_view::npos;
}

template <class T>
std::optional<T> Number(std::string_view s) {
  T value{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr == s.data()) return std::nullopt;
  return value;
}

// The digits right after `key`.
inline std::string_view DigitsAfter(std::string_view s, std::string_view key) {
  size_t at = s.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view rest = s.substr(at + key.size());
  size_t end = 0;
  while (end < rest.size() && IsDigit(rest[end])) ++end;
  return rest.substr(0, end);
}

// The value of "key=value" (up to a blank or ',').
inline std::string_view ValueOf(std::string_view s, std::string_view key) {
  size_t at = 0;
  while ((at = s.find(key, at)) != std::string_view::npos) {
    if (at == 0 || s[at - 1] == ' ' || s[at - 1] == ',') {
      std::string_view rest = s.substr(at + key.size());
      return rest.substr(0, rest.find_first_of(" ,"));
    }
    at += key.size();
  }
  return {};
}

// Bit k set when p[k] is ' ' or ':' (k < 16); p must have 16 bytes. SSE2:
// one compare a byte class for the sixteen, not a loop with two branches.
inline uint32_t BlankOrColonMask16(const char* p) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i hit =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
  return static_cast<uint32_t>(_mm_movemask_epi8(hit));
#else
  uint32_t mask = 0;
  for (uint32_t k = 0; k < 16; ++k) mask |= uint32_t{p[k] == ' ' || p[k] == ':'} << k;
  return mask;
#endif
}

// Bit k set when p[k] == a and p[k + 1] == b (k < 16); p must have 17 bytes.
// SSE2: a pair looked for at sixteen places at once.
inline uint32_t PairMask16(const char* p, char a, char b) {
#if defined(__SSE2__)
  __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
  __m128i ab = _mm_and_si128(_mm_cmpeq_epi8(first, _mm_set1_epi8(a)),
                             _mm_cmpeq_epi8(second, _mm_set1_epi8(b)));
  return static_cast<uint32_t>(_mm_movemask_epi8(ab));
#else
  uint32_t mask = 0;
  for (uint32_t k = 0; k < 16; ++k) mask |= uint32_t{p[k] == a && p[k + 1] == b} << k;
  return mask;
#endif
}

// PairMask16 of two pairs (the loads are shared once inlined), where two
// string_view::find calls were two memchr scans.
inline uint32_t TwoPairsMask16(const char* p, char a, char b, char c, char d) {
  return PairMask16(p, a, b) | PairMask16(p, c, d);
}

}  // namespace crashsift::events::scan
