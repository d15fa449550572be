#include "analyzer/titles/report_scanner.h"

#include <algorithm>

#include "analyzer/titles/describe.h"
#include "analyzer/titles/normalize.h"

namespace crashsift::titles {
namespace {

constexpr size_t kRecentRecords = 128;
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
};

ReportScanner::ReportScanner() {
  auto table = DefaultTitleTable();
  if (table.has_value()) {
    table_ = *table;
    finder_ = std::make_unique<MarkerFinder>(*table_);
    suppression_keywords_ = std::make_unique<KeywordSet>(table_->suppression_keywords);
  }
}

ReportScanner::ReportScanner(const TitleTable& table)
    : table_(&table),
      finder_(std::make_unique<MarkerFinder>(table)),
      suppression_keywords_(std::make_unique<KeywordSet>(table.suppression_keywords)) {}

ReportScanner::~ReportScanner() = default;

void ReportScanner::Add(const kernel_log::LogRecord& record) {
  if (table_ == nullptr) return;
  // One record of look-ahead: a marker line directly followed by a printk
  // replay notice is a repeat of an older message, not a new report.
  if (pending_) Process(*pending_, Contains(record.text, kReplayMarker));
  pending_ = record;
}

void ReportScanner::Process(const kernel_log::LogRecord& record, bool next_is_replay) {
  const TitleTable& table = *table_;
  Line line;
  line.line = record.line;
  line.context = !record.caller.empty() ? record.caller
                 : record.monotonic     ? std::string(kConsoleContext)
                                        : std::string();
  std::string_view text = record.text;
  // Unreliable frames ("? foo+0x1/0x2", powerpc "(unreliable)") are dropped
  // from reports; only lines with a console prefix are judged, as syzbot does.
  if (!line.context.empty() && !Contains(text, kEndOfInterrupt)) {
    size_t q = text.find(" ? ");
    if (q != std::string_view::npos) {
      line.questionable = true;
      text.remove_prefix(q + 2);
    } else if (text.size() >= sizeof(kUnreliableSuffix) - 1 &&
               text.substr(text.size() - (sizeof(kUnreliableSuffix) - 1)) == kUnreliableSuffix) {
      line.questionable = true;
      text.remove_suffix(sizeof(kUnreliableSuffix) - 1);
    }
  }
  line.text = std::string(text);

  if (!console_hangup_ && !table.console_hangup.empty() &&
      Contains(record.text, table.console_hangup)) {
    console_hangup_ = true;
  }
  if (!suppressed_output_ && suppression_keywords_->AnyIn(record.text) &&
      MatchesAny(table.suppressions, record.text)) {
    suppressed_output_ = true;
  }

  int oops = finder_->Find(record.text);
  if (oops >= 0 && next_is_replay) oops = -1;
  bool starts_report = false;
  if (oops >= 0 && started_ < kMaxReports) {
    starts_report = open_.empty() || !MatchesAny(table.report_start_ignores, record.text);
  }

  for (auto& report : open_) Feed(*report, line, record.text, oops >= 0, false);

  if (starts_report) {
    auto report = std::make_unique<OpenReport>();
    report->oops = static_cast<size_t>(oops);
    report->context = line.context;
    report->first_line = record.line;
    report->min_lines = Contains(record.text, "BUG: KMSAN:") ? 16 : 22;
    size_t max_prefix = IsTaskContext(line.context) ? kTaskPrefixLines : kPrefixLines;
    std::vector<const Line*> prefix;
    for (auto it = recent_.rbegin(); it != recent_.rend() && prefix.size() < max_prefix; ++it) {
      if (it->context == line.context && !it->text.empty() && !it->questionable) {
        prefix.push_back(&*it);
      }
    }
    for (auto it = prefix.rbegin(); it != prefix.rend(); ++it) {
      report->prefix += (*it)->text;
      report->prefix += '\n';
    }
    Feed(*report, line, record.text, true, true);
    open_.push_back(std::move(report));
    ++started_;
  }

  // Close reports that reached their caps, and the oldest beyond the limit.
  for (auto& report : open_) {
    if (report->full) Close(*report);
  }
  std::erase_if(open_, [](const auto& report) { return report->full; });
  while (open_.size() > kMaxOpenReports) {
    Close(*open_.front());
    open_.erase(open_.begin());
  }

  recent_.push_back(std::move(line));
  if (recent_.size() > kRecentRecords) recent_.pop_front();
}

void ReportScanner::Feed(OpenReport& report, const Line& line, std::string_view raw, bool is_oops,
                         bool is_start) {
  const TitleTable& table = *table_;
  if (!is_start) {
    if (is_oops) {
      if (!report.second_report && !MatchesAny(table.report_start_ignores, raw)) {
        report.second_report = true;
      }
    }
    if (!report.second_report) {
      for (const auto& info : table.info_with_stack) {
        if (Contains(raw, info)) {
          report.second_report = true;
          break;
        }
      }
    }
    bool other_context =
        line.context != report.context && !(report.cpu_traceback && IsCpuContext(line.context));
    if (line.questionable || other_context) return;
  }
  ++report.text_lines;
  bool skip_line = report.skip_text;
  if (Contains(raw, "Disabling lock debugging due to kernel taint")) {
    skip_line = true;
  } else if (Contains(raw, "Sending NMI from CPU")) {
    // An all-CPU backtrace follows; keep the other CPUs' lines.
    report.cpu_traceback = true;
  } else if ((Contains(raw, "Kernel panic - not syncing") ||
              Contains(raw, "WARNING: possible circular locking dependency detected")) &&
             report.text_lines > report.min_lines) {
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
  out.text = report.prefix + std::string(main_text);
  done_.push_back(std::move(out));
}

std::vector<CrashReport> ReportScanner::Finish() {
  if (table_ == nullptr) return {};
  if (pending_) {
    Process(*pending_, false);
    pending_.reset();
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
