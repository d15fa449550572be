#include "analyzer/titles/report_scanner.h"

#include <algorithm>

#include "analyzer/titles/describe.h"
#include "analyzer/titles/normalize.h"

namespace crashsift::titles {
namespace {

constexpr size_t kRecentRecords = 128;
constexpr size_t kMaxTailLines = 64;
constexpr size_t kPrefixLines = 5;
constexpr size_t kTaskPrefixLines = 50;  // a printk task id makes older lines safe
constexpr char kConsoleContext[] = "console";
constexpr char kReplayMarker[] = "** replaying previous printk message **";
constexpr char kEndOfInterrupt[] = "<EOI>";
constexpr char kUnreliableSuffix[] = " (unreliable)";

bool IsTaskContext(std::string_view context) { return !context.empty() && context[0] == 'T'; }

bool IsCpuContext(std::string_view context) {
  return context.size() > 1 && context[0] == 'C' && context[1] >= '0' && context[1] <= '9';
}

bool MatchesAny(const std::vector<std::unique_ptr<RE2>>& res, std::string_view line) {
  return std::any_of(res.begin(), res.end(),
                     [&](const auto& re) { return RE2::PartialMatch(line, *re); });
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Position of the first " ? " (an unreliable-frame mark), or npos. Searches
// for the rare '?' rather than the frequent ' '.
size_t FindUnreliableMark(std::string_view text) {
  for (size_t q = text.find('?'); q != std::string_view::npos; q = text.find('?', q + 1)) {
    if (q > 0 && q + 1 < text.size() && text[q - 1] == ' ' && text[q + 1] == ' ') return q - 1;
  }
  return std::string_view::npos;
}

}  // namespace

struct ReportScanner::Line {
  uint64_t line = 0;
  std::string context;
  std::string text;  // prefix-stripped; " ? " frames start at the frame
  bool questionable = false;
};

struct ReportScanner::OpenReport {
  size_t oops = 0;
  std::string context;
  std::string headline;
  uint32_t boot = 0;
  uint64_t first_line = 0;
  uint64_t last_line = 0;
  std::string prefix;
  std::string text;
  size_t report_end = 0;  // text[0, report_end) is what the title is read from
  size_t lines = 0;
  size_t text_lines = 0;
  size_t min_lines = 22;
  bool second_report = false;
  bool skip_text = false;
  bool cpu_traceback = false;
  bool full = false;
  size_t tail_lines = 0;  // lines kept after the next report started
};

ReportScanner::ReportScanner() {
  auto table = DefaultTitleTable();
  if (table.has_value()) {
    table_ = *table;
    static const MarkerFinder* const shared = new MarkerFinder(*table_);  // never freed
    finder_ = shared;
  }
  recent_.resize(kRecentRecords);
}

ReportScanner::ReportScanner(const TitleTable& table)
    : table_(&table),
      own_finder_(std::make_unique<MarkerFinder>(table)),
      finder_(own_finder_.get()) {
  recent_.resize(kRecentRecords);
}

ReportScanner::~ReportScanner() = default;

void ReportScanner::Add(const kernel_log::LogRecord& record) {
  if (table_ == nullptr) return;
  MarkerFinder::Hits hits = finder_->Scan(record.text);
  // One record of look-ahead: a marker line directly followed by a printk
  // replay notice is a repeat of an older message, not a new report. Only
  // marker lines wait (copied); the rest are processed at once, in order.
  if (has_pending_) {
    Process(pending_, pending_hits_, Contains(record.text, kReplayMarker));
    has_pending_ = false;
  }
  if (hits.oops >= 0) {
    pending_ = record;  // copy-assignment reuses the strings' storage
    pending_hits_ = hits;
    has_pending_ = true;
  } else {
    Process(record, hits, false);
  }
}

void ReportScanner::Process(const kernel_log::LogRecord& record, const MarkerFinder::Hits& hits,
                            bool next_is_replay) {
  const TitleTable& table = *table_;
  if (hits.console_hangup) console_hangup_ = true;
  if (hits.suppression && !suppressed_output_ && MatchesAny(table.suppressions, record.text)) {
    suppressed_output_ = true;
  }
  int oops = next_is_replay ? -1 : hits.oops;
  bool starts_report = false;
  if (oops >= 0 && started_ < kMaxReports) {
    starts_report = open_.empty() || !MatchesAny(table.report_start_ignores, record.text);
  }
  // Without report texts the ring of recent lines (the texts' prefixes) is
  // not kept: a line that starts no report and joins none costs nothing more
  // (issue 11, the quiet-log path).
  if (!keep_text_ && open_.empty() && !starts_report) return;
  // The ring slot doubles as this record's Line: no allocation once warm.
  Line& line = recent_[recent_next_];
  line.line = record.line;
  // A line printed without a prefix among prefixed ones (user space on the
  // console) has no context, as in syzkaller: it joins no prefixed report.
  line.context.assign(record.unprefixed        ? std::string_view()
                      : !record.caller.empty() ? std::string_view(record.caller)
                      : record.monotonic       ? std::string_view(kConsoleContext)
                                               : std::string_view());
  line.questionable = false;
  std::string_view text = record.text;
  // Unreliable frames ("? foo+0x1/0x2", powerpc "(unreliable)") are dropped
  // from reports; only lines with a console prefix are judged, as syzbot does.
  if (!line.context.empty()) {
    size_t q = FindUnreliableMark(text);
    bool unreliable_suffix =
        q == std::string_view::npos && text.size() >= sizeof(kUnreliableSuffix) - 1 &&
        text.substr(text.size() - (sizeof(kUnreliableSuffix) - 1)) == kUnreliableSuffix;
    if ((q != std::string_view::npos || unreliable_suffix) && !Contains(text, kEndOfInterrupt)) {
      line.questionable = true;
      if (q != std::string_view::npos) {
        text.remove_prefix(q + 2);
      } else {
        text.remove_suffix(sizeof(kUnreliableSuffix) - 1);
      }
    }
  }
  line.text.assign(text);

  for (auto& report : open_) Feed(*report, line, record.text, hits, oops >= 0, false);

  if (starts_report) {
    auto report = std::make_unique<OpenReport>();
    report->oops = static_cast<size_t>(oops);
    report->context = line.context;
    report->first_line = record.line;
    report->headline = record.text;
    report->boot = record.boot;
    report->min_lines = hits.short_report ? table.short_min_lines : table.report_min_lines;
    size_t max_prefix = IsTaskContext(line.context) ? kTaskPrefixLines : kPrefixLines;
    std::vector<const Line*> prefix;
    for (size_t back = 1; keep_text_ && back <= recent_count_ && prefix.size() < max_prefix;
         ++back) {
      const Line& earlier = recent_[(recent_next_ + kRecentRecords - back) % kRecentRecords];
      if (earlier.context == line.context && !earlier.text.empty() && !earlier.questionable) {
        prefix.push_back(&earlier);
      }
    }
    for (auto it = prefix.rbegin(); it != prefix.rend(); ++it) {
      report->prefix += (*it)->text;
      report->prefix += '\n';
    }
    Feed(*report, line, record.text, hits, true, true);
    open_.push_back(std::move(report));
    ++started_;
  }

  if (!open_.empty()) {
    // Close reports that reached their caps, and the oldest beyond the limit.
    for (auto& report : open_) {
      if (report->full) Close(*report);
    }
    std::erase_if(open_, [](const auto& report) { return report->full; });
    while (open_.size() > kMaxOpenReports) {
      Close(*open_.front());
      open_.erase(open_.begin());
    }
  }

  recent_next_ = (recent_next_ + 1) % kRecentRecords;
  recent_count_ = std::min(recent_count_ + 1, kRecentRecords);
}

void ReportScanner::Feed(OpenReport& report, const Line& line, std::string_view raw,
                         const MarkerFinder::Hits& hits, bool is_oops, bool is_start) {
  const TitleTable& table = *table_;
  if (!is_start) {
    if (is_oops) {
      if (!report.second_report && !MatchesAny(table.report_start_ignores, raw)) {
        report.second_report = true;
      }
    }
    // Messages such as fault injection print a stack of their own.
    if (hits.info_with_stack) report.second_report = true;
    bool other_context =
        line.context != report.context && !(report.cpu_traceback && IsCpuContext(line.context));
    if (line.questionable || other_context) return;
  }
  ++report.text_lines;
  bool skip_line = report.skip_text;
  if (hits.skip_line) {
    skip_line = true;
  } else if (hits.all_cpus) {
    // An all-CPU backtrace follows; keep the other CPUs' lines.
    report.cpu_traceback = true;
  } else if (hits.cut_tail && report.text_lines > report.min_lines) {
    // panic_on_warn's panic and lockdep reports set off by the oops itself
    // repeat what the report already holds.
    report.skip_text = true;
    skip_line = true;
  }
  if (!is_start && skip_line) return;
  report.text += line.text;
  report.text += '\n';
  ++report.lines;
  bool task_or_cpu = !report.context.empty() && report.context != kConsoleContext;
  if (!report.second_report || task_or_cpu) {
    report.report_end = report.text.size();
    report.last_line = std::max(report.last_line, line.line);
  }
  if (report.lines >= kMaxReportLines || report.text.size() >= kMaxReportBytes) report.full = true;
  // A console-wide report has its title text once the next report started;
  // the lines after that only serve the stack-trace check, which looks a few
  // lines past a stack keyword. Keep a bounded tail, not the rest of the log.
  if (report.second_report && !task_or_cpu && ++report.tail_lines > kMaxTailLines) {
    report.full = true;
  }
}

void ReportScanner::Close(OpenReport& report) {
  const TitleTable& table = *table_;
  const OopsMarker& oops = table.oopses[report.oops];
  std::string_view main_text(report.text.data(), report.report_end);
  Description d = Describe(table, oops, main_text);
  if (d.title.empty()) d = Describe(table, oops, report.text);
  CrashReport out;
  out.first_line = report.first_line;
  out.last_line = std::max(report.last_line, report.first_line);
  out.corrupted_reason = d.corrupted_reason;
  if (out.corrupted_reason.empty()) out.corrupted_reason = CorruptionReason(table, d, report.text);
  out.title = NormalizeTitle(d.title);
  for (const auto& alt : d.alt_titles) {
    std::string normalized = NormalizeTitle(alt);
    if (std::find(out.alt_titles.begin(), out.alt_titles.end(), normalized) ==
        out.alt_titles.end()) {
      out.alt_titles.push_back(std::move(normalized));
    }
  }
  out.kind = std::string(TitleKind(out.title));
  out.guilty_frame = GuiltyFrameOfTitle(out.title);
  out.type = TitleType(table, out.title);
  out.context = report.context;
  out.headline = report.headline;
  out.boot = report.boot;
  if (keep_text_) out.text = report.prefix + std::string(main_text);
  done_.push_back(std::move(out));
}

std::vector<CrashReport> ReportScanner::Finish() {
  if (table_ == nullptr) return {};
  if (has_pending_) {
    Process(pending_, pending_hits_, false);
    has_pending_ = false;
  }
  for (auto& report : open_) Close(*report);
  open_.clear();
  std::vector<CrashReport> out = std::move(done_);
  done_.clear();
  std::stable_sort(out.begin(), out.end(), [](const CrashReport& a, const CrashReport& b) {
    return a.first_line < b.first_line;
  });
  for (auto& report : out) {
    report.suppressed = suppressed_output_;
    if (console_hangup_) {
      report.corrupted = true;
      if (report.corrupted_reason.empty()) report.corrupted_reason = "console disconnected";
    }
    if (!report.corrupted_reason.empty()) report.corrupted = true;
  }
  return out;
}

std::vector<CrashReport> ScanRecords(const std::vector<kernel_log::LogRecord>& records) {
  ReportScanner scanner;
  for (const auto& record : records) scanner.Add(record);
  return scanner.Finish();
}

}  // namespace crashsift::titles
