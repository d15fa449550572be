#include "analyzer/kernel_log/hard_wrap.h"

#include <algorithm>

namespace crashsift::kernel_log {
namespace {

// A line shorter than the width by at most this much may have been wrapped
// before a word that was only a little too long (blanks padding "G        WC").
constexpr size_t kNearWidth = 15;
// Word wraps needed before a paste counts as hard-wrapped: one alone is as
// often prose after the last log line.
constexpr size_t kMinWordWraps = 2;

size_t FirstWordSize(std::string_view s) {
  size_t end = s.find_first_of(" \t");
  return end == std::string_view::npos ? s.size() : end;
}

// An unprefixed line that may continue the one before: text at column 0,
// not a fence or a shell prompt.
bool MayContinue(const WrapProbe& line) {
  std::string_view m = line.message;
  if (line.prefixed || m.empty() || m.front() == ' ' || m.front() == '\t') return false;
  return !m.starts_with("```") && !m.starts_with("# ") && !m.starts_with("$ ");
}

}  // namespace

std::vector<bool> FindHardWraps(const std::vector<WrapProbe>& lines) {
  std::vector<bool> wraps(lines.size(), false);
  size_t width = 0;
  for (const WrapProbe& line : lines) width = std::max(width, line.width);
  if (width > kMaxWrapColumn || width < kMinWrapColumn) return wraps;
  size_t word_wraps = 0;
  std::vector<bool> near(lines.size(), false);
  for (size_t i = 1; i < lines.size(); ++i) {
    const WrapProbe& before = lines[i - 1];
    bool after_record = before.prefixed || near[i - 1];
    if (!after_record || before.message.empty() || !MayContinue(lines[i])) continue;
    bool word_wrap = before.width + 1 + FirstWordSize(lines[i].message) > width;
    word_wraps += word_wrap;
    near[i] = word_wrap || before.width + kNearWidth >= width;
  }
  if (word_wraps < kMinWordWraps) return wraps;
  return near;
}

}  // namespace crashsift::kernel_log
