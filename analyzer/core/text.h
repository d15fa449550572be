// The small text helpers every layer uses, written once. All are pure, safe
// on any bytes, and ASCII only (no locale).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crashsift::text {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// The run of decimal digits at s[pos], at most `max` of them: how many, and their value.
struct DigitRun {
  size_t count = 0;
  uint64_t value = 0;
};
inline DigitRun ReadDigits(std::string_view s, size_t pos, size_t max) {
  DigitRun run;
  while (run.count < max && pos + run.count < s.size() && IsDigit(s[pos + run.count])) {
    run.value = run.value * 10 + static_cast<uint64_t>(s[pos + run.count] - '0');
    ++run.count;
  }
  return run;
}

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Blanks of a kernel log line, and every ASCII line space. The trims take
// sets of space and control characters only (see IsOneOf).
inline constexpr std::string_view kBlanks = " \t";
inline constexpr std::string_view kSpaces = " \t\r\n";

// True when `c` is one of `chars`, a set of space and control characters
// (every byte above ' ' is answered at once: the trims below stop at the
// first such byte, and profiles showed them). Not string_view::find: that is
// a memchr call per character.
inline bool IsOneOf(char c, std::string_view chars) {
  if (static_cast<unsigned char>(c) > ' ') return false;
  for (char x : chars) {
    if (x == c) return true;
  }
  return false;
}

inline std::string_view TrimLeft(std::string_view s, std::string_view chars = kBlanks) {
  size_t i = 0;
  while (i < s.size() && IsOneOf(s[i], chars)) ++i;
  return s.substr(i);
}

inline std::string_view TrimRight(std::string_view s, std::string_view chars) {
  size_t n = s.size();
  while (n > 0 && IsOneOf(s[n - 1], chars)) --n;
  return s.substr(0, n);
}

// Drops `left` characters from the front and `right` ones from the back. The
// defaults: blanks, and a carriage return left at the end of a CRLF line.
inline std::string_view Trim(std::string_view s, std::string_view left = kBlanks,
                             std::string_view right = " \t\r") {
  return TrimRight(TrimLeft(s, left), right);
}

// `s` with ASCII capitals made small (build ids, hex digits).
std::string ToLower(std::string_view s);

// The lines of `text`, split at every '\n' (no '\r' handling): a trailing
// newline yields a last empty line, and "" one empty line.
std::vector<std::string_view> SplitLines(std::string_view text);

}  // namespace crashsift::text
