#include "analyzer/matching/toml_nesting.h"

#include <vector>

namespace crashsift::matching {
namespace {

// Skips the string starting at `i` (a quote); returns the index after it,
// counting the newlines it spans. Unterminated strings run to the end:
// toml++ reports them properly once the depth is known to be safe.
size_t SkipString(std::string_view text, size_t i, uint64_t& line) {
  const char quote = text[i];
  const bool multi = text.substr(i, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  if (multi) {
    const std::string_view close = quote == '"' ? "\"\"\"" : "'''";
    for (size_t j = i + 3; j < text.size(); ++j) {
      if (text[j] == '\n') ++line;
      if (quote == '"' && text[j] == '\\') {
        ++j;
        if (j < text.size() && text[j] == '\n') ++line;
        continue;
      }
      if (text.substr(j, 3) == close) return j + 3;
    }
    return text.size();
  }
  for (size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '\n') return j;  // a single-line string ends with its line
    if (quote == '"' && text[j] == '\\') {
      ++j;
      continue;
    }
    if (text[j] == quote) return j + 1;
  }
  return text.size();
}

}  // namespace

Result<void> CheckTomlNesting(std::string_view text, const std::string& path, size_t max_depth) {
  std::vector<char> nest;  // 'h' table header, '[' array, '{' inline table
  bool in_key = true;      // reading a key (dots in it are levels)
  size_t key_dots = 0;
  uint64_t line = 1;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = SkipString(text, i, line);
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    switch (c) {
      case '\n':
        ++line;
        if (nest.empty()) in_key = true, key_dots = 0;
        break;
      case '[':
        if (in_key && (nest.empty() || nest.back() == 'h')) {
          nest.push_back('h');
        } else {
          nest.push_back('[');
          in_key = false;
        }
        break;
      case '{':
        nest.push_back('{');
        in_key = true;
        key_dots = 0;
        break;
      case ']':
      case '}':
        if (!nest.empty()) nest.pop_back();
        break;
      case ',':
        if (!nest.empty() && nest.back() == '{') in_key = true, key_dots = 0;
        break;
      case '=':
        in_key = false;
        break;
      case '.':
        if (in_key) ++key_dots;
        break;
      default:
        break;
    }
    if (nest.size() + key_dots > max_depth) {
      Error error{ErrorCode::kSyntax, path, line,
                  "nesting deeper than " + std::to_string(max_depth) + " levels"};
      error.is_line = true;
      return tl::unexpected<Error>(std::move(error));
    }
    ++i;
  }
  return {};
}

}  // namespace crashsift::matching
