// Small string scanners shared by the events parsers (internal to
// crashsift_events). All are pure and safe on any bytes.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>

#include "analyzer/core/text.h"

namespace crashsift::events::scan {

using text::IsDigit;
using text::Trim;  // blanks in front, blanks and a CR at the end

inline bool Has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
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

}  // namespace crashsift::events::scan
