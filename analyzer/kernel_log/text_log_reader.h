// TextLogReader: kernel log text of any supported format -> LogRecords, as a
// streaming pull API. This is the text half of the pipeline's front end (the
// vmcore half reads the printk ring itself).
//
// Contract:
//  * Open() sniffs the input (input::OpenTextInput: gzip/xz/zstd are
//    decompressed on the fly; empty, binary, missing, directory or unreadable
//    inputs are an Error naming the file), reads up to 256 lines to detect the
//    format (log_format.h) and keeps them for replay. Memory stays bounded by
//    that look-ahead plus one line (lines are cut at limits::kMaxLineBytes).
//  * format() is a stable name: "dmesg", "dmesg-T", "dmesg-H", "dmesg-x",
//    "dmesg-r", "kmsg", "journalctl-short", "journalctl-short-monotonic",
//    "journalctl-short-iso", "journalctl-json", "syslog", "syslog-rfc3339",
//    "console", "crash-log" or "pasted" (then quoted_format() names the format
//    of the pasted lines). compression() is "", "gzip", "xz" or "zstd".
//  * Next() fills `record` (reusing its buffers) and returns true, returns
//    false at the end, or an Error when the input fails mid-way (a read error,
//    corrupt or truncated compressed data, a decompression bomb). After an
//    error or false, do not call Next again.
//  * Records: `text` has every prefix removed (time stamp, caller, level,
//    host/identifier); for journal entries of a non-kernel identifier the
//    text is "IDENT: message", as dmesg shows it. A message that spans lines
//    (a printk with embedded newlines, a kmsg "\x0a", a multi-line journal
//    MESSAGE, an indented continuation line) yields one record per line with
//    the time, level and line of its first line. Lines that cannot be
//    records are skipped: chatter before the first record, non-kernel syslog
//    lines, journal "-- ... --" markers, prose around pasted logs (but a
//    report printed without stamps in a pasted log is kept, from its first
//    line, such as "WARNING: CPU: ...", to the next blank or stamped line).
//    /dev/kmsg " KEY=value" lines go to the preceding record's `properties`.
//  * `unprefixed` marks a line with no printk prefix among prefixed ones:
//    a continuation line without the prefix-wide indentation, or a kept
//    unstamped report line. A serial console's "<host> login: " prompt or
//    "** N printk messages dropped ** " banner glued before "[  12.3]" is
//    removed, and the line is an ordinary prefixed record.
//  * `boot` counts boots inside the input: it increments at a "Linux version"
//    banner stamped near 0 s (or unstamped) after other records, a printk
//    clock reset to below 1 s from over 10 s, a journal "-- Boot ... --" /
//    "-- Reboot --" line, a change of the journal's _BOOT_ID, a /dev/kmsg
//    sequence number going back.
//  * Wall times: dmesg -T and the ISO formats give wall_time (a stamp without
//    a zone is read as UTC); syslog/journal "Nov 24 15:39:44" carries no year,
//    so wall_time stays empty there; dmesg -H relative stamps give neither.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/line_reader.h"
#include "analyzer/core/result.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/log_format.h"
#include "analyzer/kernel_log/log_record.h"

namespace crashsift::kernel_log {

class TextLogReader {
 public:
  static Result<TextLogReader> Open(const input::InputSource& source);
  // Over text that is already open (decompressed); `name` is used in errors.
  static Result<TextLogReader> FromChunks(std::unique_ptr<ChunkSource> chunks, std::string name,
                                          std::string compression = "");

  TextLogReader(TextLogReader&&) noexcept = default;
  TextLogReader& operator=(TextLogReader&&) noexcept = default;

  std::string_view format() const;
  std::string_view quoted_format() const { return FormatName(guess_.format); }
  std::string_view compression() const { return compression_; }
  const std::string& name() const { return name_; }

  Result<bool> Next(LogRecord& record);

  uint64_t lines_read() const { return lines_read_; }
  uint64_t cut_lines() const { return cut_lines_; }

 private:
  struct HeadLine {
    size_t offset = 0;  // its text in head_text_
    size_t size = 0;
    bool cut = false;
    uint64_t number = 0;       // its first physical line
    uint64_t last_number = 0;  // its last (a hard-wrapped record joins lines)
  };

  TextLogReader() = default;
  Result<bool> ReadHead();
  std::string_view HeadText(const HeadLine& h) const {
    return std::string_view(head_text_).substr(h.offset, h.size);
  }
  // Joins the physical lines of records a paste's form hard-wrapped (hard_wrap.h).
  void JoinHardWraps();
  // Sets console_quoted_ and console_indent_ from the head lines.
  void FindConsoleIndent();
  Result<bool> GetLine(Line& line);
  // ParseLineAs(LineForm::kDmesg, text, p), from format detection's parse
  // when `text` is the head line it classified.
  bool ParseDmesg(std::string_view text, ParsedLine& p) const;

  void Fill(LogRecord& r, const ParsedLine& p, std::string_view text, const Line& line);
  void FillContinuation(LogRecord& r, std::string_view text, const Line& line);
  void AssignBoot(LogRecord& r, bool banner_counts);
  void NewBoot();
  // Moves lines 2.. of a multi-line record into pending_.
  void SplitLines(LogRecord& r);
  std::string_view CleanConsole(std::string_view text);

  // Per-family line handlers: true when `record` was filled.
  bool HandleDmesg(std::string_view text, const Line& line, LogRecord& record);
  bool HandleConsole(std::string_view text, const Line& line, LogRecord& record);
  bool HandleSyslog(std::string_view text, const Line& line, LogRecord& record);
  bool HandleJson(std::string_view text, const Line& line, LogRecord& record);
  // kmsg: records are held one line back to collect their properties.
  bool HandleKmsg(std::string_view text, const Line& line, LogRecord& record);

  std::string name_;
  std::string compression_;
  std::unique_ptr<ChunkSource> chunks_;
  std::unique_ptr<LineReader> lines_;
  std::vector<HeadLine> head_;
  std::string head_text_;  // the head lines' texts, one after the other
  // Per head line, its kDmesg parse from format detection (empty when the
  // lines were joined after it).
  std::vector<DmesgParse> head_dmesg_;
  const DmesgParse* line_dmesg_ = nullptr;  // the line GetLine gave last
  size_t head_pos_ = 0;
  uint64_t head_last_number_ = 0;  // last physical line of the head line just read
  // A console paste quoted as a whole ("> " on every line, a mail reply):
  // the quote marks are removed.
  bool console_quoted_ = false;
  bool line_gutter_ = false;  // every line starts with a line number (line_gutter.h)
  std::string line_tag_;      // what every line starts with (line_tag.h)
  // Blanks before every line of a console paste (a markdown code block
  // indented by 4 or 8): removed, so that the lines read as printed.
  size_t console_indent_ = 0;
  FormatGuess guess_;

  std::string clean_;    // a console line without ANSI escapes, NUL and '\r'
  std::string scratch_;  // unescaped kmsg text, "IDENT: msg"
  std::vector<LogRecord> pending_;
  size_t pending_pos_ = 0;
  LogRecord held_;
  bool have_held_ = false;

  // The last record, for continuation lines.
  bool have_last_ = false;
  std::optional<double> last_monotonic_;
  std::optional<double> last_wall_;
  int last_level_ = -1;
  int last_facility_ = -1;
  std::string last_caller_;
  size_t last_prefix_width_ = 0;  // indentation of continuation lines
  // Pasted logs: inside a report printed without stamps (up to a blank or a
  // stamped line), whose lines are records rather than prose.
  bool unstamped_report_ = false;

  // Boot tracking.
  uint32_t boot_ = 0;
  uint64_t records_in_boot_ = 0;
  std::optional<double> boot_last_monotonic_;
  uint64_t last_sequence_ = 0;
  std::string last_boot_id_;

  uint64_t lines_read_ = 0;
  uint64_t cut_lines_ = 0;
};

}  // namespace crashsift::kernel_log
