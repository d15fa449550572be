// ReportScanner: streaming detection of crash reports in a kernel log and
// their syzbot-compatible titles.
//
// Feed records in log order with Add(), then call Finish() once. A report
// opens at a line holding an oops marker (BUG:, WARNING:, general protection
// fault, ...) that is not a known false positive, and collects the later
// lines of the same console context (printk caller id "T123"/"C1", or the
// whole console when the log has only timestamps) until the next report
// starts. Its title, corrupted verdict and guilty frame follow the rules in
// title_formats.toml (syzkaller pkg/report conventions).
//
// Memory is bounded: a ring of recent records (the context before a marker),
// at most kMaxOpenReports reports collecting at once, each capped at
// kMaxReportLines lines / kMaxReportBytes bytes. Lines without a marker cost
// a byte scan with a two-byte filter and no regex.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/kernel_log/log_record.h"
#include "analyzer/titles/marker_finder.h"
#include "analyzer/titles/title_table.h"

namespace crashsift::titles {

inline constexpr size_t kMaxReportLines = 2000;
inline constexpr size_t kMaxReportBytes = 256 * 1024;
inline constexpr size_t kMaxOpenReports = 8;
inline constexpr size_t kMaxReports = 5000;  // = limits::kMaxEventsPerInput

struct CrashReport {
  uint64_t first_line = 0;  // LogRecord::line of the marker line
  uint64_t last_line = 0;   // last line that belongs to the report
  std::string title;        // normalised, e.g. "KASAN: use-after-free Read in foo"
  std::vector<std::string> alt_titles;
  bool corrupted = false;
  std::string corrupted_reason;
  bool suppressed = false;   // harness trouble (executor OOM-killed, ...)
  std::string kind;          // title text before the last " in "
  std::string guilty_frame;  // identifier after the last " in ", or ""
  std::string type;          // "KASAN-READ", "HANG", ...; "" = none
  std::string context;       // "T123", "C1", "console" or "" (no prefixes)
  std::string headline;      // the marker line's text
  uint32_t boot = 0;         // LogRecord::boot of the marker line
  std::string text;          // the report: up to 5 (50 for a task) earlier
                             // lines of its context, then the report itself
};

class ReportScanner {
 public:
  // Uses the built-in table (DefaultTitleTable()).
  ReportScanner();
  // `table` must outlive the scanner.
  explicit ReportScanner(const TitleTable& table);
  ~ReportScanner();

  // Whether CrashReport::text is filled (the default). The pipeline reads
  // only titles and positions: without the texts a capped input's reports
  // hold ~35 MB less (issue 11).
  void KeepText(bool keep) { keep_text_ = keep; }

  void Add(const kernel_log::LogRecord& record);
  // Ends the input; returns the reports in order of their first line.
  // Empty when the built-in table failed to load (see DefaultTitleTable()).
  std::vector<CrashReport> Finish();

 private:
  struct Line;
  struct OpenReport;

  void Process(const kernel_log::LogRecord& record, const MarkerFinder::Hits& hits,
               bool next_is_replay);
  void Feed(OpenReport& report, const Line& line, std::string_view raw,
            const MarkerFinder::Hits& hits, bool is_oops, bool is_start);
  void Close(OpenReport& report);

  const TitleTable* table_ = nullptr;
  bool keep_text_ = true;
  // The built-in table's finder is built once per process and shared (it is
  // immutable; building it was ~6% of a batch run of small files); a table
  // given by the caller gets its own.
  std::unique_ptr<MarkerFinder> own_finder_;
  const MarkerFinder* finder_ = nullptr;
  kernel_log::LogRecord pending_;  // a marker line waiting one record (storage reused)
  MarkerFinder::Hits pending_hits_;
  bool has_pending_ = false;
  std::vector<Line> recent_;  // ring of recent records for the report prefix
  size_t recent_next_ = 0;
  size_t recent_count_ = 0;
  std::vector<std::unique_ptr<OpenReport>> open_;
  std::vector<CrashReport> done_;
  size_t started_ = 0;
  bool console_hangup_ = false;
  bool suppressed_output_ = false;
};

// Convenience for tests and small inputs: scans `records`, returns reports.
std::vector<CrashReport> ScanRecords(const std::vector<kernel_log::LogRecord>& records);

}  // namespace crashsift::titles
