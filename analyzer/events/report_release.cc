#include "analyzer/events/report_release.h"

#include "analyzer/events/task_context.h"
#include "analyzer/events/text_scan.h"

namespace crashsift::events {
namespace {

using scan::IsDigit;
using scan::Trim;

bool IsReleaseChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
         c == '_' || c == '+' || c == '~';
}

// "(2.6.27.5-117.fc10.i686" / "#1)" -> without the parentheses of 2.6's form.
std::string_view StripParens(std::string_view s) {
  if (!s.empty() && s.front() == '(') s.remove_prefix(1);
  if (!s.empty() && s.back() == ')') s.remove_suffix(1);
  return s;
}

// "<release> #N ..." or "(<release> #N)" -> release and build.
std::optional<ReleaseMention> ReleaseAndBuild(std::string_view tail, std::string_view taint) {
  tail = Trim(tail);
  size_t space = tail.find(' ');
  std::string_view release = StripParens(tail.substr(0, space));
  if (!LooksLikeRelease(release)) return std::nullopt;
  std::string_view build = space == std::string_view::npos ? "" : Trim(tail.substr(space));
  return ReleaseMention{std::string(release), std::string(StripParens(build)),
                        std::string(Trim(taint))};
}

// After "Tainted: ": the flag letters and blanks, up to the release (a digit).
// RHEL 7 prints "Tainted: P  OE  ------------   3.10.0-...": the dashes mark an
// unsupported build, not a flag. "Tainted: [W]=WARN" (6.10+) names no release.
std::optional<ReleaseMention> AfterTainted(std::string_view rest) {
  if (rest.starts_with('[')) return std::nullopt;
  size_t i = 0;
  while (i < rest.size() && !IsDigit(rest[i]) && rest[i] != '(') ++i;
  std::string_view taint = rest.substr(0, i);
  while (!taint.empty() && (taint.back() == ' ' || taint.back() == '-')) taint.remove_suffix(1);
  return ReleaseAndBuild(rest.substr(i), taint);
}

}  // namespace

bool LooksLikeRelease(std::string_view token) {
  size_t i = 0;
  while (i < token.size() && IsDigit(token[i])) ++i;
  if (i == 0 || i >= token.size() || token[i] != '.') return false;
  size_t minor = ++i;
  while (i < token.size() && IsDigit(token[i])) ++i;
  if (i == minor) return false;
  for (; i < token.size(); ++i) {
    if (!IsReleaseChar(token[i])) return false;
  }
  return token.size() <= 128;
}

std::optional<ReleaseMention> ReleaseFromReportLine(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (text.starts_with("CPU: ") || text.starts_with("Pid: ")) {
    std::optional<TaskContext> ctx = ParseTaskContext(text);
    if (!ctx || ctx->release.empty()) {
      // ARM before 3.x's dump_stack_print_info(): "CPU: 1    Tainted: P    O  (3.2.36 #1)".
      if (size_t at = text.find(" Tainted: "); at != std::string_view::npos) {
        return AfterTainted(text.substr(at + 10));
      }
      if (size_t at = text.find(" Not tainted "); at != std::string_view::npos) {
        return ReleaseAndBuild(text.substr(at + 13), "");
      }
      return std::nullopt;
    }
    std::string_view release = StripParens(ctx->release);
    if (!LooksLikeRelease(release)) return std::nullopt;
    return ReleaseMention{std::string(release), std::string(StripParens(ctx->build)), ctx->taint};
  }
  if (text.starts_with("Tainted: ")) return AfterTainted(text.substr(9));
  if (text.starts_with("Not tainted ")) return ReleaseAndBuild(text.substr(12), "");
  if (IsDigit(text.front())) {
    // Lockdep / SLUB / KASAN banner: "<release> #N Not tainted" / "... Tainted: G W".
    size_t space = text.find(' ');
    if (space == std::string_view::npos || !LooksLikeRelease(text.substr(0, space))) {
      return std::nullopt;
    }
    std::string_view rest = Trim(text.substr(space));
    if (!rest.starts_with('#')) return std::nullopt;
    size_t after_build = rest.find(' ');
    if (after_build == std::string_view::npos) return std::nullopt;
    std::string_view state = Trim(rest.substr(after_build));
    std::string_view taint;
    if (state.starts_with("Tainted: ")) {
      taint = state.substr(9);
    } else if (!state.starts_with("Not tainted")) {
      return std::nullopt;
    }
    return ReleaseMention{std::string(text.substr(0, space)),
                          std::string(rest.substr(0, after_build)), std::string(Trim(taint))};
  }
  // 2.6 register dumps: "... EFLAGS: 00010282   (2.6.18-53.el5 #1)".
  if (size_t eflags = text.find("EFLAGS: "); eflags != std::string_view::npos) {
    size_t open = text.find(" (", eflags);
    if (open == std::string_view::npos || !text.ends_with(')')) return std::nullopt;
    return ReleaseAndBuild(text.substr(open + 1), "");
  }
  return std::nullopt;
}

}  // namespace crashsift::events
