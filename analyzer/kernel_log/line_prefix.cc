#include "analyzer/kernel_log/line_prefix.h"

#include <cctype>

#include "analyzer/core/text.h"
#include "analyzer/kernel_log/log_time.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::kernel_log {
namespace {

// Bounds: a prefix longer than this is not a prefix but a sentence.
constexpr size_t kMaxHeaderBytes = 112;
constexpr int kMaxPeels = 6;

using text::IsDigit;

// "[ 9665.393276]", "[  240.]" (fraction cut by a paste), "[10987422.200307]".
bool ConsumeStamp(std::string_view& s, ParsedLine& out) {
  std::string_view probe = s;
  if (auto secs = ConsumeBracketSeconds(probe)) {
    out.monotonic = secs;
    s = probe;
    return true;
  }
  if (s.size() < 4 || s[0] != '[') return false;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t start = i;
  uint64_t whole = 0;
  while (i < s.size() && IsDigit(s[i]) && i - start < 12) whole = whole * 10 + (s[i++] - '0');
  if (i == start || i + 1 >= s.size() || s[i] != '.' || s[i + 1] != ']') return false;
  out.monotonic = static_cast<double>(whole);
  s.remove_prefix(i + 2);
  return true;
}

// A syslog/journal/logread/RFC 3339 header ending in "kernel:": a clock before
// it, whatever the month's language, the host (redacted, with blanks, absent)
// or a "kern.warn" facility between. Consumes through "kernel:".
// "hdd-tula kernel: [ 7559.830000] ..." (syslogd's wall broadcast of a kernel
// line: the host, no date): one host-name token, then a dmesg stamp.
bool HostThenStamp(std::string_view s, size_t kernel_at) {
  std::string_view host = s.substr(0, kernel_at - 1);
  if (host.empty()) return false;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_')
      return false;
  }
  std::string_view rest = s.substr(kernel_at + 7);
  if (!rest.starts_with(" [")) return false;
  rest.remove_prefix(1);
  ParsedLine scratch;
  return ConsumeStamp(rest, scratch);
}

// The clock a capture tool (a BMC's serial-over-LAN log, a CI runner) puts
// before each console line: "05/09/2024 11:14:52  ? format_decode+0x38f/0x560".
bool ConsumeCaptureClock(std::string_view& s) {
  auto digits = [&](size_t at, size_t n) { return text::ReadDigits(s, at, n).count == n; };
  // MM/DD/YYYY or DD/MM/YYYY, a blank, HH:MM:SS, then at least one blank.
  if (!digits(0, 2) || s.size() < 21 || s[2] != '/' || !digits(3, 2) || s[5] != '/' ||
      !digits(6, 4) || s[10] != ' ' || !HasClock(s.substr(11, 8), true) || s[19] != ' ') {
    return false;
  }
  s.remove_prefix(20);
  return true;
}

bool ConsumeKernelIdentHeader(std::string_view& s) {
  std::string_view head = s.substr(0, kMaxHeaderBytes);
  size_t at = head.find("kernel:");
  if (at == std::string_view::npos) return false;
  if (at > 0 && head[at - 1] != ' ' && head[at - 1] != '.') return false;
  if (at > 0 && !HasClock(head.substr(0, at), true) && !HostThenStamp(s, at)) return false;
  s.remove_prefix(at + 7);
  return true;
}

// "Dec 20 04:19:39 192.168.50.130 [24876.683186] BUG: ..." (a host, no ident):
// a clock, then a dmesg stamp within the header.
bool ConsumeHeaderBeforeStamp(std::string_view& s) {
  std::string_view head = s.substr(0, kMaxHeaderBytes);
  size_t bracket = head.find(" [");
  if (bracket == std::string_view::npos || !HasClock(head.substr(0, bracket), true)) return false;
  std::string_view rest = s.substr(bracket + 1);
  ParsedLine scratch;
  std::string_view probe = rest;
  if (!ConsumeStamp(probe, scratch)) return false;
  s = rest;
  return true;
}

// The end of a stamp whose start a paste cut off: "912.004511] bash invoked
// oom-killer: ...", ".331207] INFO: task X:123 blocked ...". Digits, a point,
// digits, "] ", at the very start of the line (a time of its own is lost).
bool ConsumeClippedStamp(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && i < 12 && IsDigit(s[i])) ++i;
  if (i >= s.size() || s[i] != '.') return false;
  size_t fraction = ++i;
  while (i < s.size() && i - fraction < 9 && IsDigit(s[i])) ++i;
  // A blank after the ']', or a printk caller id glued to it ("1717.272016][T500572] CPU: ...").
  if (i == fraction || i + 1 >= s.size() || s[i] != ']' || (s[i + 1] != ' ' && s[i + 1] != '[')) {
    return false;
  }
  s.remove_prefix(i + 1);
  return true;
}

// Editor line numbers before a stamp: "11745 [46223316.649832] ...".
bool ConsumeLineNumber(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i]) && i < 8) ++i;
  if (i == 0 || i >= s.size() || (s[i] != ' ' && s[i] != '\t' && s[i] != ':')) return false;
  size_t j = i + 1;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j >= s.size() || s[j] != '[') return false;
  s.remove_prefix(j);
  return true;
}

// Markdown and quoting glued to the line: "**", "`", "```", ">".
bool ConsumeMarkup(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == '`' || s[i] == '*' || s[i] == '>')) ++i;
  if (i == 0) return false;
  s.remove_prefix(i);
  return true;
}

// "<6>" (printk level kept by rsyslog or dmesg -r).
bool ConsumePriorityTag(std::string_view& s) {
  if (s.size() < 3 || s[0] != '<') return false;
  size_t i = 1;
  while (i < s.size() && IsDigit(s[i]) && i < 5) ++i;
  if (i == 1 || i >= s.size() || s[i] != '>') return false;
  s.remove_prefix(i + 1);
  return true;
}

}  // namespace

// The first line of a kernel report (or of a boot) printed without a printk
// prefix. A pasted log keeps such a line, and the unprefixed lines after it,
// instead of dropping them as prose: syzbot console logs hold reports that
// reached the console with no stamps at all. Checked only on the unparsed
// lines of a pasted log.
bool StartsKernelReport(std::string_view s) {
  return MatchLineStart(s, kStartsReport) != nullptr ||
         MatchAfterFirstWord(s, kStartsReport) != nullptr;
}

bool PeelKernelPrefix(std::string_view line, ParsedLine& out) {
  std::string_view s = line;
  out.clipped = false;
  if (ConsumeClippedStamp(s)) {
    out.clipped = true;
    ConsumeCaller(s, out);
    if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
    out.text = s;
    return true;
  }
  bool kernel = false;
  for (int peel = 0; peel < kMaxPeels && !s.empty(); ++peel) {
    s = text::TrimLeft(s);
    if (s.empty()) break;
    if (s[0] == '[' && ConsumeStamp(s, out)) {
      ConsumeCaller(s, out);
      if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
      out.text = s;
      return true;
    }
    if (ConsumePriorityTag(s)) {
      kernel = true;  // a printk level: "<1>I/O error in filesystem ..."
      continue;
    }
    if (ConsumeMarkup(s) || ConsumeLineNumber(s)) continue;
    if (!kernel && ConsumeCaptureClock(s)) {
      kernel = true;
      continue;
    }
    if (s.starts_with("kernel:")) {
      s.remove_prefix(7);
      kernel = true;
      continue;
    }
    if (!kernel && (ConsumeKernelIdentHeader(s) || ConsumeHeaderBeforeStamp(s))) {
      kernel = true;
      continue;
    }
    break;
  }
  if (!kernel) return false;
  s = text::TrimLeft(s);
  out.text = s;
  return true;
}

bool FindStampedMarkerMidLine(std::string_view line, ParsedLine& out) {
  size_t from = 1;
  for (int tries = 0; tries < 4; ++tries) {
    size_t at = line.find('[', from);
    if (at == std::string_view::npos) return false;
    std::string_view s = line.substr(at);
    ParsedLine p;
    if (ConsumeStamp(s, p)) {
      ConsumeCaller(s, p);
      if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
      if (StartsKernelReport(s)) {
        p.text = s;
        out = p;
        return true;
      }
    }
    from = at + 1;
  }
  return false;
}

// A version line quoted after the reporter's own words on the same line
// ("before that: ZFS: Loaded module v0.8.3-1, ..."): the line from the quote
// on, or "" (issue 8 class 4). Only lines that name versions: prose is
// otherwise dropped, and these are what the affected verdict needs.
std::string_view VersionLineAfterProse(std::string_view text) {
  static constexpr std::string_view kQuoted[] = {"ZFS: Loaded module v", "SPL: Loaded module v",
                                                 "Linux version "};
  for (std::string_view quoted : kQuoted) {
    const size_t at = text.find(quoted);
    if (at == std::string_view::npos || at == 0 || text[at - 1] != ' ') continue;
    const size_t after = at + quoted.size();
    if (after < text.size() && text::IsDigit(text[after])) return text.substr(at);
  }
  return {};
}

}  // namespace crashsift::kernel_log
