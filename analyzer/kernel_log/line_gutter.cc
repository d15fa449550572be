#include "analyzer/kernel_log/line_gutter.h"

#include <cstdint>
#include <optional>

#include "analyzer/core/text.h"

namespace crashsift::kernel_log {
namespace {

struct Gutter {
  uint64_t number = 0;
  size_t width = 0;  // the number, its padding and its separator
};

// "   12\t", "12: ", "12 | ", "12 ", "  12. " (right-aligned numbers, then one separator; the
// last is an HTML ordered list a web page rendered the log as).
std::optional<Gutter> ReadGutter(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && i < 8 && line[i] == ' ') ++i;
  const text::DigitRun run = text::ReadDigits(line, i, 7);
  const uint64_t number = run.value;
  i += run.count;
  if (run.count == 0 || i >= line.size()) return std::nullopt;
  if (line[i] == '\t') return Gutter{number, i + 1};
  if (line.substr(i).starts_with(": ") || line.substr(i).starts_with(" | ")) {
    return Gutter{number, i + (line[i] == ':' ? 2 : 3)};
  }
  if (line.substr(i).starts_with(" |")) return Gutter{number, i + 2};
  if (line.substr(i).starts_with(". ")) return Gutter{number, i + 2};
  if (line[i] == ' ') return Gutter{number, i + 1};
  return std::nullopt;
}

}  // namespace

bool HasLineNumberGutter(std::span<const std::string_view> head_lines) {
  constexpr size_t kMinLines = 3;
  size_t nonblank = 0, numbered = 0, counting = 0;
  std::optional<uint64_t> last;
  for (std::string_view line : head_lines) {
    if (text::Trim(line).empty()) continue;
    ++nonblank;
    std::optional<Gutter> g = ReadGutter(line);
    if (!g) {
      // 90% of the non-blank lines must be numbered, and there are at most
      // head_lines.size() of them: past a tenth unnumbered, the answer is no.
      if ((nonblank - numbered) * 10 > head_lines.size()) return false;
      continue;
    }
    ++numbered;
    if (last && g->number == *last + 1) ++counting;
    last = g->number;
  }
  // Dump rows ("0000000000000001 ffff881c6be6fd18 ...") start with digits too,
  // but their first words do not count up by one line after line.
  return numbered >= kMinLines && numbered * 10 >= nonblank * 9 &&
         (counting + 1) * 10 >= numbered * 8;
}

std::string_view StripLineNumberGutter(std::string_view line) {
  std::optional<Gutter> g = ReadGutter(line);
  return g ? line.substr(g->width) : line;
}

}  // namespace crashsift::kernel_log
