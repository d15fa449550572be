#include "analyzer/events/partial_report_headlines.h"

#include "analyzer/core/text.h"
#include "analyzer/events/text_scan.h"

namespace crashsift::events {
namespace {

// "[ 3942]     0  3942     2227     1354       9       5        0          -999 docker-containe":
// the pid in brackets, then six to eight numeric columns (uid, tgid, total_vm,
// rss, nr_ptes/pgtables_bytes, [nr_pmds,] swapents, oom_score_adj), then a comm.
bool IsTaskRow(std::string_view t) {
  if (!t.starts_with('[')) return false;
  t.remove_prefix(1);
  t = text::TrimLeft(t, " ");
  size_t digits = 0;
  while (digits < t.size() && text::IsDigit(t[digits])) ++digits;
  if (digits == 0 || digits >= t.size() || t[digits] != ']') return false;
  t.remove_prefix(digits + 1);
  int columns = 0;
  while (true) {
    if (t.empty() || t.front() != ' ') return false;
    t = text::TrimLeft(t, " ");
    size_t n = t.starts_with('-') ? 1 : 0;
    size_t start = n;
    while (n < t.size() && text::IsDigit(t[n])) ++n;
    bool numeric = n > start && (n == t.size() || t[n] == ' ');
    if (!numeric) return columns >= 6 && columns <= 8 && !t.empty();
    ++columns;
    t.remove_prefix(n);
  }
}

}  // namespace

std::optional<Headline> ClassifyPartialReport(std::string_view text) {
  std::string_view t = text;
  t = text::TrimLeft(t, " ");
  // Every phrase below starts with one of these bytes; most lines end here.
  if (t.empty() || (t.front() != 's' && t.front() != 'S' && t.front() != 'T' && t.front() != '[')) {
    return std::nullopt;
  }
  // Two consoles can print it twice on one line ("sysrq: SysRq : [ 349.1] sysrq: SysRq : Trigger
  // a crash", the other console's "Trigger a crash" then alone on the next line): the phrase
  // anywhere in a line that starts as sysrq's, and that bare rest.
  if (((t.starts_with("sysrq: ") || t.starts_with("SysRq : ")) &&
       (scan::Has(t, "SysRq : Trigger a crash") || t.starts_with("sysrq: Trigger a crash"))) ||
      t == "Trigger a crash") {
    return Headline{LineRole::kPrelude, EventKind::kOther, 0, t};
  }
  bool table = t.starts_with("Tasks state (memory values in pages):") ||
               (t.starts_with("[ pid ]") || t.starts_with("[  pid  ]")) ||
               (t.starts_with('[') && IsTaskRow(t));
  if (!table) return std::nullopt;
  // Inside an OOM report it continues it; alone it is a notice (no report header: LABELS.md
  // counts an oom event from its header lines only), which the table's rows continue.
  Headline h{LineRole::kOpenerOrContinuation, EventKind::kNotice,
             KindBit(EventKind::kOom) | KindBit(EventKind::kNotice), t};
  h.starts_cut = true;
  return h;
}

}  // namespace crashsift::events
