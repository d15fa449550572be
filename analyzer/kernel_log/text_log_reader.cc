#include "analyzer/kernel_log/text_log_reader.h"

#include <algorithm>

#include "analyzer/core/limits.h"
#include "analyzer/core/text.h"
#include "analyzer/input/text_input.h"
#include "analyzer/kernel_log/console_text.h"
#include "analyzer/kernel_log/hard_wrap.h"
#include "analyzer/kernel_log/journal_json.h"
#include "analyzer/kernel_log/line_gutter.h"
#include "analyzer/kernel_log/line_prefix.h"
#include "analyzer/kernel_log/line_tag.h"

namespace crashsift::kernel_log {
namespace {

// How much of the input format detection looks at.
constexpr size_t kHeadLines = 256;
constexpr size_t kHeadBytes = 1 << 20;
// The head buffer's first size (it grows as a string does past it).
constexpr size_t kHeadReserve = 32 << 10;

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

// "> > text" -> "text": the quote marks of a mail reply and one blank after
// each; the line's own indent stays.
std::string_view RemoveQuoteMarks(std::string_view s) {
  for (;;) {
    size_t i = s.find_first_not_of(" \t");
    if (i == std::string_view::npos || s[i] != '>') return s;
    s.remove_prefix(i + 1);
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
}

}  // namespace

Result<TextLogReader> TextLogReader::Open(const input::InputSource& source) {
  auto text = input::OpenTextInput(source);
  if (!text) return Fail(text.error());
  return FromChunks(std::move(text->chunks), source.name(), std::move(text->compression));
}

Result<TextLogReader> TextLogReader::FromChunks(std::unique_ptr<ChunkSource> chunks,
                                                std::string name, std::string compression) {
  TextLogReader reader;
  reader.name_ = std::move(name);
  reader.compression_ = std::move(compression);
  reader.chunks_ = std::move(chunks);
  reader.lines_ = std::make_unique<LineReader>(*reader.chunks_);
  if (auto head = reader.ReadHead(); !head) return Fail(head.error());
  return reader;
}

Result<bool> TextLogReader::ReadHead() {
  // One buffer for all the head's texts, not a string per line.
  head_text_.reserve(kHeadReserve);
  head_.reserve(kHeadLines);
  Line line;
  while (head_.size() < kHeadLines && head_text_.size() < kHeadBytes) {
    auto more = lines_->Next(line);
    if (!more) return Fail(more.error());
    if (!*more) break;
    head_.push_back(
        HeadLine{head_text_.size(), line.text.size(), line.cut, line.number, line.number});
    head_text_.append(line.text);
  }
  std::vector<std::string_view> texts;
  texts.reserve(head_.size());
  for (const auto& h : head_) texts.push_back(HeadText(h));
  if (HasLineNumberGutter(texts)) {
    line_gutter_ = true;
    texts.clear();
    for (auto& h : head_) {
      std::string_view stripped = StripLineNumberGutter(HeadText(h));
      h.offset += h.size - stripped.size();
      h.size = stripped.size();
      texts.push_back(HeadText(h));
    }
  }
  head_dmesg_.resize(head_.size());
  guess_ = DetectFormat(texts, head_dmesg_);
  // Only lines that read as no log form can hide one behind a tag.
  if (guess_.format == LogFormat::kConsole) {
    line_tag_ = FindLineTag(texts);
    if (!line_tag_.empty()) {
      texts.clear();
      for (auto& h : head_) {
        if (HeadText(h).starts_with(line_tag_)) {
          h.offset += line_tag_.size();
          h.size -= line_tag_.size();
        }
        texts.push_back(HeadText(h));
      }
      std::fill(head_dmesg_.begin(), head_dmesg_.end(), DmesgParse{});
      guess_ = DetectFormat(texts, head_dmesg_);
    }
  }
  JoinHardWraps();
  FindConsoleIndent();
  return true;
}

void TextLogReader::FindConsoleIndent() {
  // One blank is enough when nine lines in ten have it: a console's own stack lines keep their
  // one-blank indent, but its report lines ("kernel BUG at ...", "CPU: ...") have none, so a
  // paste where they do too was indented (a commit message quoting a report).
  constexpr size_t kMinIndent = 1;
  constexpr size_t kMinQuoted = 2;
  if (guess_.format != LogFormat::kConsole || guess_.pasted) return;
  size_t quoted = 0, nonblank = 0;
  for (const HeadLine& h : head_) {
    std::string_view text = text::TrimLeft(HeadText(h));
    if (text.empty() || text.front() == '\r') continue;
    ++nonblank;
    quoted += text.front() == '>';
  }
  // Most lines, not all: a mail reply keeps its "On ..., X wrote:" line and
  // the replier's own words unquoted around the quoted log.
  console_quoted_ = quoted >= kMinQuoted && quoted * 2 > nonblank;
  std::vector<size_t> indents;
  for (const HeadLine& h : head_) {
    std::string_view text = console_quoted_ ? RemoveQuoteMarks(HeadText(h)) : HeadText(h);
    size_t blanks = text.find_first_not_of(' ');
    if (blanks == std::string_view::npos || text[blanks] == '\r') continue;  // a blank line
    indents.push_back(blanks);
  }
  if (indents.empty()) return;
  // The indent of nine lines in ten: a hard-wrapped line's unindented rest ("#816" of a quoted
  // CPU: line) does not undo the indent of the quote.
  std::sort(indents.begin(), indents.end());
  size_t indent = indents[indents.size() / 10];
  if (indent >= kMinIndent) console_indent_ = indent;
}

void TextLogReader::JoinHardWraps() {
  // FindHardWraps finds none outside these widths: no need to parse the lines.
  size_t width = 0;
  for (const HeadLine& h : head_) {
    width = std::max(width, text::TrimRight(HeadText(h), "\r").size());
  }
  if (width > kMaxWrapColumn || width < kMinWrapColumn) return;
  std::vector<WrapProbe> probes;
  probes.reserve(head_.size());
  for (const HeadLine& h : head_) {
    std::string_view line = text::TrimRight(HeadText(h), "\r");
    WrapProbe probe{line.size(), guess_.pasted ? StripQuoting(line) : line, false};
    ParsedLine p;
    probe.prefixed = ParseLineAs(guess_.form, probe.message, p) ||
                     ParseLineAs(LineForm::kDmesg, probe.message, p) ||
                     PeelKernelPrefix(probe.message, p);
    probes.push_back(probe);
  }
  std::vector<bool> wraps = FindHardWraps(probes);
  head_dmesg_.clear();  // they point into the buffer replaced below
  // The joined texts go to a new buffer (the probes point into the old one).
  std::string text;
  text.reserve(head_text_.size());
  std::vector<HeadLine> joined;
  joined.reserve(head_.size());
  for (size_t i = 0; i < head_.size(); ++i) {
    if (!wraps[i] || joined.empty()) {
      HeadLine h = head_[i];
      h.offset = text.size();
      text.append(HeadText(head_[i]));
      joined.push_back(h);
      continue;
    }
    HeadLine& record = joined.back();  // the last text in `text`
    while (record.size > 0 && text.back() == '\r') {
      text.pop_back();
      --record.size;
    }
    if (record.size > 0 && text.back() != ' ') {
      text += ' ';
      ++record.size;
    }
    text.append(probes[i].message);
    record.size += probes[i].message.size();
    record.cut = record.cut || head_[i].cut;
    record.last_number = head_[i].last_number;
  }
  head_text_ = std::move(text);
  head_ = std::move(joined);
}

std::string_view TextLogReader::format() const {
  return guess_.pasted ? std::string_view("pasted") : FormatName(guess_.format);
}

Result<bool> TextLogReader::GetLine(Line& line) {
  if (head_pos_ < head_.size()) {
    line_dmesg_ = head_pos_ < head_dmesg_.size() ? &head_dmesg_[head_pos_] : nullptr;
    const HeadLine& h = head_[head_pos_++];
    line.text = HeadText(h);
    line.cut = h.cut;
    line.number = h.number;
    head_last_number_ = h.last_number;
    return true;
  }
  head_last_number_ = 0;
  line_dmesg_ = nullptr;
  auto more = lines_->Next(line);
  if (more && *more && line_gutter_) line.text = StripLineNumberGutter(line.text);
  if (more && *more && !line_tag_.empty() && line.text.starts_with(line_tag_)) {
    line.text.remove_prefix(line_tag_.size());
  }
  return more;
}

bool TextLogReader::ParseDmesg(std::string_view text, ParsedLine& p) const {
  // The same view (not only the same bytes): the parse's views point into it.
  // A failed parse leaves `p` partly filled, which later parsers see: parse
  // again then.
  const DmesgParse* d = line_dmesg_;
  if (d != nullptr && d->known && d->ok && text.data() == d->line.data() &&
      text.size() == d->line.size()) {
    p = d->parsed;
    return true;
  }
  return ParseLineAs(LineForm::kDmesg, text, p);
}

void TextLogReader::NewBoot() {
  if (records_in_boot_ > 0) {
    ++boot_;
    records_in_boot_ = 0;
  }
  boot_last_monotonic_.reset();
}

void TextLogReader::AssignBoot(LogRecord& r, bool banner_counts) {
  if (records_in_boot_ > 0) {
    // The first byte before the memcmp: this runs on every record.
    bool banner = banner_counts && !r.text.empty() && r.text.front() == 'L' &&
                  r.text.starts_with("Linux version ") && (!r.monotonic || *r.monotonic < 1.0);
    bool clock_reset =
        r.monotonic && boot_last_monotonic_ && *r.monotonic < 1.0 && *boot_last_monotonic_ > 10.0;
    if (banner || clock_reset) NewBoot();
  }
  r.boot = boot_;
  ++records_in_boot_;
  if (r.monotonic) boot_last_monotonic_ = r.monotonic;
}

void TextLogReader::Fill(LogRecord& r, const ParsedLine& p, std::string_view text,
                         const Line& line) {
  r.text.assign(text);
  r.monotonic = p.monotonic;
  r.wall_time = p.wall_time;
  r.level = p.level;
  r.facility = p.facility;
  // Most lines have no caller id: clear() is inline, assign() a call.
  if (p.caller.empty()) {
    r.caller.clear();
  } else {
    r.caller.assign(p.caller);
  }
  r.line = r.last_line = line.number;
  r.from_vmcore = false;
  r.cut = line.cut;
  r.clipped = p.clipped;
  r.unprefixed = false;
  r.properties.clear();
  AssignBoot(r, true);
  have_last_ = true;
  last_monotonic_ = r.monotonic;
  last_wall_ = r.wall_time;
  last_level_ = r.level;
  last_facility_ = r.facility;
  if (r.caller.empty()) {
    last_caller_.clear();
  } else {
    last_caller_ = r.caller;
  }
  last_prefix_width_ = 0;
}

void TextLogReader::FillContinuation(LogRecord& r, std::string_view text, const Line& line) {
  // dmesg, crash and journalctl indent a record's further lines by the width
  // of the first line's prefix; vmcore-dmesg prints them as they are. Remove
  // exactly that indentation so the message keeps its own leading blanks.
  size_t blanks = 0;
  while (blanks < text.size() && text[blanks] == ' ') ++blanks;
  r.unprefixed = blanks < last_prefix_width_;
  if (last_prefix_width_ > 0 && blanks >= last_prefix_width_) {
    text.remove_prefix(last_prefix_width_);
  } else if (last_prefix_width_ == 0) {
    text = text::TrimLeft(text);
  }
  r.text.assign(text);
  r.monotonic = last_monotonic_;
  r.wall_time = last_wall_;
  r.level = last_level_;
  r.facility = last_facility_;
  r.caller = last_caller_;
  r.line = r.last_line = line.number;
  r.from_vmcore = false;
  r.cut = line.cut;
  r.properties.clear();
  r.boot = boot_;
  ++records_in_boot_;
}

void TextLogReader::SplitLines(LogRecord& r) {
  size_t nl = r.text.find('\n');
  if (nl == std::string::npos) return;
  pending_.clear();
  pending_pos_ = 0;
  std::string_view rest = std::string_view(r.text).substr(nl + 1);
  while (!rest.empty()) {
    size_t next = rest.find('\n');
    std::string_view piece = rest.substr(0, next);
    if (!piece.empty()) {
      LogRecord extra = r;
      extra.text.assign(piece);
      extra.properties.clear();
      pending_.push_back(std::move(extra));
    }
    if (next == std::string_view::npos) break;
    rest.remove_prefix(next + 1);
  }
  r.text.resize(nl);
}

std::string_view TextLogReader::CleanConsole(std::string_view text) {
  if (!HasControlByte(text)) return text;
  bool dirty = false;
  for (char c : text) {
    if (c == '\x1b' || c == '\0' || c == '\r') {
      dirty = true;
      break;
    }
  }
  if (!dirty) return text;
  clean_.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\0' || c == '\r') continue;
    if (c == '\x1b') {
      // CSI: ESC '[' parameters (0x30-0x3f)* intermediates (0x20-0x2f)* final (0x40-0x7e).
      if (i + 1 < text.size() && text[i + 1] == '[') {
        size_t j = i + 2;
        while (j < text.size() && text[j] >= 0x30 && text[j] <= 0x3f) ++j;
        while (j < text.size() && text[j] >= 0x20 && text[j] <= 0x2f) ++j;
        i = j < text.size() ? j : text.size();
      } else {
        ++i;  // a two-byte escape
      }
      continue;
    }
    clean_.push_back(c);
  }
  return clean_;
}

bool TextLogReader::HandleDmesg(std::string_view text, const Line& line, LogRecord& record) {
  ParsedLine p;
  bool ok =
      guess_.form == LineForm::kDmesg ? ParseDmesg(text, p) : ParseLineAs(guess_.form, text, p);
  if (!ok && guess_.format == LogFormat::kDmesgHuman) {
    ok = ParseLineAs(
        guess_.form == LineForm::kDmesgRelative ? LineForm::kDmesgMinute : LineForm::kDmesgRelative,
        text, p);
  }
  if (ok) {
    Fill(record, p, p.text, line);
    last_prefix_width_ = static_cast<size_t>(p.text.data() - text.data()) - p.glued;
    unstamped_report_ = false;
    return true;
  }
  // A line in another form than the log's (a paste mixing dmesg, journal and
  // syslog lines; a stamp after markup or a line number; a marker mid-line).
  if (PeelKernelPrefix(text, p) || FindStampedMarkerMidLine(text, p)) {
    Fill(record, p, p.text, line);
    unstamped_report_ = false;
    return true;
  }
  if (guess_.pasted) {
    // Prose around the log, unless a report was printed without stamps.
    if (!unstamped_report_ && !StartsKernelReport(text)) {
      const std::string_view quoted = VersionLineAfterProse(text);
      if (quoted.empty()) return false;
      Fill(record, ParsedLine{}, quoted, line);
      record.unprefixed = true;
      return true;
    }
    unstamped_report_ = true;
    Fill(record, ParsedLine{}, text, line);
    record.unprefixed = true;
    return true;
  }
  if (!have_last_) return false;  // chatter before the log
  FillContinuation(record, text, line);
  return !record.text.empty();
}

bool TextLogReader::HandleConsole(std::string_view text, const Line& line, LogRecord& record) {
  ParsedLine p;
  if (ParseDmesg(text, p) || PeelKernelPrefix(text, p) || FindStampedMarkerMidLine(text, p)) {
    Fill(record, p, p.text, line);
    return true;
  }
  // Consoles without printk.time, and user-space output on the same port;
  // printk's caller id still leads a kernel line there ("[    C1] rcu: ...").
  // Markdown's inline code marks open or close a pasted line ("`INFO: task ...",
  // "... [btrfs]`"): no console prints a backtick there.
  if (text.find_first_not_of('`') != std::string_view::npos) {  // a fence line stays whole
    while (text.front() == '`') text.remove_prefix(1);
    while (text.back() == '`') text.remove_suffix(1);
  }
  ParsedLine plain;
  ConsumeCaller(text, plain);
  if (!plain.caller.empty() && text.starts_with(' ')) text.remove_prefix(1);
  Fill(record, plain, text, line);
  return true;
}

bool TextLogReader::HandleSyslog(std::string_view text, const Line& line, LogRecord& record) {
  ParsedLine p;
  if (ParseLineAs(guess_.form, text, p)) {
    size_t prefix_width = static_cast<size_t>(p.text.data() - text.data());
    bool is_syslog_file =
        guess_.format == LogFormat::kSyslog || guess_.format == LogFormat::kSyslogRfc3339;
    std::string_view message = p.text;
    if (!p.ident.empty() && p.ident != "kernel") {
      if (is_syslog_file) return false;  // a daemon's line in /var/log/messages
      // journalctl -k shows user-space writes to /dev/kmsg under their identifier.
      scratch_.assign(p.ident);
      scratch_ += ": ";
      scratch_ += message;
      message = scratch_;
    } else if (!message.empty() && message[0] == '[') {
      // imklog keeps printk's "[  12.345678]"; take the clock from it.
      ParsedLine inner;
      if (ParseLineAs(LineForm::kDmesg, message, inner)) {
        if (!p.monotonic) p.monotonic = inner.monotonic;
        p.caller = inner.caller;
        message = inner.text;
      }
    } else if (!message.empty() && text::IsDigit(message[0])) {
      // The same stamp clipped by a paste's first line ("1717.272016][T500572] CPU: ...").
      ParsedLine inner;
      if (PeelKernelPrefix(message, inner) && inner.clipped) {
        p.caller = inner.caller;
        message = inner.text;
      }
    }
    Fill(record, p, message, line);
    last_prefix_width_ = prefix_width;
    return true;
  }
  if (ParseLineAs(LineForm::kJournalMarker, text, p)) {
    if (text.starts_with("-- Boot ") || text.starts_with("-- Reboot --")) NewBoot();
    return false;
  }
  // A header the strict form refuses ("Mar 1 ..." with one blank, a redacted
  // or missing host, a month in another language) before "kernel:".
  if (PeelKernelPrefix(text, p)) {
    Fill(record, p, p.text, line);
    return true;
  }
  // journalctl indents the further lines of a multi-line message.
  if (!guess_.pasted && have_last_ && (text[0] == ' ' || text[0] == '\t')) {
    FillContinuation(record, text, line);
    return !record.text.empty();
  }
  // A paste whose first report line lost its header ("java: page allocation
  // failure: ..." above "Jun 13 04:36:30 host kernel: CPU: 7 PID: ...").
  if (guess_.pasted && StartsKernelReport(text)) {
    Fill(record, ParsedLine{}, text, line);
    record.unprefixed = true;
    return true;
  }
  return false;
}

bool TextLogReader::HandleJson(std::string_view text, const Line& line, LogRecord& record) {
  JournalEntry entry;
  if (!ParseJournalJson(text, entry) || !entry.is_kernel) return false;
  if (!entry.boot_id.empty()) {
    if (!last_boot_id_.empty() && entry.boot_id != last_boot_id_) NewBoot();
    last_boot_id_ = entry.boot_id;
  }
  ParsedLine p;
  p.monotonic = entry.monotonic;
  p.wall_time = entry.wall_time;
  p.level = entry.level;
  p.facility = entry.facility;
  std::string message = entry.identifier.empty() || entry.identifier == "kernel"
                            ? std::move(entry.message)
                            : entry.identifier + ": " + entry.message;
  Fill(record, p, message, line);
  record.properties = std::move(entry.properties);
  SplitLines(record);
  return true;
}

bool TextLogReader::HandleKmsg(std::string_view text, const Line& line, LogRecord& record) {
  ParsedLine p;
  if (ParseLineAs(LineForm::kKmsg, text, p)) {
    if (have_last_ && p.sequence < last_sequence_) NewBoot();
    last_sequence_ = p.sequence;
    std::string_view message = p.text;
    if (message.find('\\') != std::string_view::npos) {
      UnescapeKmsg(message, scratch_);
      message = scratch_;
    }
    bool emit = have_held_;
    if (emit) std::swap(record, held_);
    Fill(held_, p, message, line);
    have_held_ = true;
    if (emit) SplitLines(record);
    return emit;
  }
  if (have_held_ && ParseLineAs(LineForm::kKmsgProperty, text, p)) {
    held_.properties.emplace_back(p.text);
  }
  return false;
}

Result<bool> TextLogReader::Next(LogRecord& record) {
  for (;;) {
    if (pending_pos_ < pending_.size()) {
      std::swap(record, pending_[pending_pos_++]);
      return true;
    }
    Line line;
    auto more = GetLine(line);
    if (!more) return Fail(more.error());
    if (!*more) {
      if (have_held_) {
        have_held_ = false;
        std::swap(record, held_);
        SplitLines(record);
        return true;
      }
      return false;
    }
    ++lines_read_;
    if (line.cut) ++cut_lines_;
    std::string_view text = line.text;
    while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (guess_.format == LogFormat::kConsole || guess_.pasted) text = CleanConsole(text);
    if (console_quoted_) text = RemoveQuoteMarks(text);
    if (console_indent_ > 0) {
      size_t blanks = std::min(console_indent_, text.find_first_not_of(' '));
      text.remove_prefix(std::min(blanks, text.size()));
    }
    if (guess_.pasted) text = StripQuoting(text);
    if (text.empty()) {
      unstamped_report_ = false;  // a blank line ends an unstamped report
      continue;
    }

    bool filled = false;
    switch (guess_.format) {
      case LogFormat::kConsole:
        filled = HandleConsole(text, line, record);
        break;
      case LogFormat::kKmsg:
        filled = HandleKmsg(text, line, record);
        break;
      case LogFormat::kJournalJson:
        filled = HandleJson(text, line, record);
        break;
      case LogFormat::kJournalShort:
      case LogFormat::kJournalShortMonotonic:
      case LogFormat::kJournalShortIso:
      case LogFormat::kSyslog:
      case LogFormat::kSyslogRfc3339:
        filled = HandleSyslog(text, line, record);
        break;
      default:
        filled = HandleDmesg(text, line, record);
        break;
    }
    if (filled) {
      if (head_last_number_ > record.last_line) record.last_line = head_last_number_;
      return true;
    }
  }
}

}  // namespace crashsift::kernel_log
