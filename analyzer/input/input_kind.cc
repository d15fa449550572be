#include "analyzer/input/input_kind.h"

#include <array>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crashsift::input {
namespace {

// ELF header: e_ident[EI_DATA] at 5 says the byte order of e_type (offset 16).
bool IsElfCore(std::string_view head) {
  if (head.size() < 18) return false;
  auto b0 = static_cast<uint8_t>(head[16]), b1 = static_cast<uint8_t>(head[17]);
  uint16_t e_type =
      head[5] == 2 ? static_cast<uint16_t>(b0 << 8 | b1) : static_cast<uint16_t>(b1 << 8 | b0);
  constexpr uint16_t kEtCore = 4;
  return e_type == kEtCore;
}

}  // namespace

bool LooksLikeText(std::string_view head) {
  // Per byte: bit 0 a C0 control other than the usual text ones, bit 1 NUL.
  // One table look-up and two adds a byte, no branch, for what the SSE2 loop
  // leaves: this runs over the head of every batch input.
  static constexpr std::array<uint8_t, 256> kClass = [] {
    std::array<uint8_t, 256> t{};
    for (unsigned c = 1; c < 0x20; ++c) {
      t[c] =
          (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\b' || c == 0x1b || c == '\v')
              ? 0
              : 1;
    }
    t[0] = 2;
    return t;
  }();
  size_t nul = 0, control = 0;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step (the table's classes as compares): the head of a
  // small batch input is the whole file, ~11 instructions a byte by table.
  const __m128i below_space = _mm_set1_epi8(0x1f);
  const __m128i backspace = _mm_set1_epi8('\b');
  const __m128i blanks_span = _mm_set1_epi8('\r' - '\b');  // \b \t \n \v \f \r
  const __m128i escape = _mm_set1_epi8(0x1b);
  const __m128i zero = _mm_setzero_si128();
  for (; i + 16 <= head.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(head.data() + i));
    unsigned c0 =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, below_space), v)));
    if (c0 == 0) continue;  // no byte below ' '
    __m128i shifted = _mm_sub_epi8(v, backspace);
    unsigned blank = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(shifted, blanks_span), shifted)));
    unsigned esc = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, escape)));
    unsigned zeros = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    // Counted only when there is something to count: without -mpopcnt each
    // popcount is a libgcc call, and a text chunk's controls are its '\n'.
    if (zeros != 0) nul += static_cast<size_t>(__builtin_popcount(zeros));
    if (unsigned other = c0 & ~blank & ~esc & ~zeros; other != 0) {
      control += static_cast<size_t>(__builtin_popcount(other));
    }
  }
#endif
  for (; i < head.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    control += kClass[c] & 1u;
    nul += kClass[c] >> 1;
  }
  // Random bytes have ~12% C0 controls besides NUL; logs have almost none.
  // NUL alone is weaker evidence: serial consoles emit NUL noise, and a
  // console log may hold a burst of binary junk (syzkaller report 620 is 10%
  // NUL), so only a quarter of NULs (executables, UTF-16) makes it binary.
  return control * 16 <= head.size() && (nul + control) * 4 <= head.size();
}

InputKind Sniff(std::string_view head) {
  if (head.empty()) return InputKind::kEmpty;
  for (const Magic& magic : kMagics) {
    if (!head.starts_with(magic.bytes)) continue;
    if (magic.kind != InputKind::kElfCore || IsElfCore(head)) return magic.kind;
    return InputKind::kBinary;  // a program, not a dump
  }
  return LooksLikeText(head) ? InputKind::kText : InputKind::kBinary;
}

bool IsCutMagic(std::string_view head) {
  for (const Magic& magic : kMagics) {
    if (!head.empty() && head.size() < magic.bytes.size() && magic.bytes.starts_with(head))
      return true;
  }
  return false;
}

std::string_view ToString(InputKind kind) {
  switch (kind) {
    case InputKind::kEmpty:
      return "empty";
    case InputKind::kText:
      return "text";
    case InputKind::kBinary:
      return "binary";
    case InputKind::kGzip:
      return "gzip";
    case InputKind::kXz:
      return "xz";
    case InputKind::kZstd:
      return "zstd";
    case InputKind::kElfCore:
      return "elf-core";
    case InputKind::kKdumpCompressed:
      return "kdump-compressed";
    case InputKind::kFlattenedKdump:
      return "flattened-kdump";
  }
  return "binary";
}

std::string DecompressCommand(InputKind kind, const std::string& path) {
  const char* tool = kind == InputKind::kZstd   ? "zstd -d -k"
                     : kind == InputKind::kXz   ? "xz -d -k"
                     : kind == InputKind::kGzip ? "gzip -d -k"
                                                : nullptr;
  if (tool == nullptr) return "";
  return std::string(tool) + " '" + path + "'";
}

}  // namespace crashsift::input
