#include "analyzer/kernel_log/line_tag.h"

#include <optional>
#include <vector>

#include "analyzer/kernel_log/line_forms.h"
#include "analyzer/kernel_log/line_prefix.h"

namespace crashsift::kernel_log {
namespace {

constexpr size_t kMaxTag = 48;

// How many bytes `a` and `b` share at their start.
size_t SharedBytes(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && n < kMaxTag && a[n] == b[n]) ++n;
  return n;
}

// A tag hides the log form: the lines read as none with it and as a stamped
// form without it (a syslog paste's shared date is no tag). On a console
// without stamps ("00034 kernel BUG at ..." of a test harness), it hides the
// start of a report: every line has it and a report starts right after it.
// `forms` holds each line's own form once it is known (the same for every tag
// tried).
bool HidesTheForm(std::string_view tag, const std::vector<std::string_view>& lines,
                  std::vector<std::optional<LineForm>>& forms) {
  // 90% of the lines must carry the tag and read as no form with it: past a
  // tenth that do not, the answer is no (a head of stamped lines shares several
  // blank-ended starts, "[ ", "[    0.000000] ", and each try classified every
  // line up to twice).
  size_t other = 0, hidden = 0;
  bool report_behind_tag = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.starts_with(tag)) {
      if (!forms[i]) forms[i] = ClassifyLine(line);
      if (*forms[i] == LineForm::kNone) {
        std::string_view rest = line.substr(tag.size());
        if (ClassifyLine(rest) != LineForm::kNone) {
          ++hidden;
        } else if (!report_behind_tag) {
          report_behind_tag = StartsKernelReport(rest) && !StartsKernelReport(line);
        }
        continue;
      }
    }
    if (++other * 10 > lines.size()) return false;
  }
  return hidden * 10 >= lines.size() * 9 || report_behind_tag;
}

}  // namespace

std::string FindLineTag(std::span<const std::string_view> head_lines) {
  constexpr size_t kMinLines = 3;
  std::vector<std::string_view> lines;
  for (std::string_view line : head_lines) {
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.push_back(line);
  }
  if (lines.size() < kMinLines) return "";
  std::vector<std::optional<LineForm>> forms(lines.size());
  // From the first lines (a cut line or a line of prose may be among them);
  // the tag ends at a blank, the last one that leaves a log form behind.
  for (size_t i = 0; i + 1 < lines.size() && i < 3; ++i) {
    std::string_view shared = lines[i].substr(0, SharedBytes(lines[i], lines[i + 1]));
    for (size_t blank = shared.rfind(' '); blank != std::string_view::npos && blank > 0;
         blank = shared.rfind(' ', blank - 1)) {
      std::string_view tag = shared.substr(0, blank + 1);
      if (HidesTheForm(tag, lines, forms)) return std::string(tag);
    }
  }
  return "";
}

}  // namespace crashsift::kernel_log
