#include "analyzer/kernel_log/collapsed_records.h"

#include "analyzer/core/text.h"

namespace crashsift::kernel_log {
namespace {

constexpr size_t kMinStamps = 3;
// A line shorter than three stamps and their messages holds no collapsed records.
constexpr size_t kMinLength = 60;

// "[ 71.204848]" / "[71.204848]" at `at`: its length, else 0.
size_t StampAt(std::string_view s, size_t at) {
  size_t i = at + 1;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t digits = i;
  while (i < s.size() && text::IsDigit(s[i])) ++i;
  if (i == digits || i >= s.size() || s[i] != '.') return 0;
  size_t fraction = ++i;
  while (i < s.size() && text::IsDigit(s[i])) ++i;
  if (i - fraction < 3 || i >= s.size() || s[i] != ']') return 0;
  return i + 1 - at;
}

}  // namespace

std::vector<std::string_view> SplitCollapsedRecords(std::string_view line) {
  std::vector<std::string_view> pieces;
  if (line.size() < kMinLength) return pieces;
  // Counted first, with no allocation: this runs on every line, and almost none has three.
  size_t stamps = 0;
  for (size_t at = line.find('['); at != std::string_view::npos && stamps < kMinStamps;
       at = line.find('[', at + 1)) {
    stamps += StampAt(line, at) > 0;
  }
  // A stamp glued into a line by two CPUs printing at once is one, not a collapsed paste.
  if (stamps < kMinStamps) return pieces;
  std::vector<size_t> starts;
  for (size_t at = line.find('['); at != std::string_view::npos; at = line.find('[', at + 1)) {
    if (StampAt(line, at) > 0) starts.push_back(at);
  }
  auto add = [&](std::string_view piece) {
    piece = text::TrimRight(piece, " \t>");
    if (!text::Trim(piece).empty()) pieces.push_back(piece);
  };
  add(line.substr(0, starts.front()));
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] : line.size();
    add(line.substr(starts[k], end - starts[k]));
  }
  return pieces;
}

}  // namespace crashsift::kernel_log
