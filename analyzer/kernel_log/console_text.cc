#include "analyzer/kernel_log/console_text.h"

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crashsift::kernel_log {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// /dev/kmsg escapes non-printable bytes as "\xNN" (kernel/printk/printk.c,
// msg_add_ext_text); undo it, so "\x0a" becomes a line break.
void UnescapeKmsg(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\\' && i + 3 < in.size() && in[i + 1] == 'x') {
      int hi = HexValue(in[i + 2]), lo = HexValue(in[i + 3]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 3;
        continue;
      }
    }
    out.push_back(in[i]);
  }
}

// True when `s` may hold a byte below 0x20 (ESC, NUL and '\r' are; so is a
// tab): sixteen (SSE2) or eight bytes per step ("hasless(x, 0x20)", Bit Twiddling Hacks), as
// console lines are scanned once each and almost never hold one.
bool HasControlByte(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step: a byte is below 0x20 when min(byte, 0x1f) is itself.
  const __m128i limit = _mm_set1_epi8(0x1f);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, limit), v)) != 0) return true;
  }
  if (i < s.size() && s.size() >= 16) {
    // The last sixteen bytes, overlapping the ones already seen: no byte loop.
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + s.size() - 16));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, limit), v)) != 0;
  }
#endif
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    if (((v - kOnes * 0x20) & ~v & kHigh) != 0) return true;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) < 0x20) return true;
  }
  return false;
}

// "> > text" -> "text": the quote marks of a mail reply and one blank after
// each; the line's own indent stays.
std::string_view RemoveQuoteMarks(std::string_view s) {
  for (;;) {
    size_t i = s.find_first_not_of(" \t");
    if (i == std::string_view::npos || s[i] != '>') return s;
    s.remove_prefix(i + 1);
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
}

}  // namespace crashsift::kernel_log
