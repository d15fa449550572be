#include "analyzer/kernel_log/log_format.h"

#include <array>

namespace crashsift::kernel_log {

std::string_view FormatName(LogFormat format) {
  switch (format) {
    case LogFormat::kDmesg:
      return "dmesg";
    case LogFormat::kDmesgDate:
      return "dmesg-T";
    case LogFormat::kDmesgHuman:
      return "dmesg-H";
    case LogFormat::kDmesgFacility:
      return "dmesg-x";
    case LogFormat::kDmesgPriority:
      return "dmesg-r";
    case LogFormat::kKmsg:
      return "kmsg";
    case LogFormat::kJournalShort:
      return "journalctl-short";
    case LogFormat::kJournalShortMonotonic:
      return "journalctl-short-monotonic";
    case LogFormat::kJournalShortIso:
      return "journalctl-short-iso";
    case LogFormat::kJournalJson:
      return "journalctl-json";
    case LogFormat::kSyslog:
      return "syslog";
    case LogFormat::kSyslogRfc3339:
      return "syslog-rfc3339";
    case LogFormat::kConsole:
      return "console";
    case LogFormat::kCrashLog:
      return "crash-log";
  }
  return "console";
}

namespace {

constexpr size_t kForms = static_cast<size_t>(LineForm::kJournalMarker) + 1;

struct Votes {
  std::array<size_t, kForms> count{};
  bool kernel_text_has_stamp = false;  // "kernel: [  12.3] ..." (rsyslog imklog)
  bool daemon_ident = false;           // "systemd[1]:" (syslog files hold every daemon)
  bool offset_colon = false;           // "+00:00" (rsyslog) vs "+0000" (journalctl)

  void Add(const Votes& other) {
    for (size_t i = 0; i < kForms; ++i) count[i] += other.count[i];
    kernel_text_has_stamp = kernel_text_has_stamp || other.kernel_text_has_stamp;
    daemon_ident = daemon_ident || other.daemon_ident;
    offset_colon = offset_colon || other.offset_colon;
  }
};

void Vote(std::string_view line, Votes& votes, DmesgParse* dmesg = nullptr) {
  LineForm form = ClassifyLine(line, dmesg);
  ++votes.count[static_cast<size_t>(form)];
  if (form == LineForm::kSyslog || form == LineForm::kIsoSyslog) {
    ParsedLine parsed;
    ParseLineAs(form, line, parsed);
    if (parsed.ident_has_pid) votes.daemon_ident = true;
    if (parsed.ident == "kernel" && !parsed.text.empty() && parsed.text[0] == '[') {
      std::string_view t = parsed.text;
      if (ParseLineAs(LineForm::kDmesg, t, parsed)) votes.kernel_text_has_stamp = true;
    }
    if (form == LineForm::kIsoSyslog) {
      size_t space = line.find(' ');
      if (space != std::string_view::npos && space >= 6 && line[space - 3] == ':') {
        votes.offset_colon = true;
      }
    }
  }
}

// The winning record-bearing form and its count.
LineForm Best(const Votes& v, size_t& best_count) {
  LineForm best = LineForm::kNone;
  best_count = 0;
  for (size_t i = 1; i < kForms; ++i) {
    auto form = static_cast<LineForm>(i);
    if (form == LineForm::kKmsgProperty || form == LineForm::kJournalMarker) continue;
    size_t n = v.count[i];
    // dmesg -H: the minute lines belong to the relative ones.
    if (form == LineForm::kDmesgRelative) n += v.count[static_cast<size_t>(LineForm::kDmesgMinute)];
    if (form == LineForm::kDmesgMinute) continue;
    if (n > best_count) {
      best = form;
      best_count = n;
    }
  }
  return best;
}

}  // namespace

FormatGuess DetectFormat(std::span<const std::string_view> lines, std::span<DmesgParse> dmesg) {
  Votes raw, stripped;
  Votes both;  // lines with no quoting to strip: classified once, counted for both
  size_t nonblank = 0, crlf = 0;
  bool fence = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    bool cr = false;
    while (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
      cr = true;
    }
    std::string_view quoted = StripQuoting(line);
    if (quoted.empty()) continue;
    ++nonblank;
    if (cr) ++crlf;
    if (quoted.substr(0, 3) == "```" || quoted.substr(0, 3) == "~~~") fence = true;
    if (quoted.size() == line.size()) {
      Vote(line, both, i < dmesg.size() ? &dmesg[i] : nullptr);
    } else {
      Vote(line, raw);
      Vote(quoted, stripped);
    }
  }
  raw.Add(both);
  stripped.Add(both);
  size_t raw_count = 0, stripped_count = 0;
  LineForm raw_best = Best(raw, raw_count);
  LineForm stripped_best = Best(stripped, stripped_count);

  FormatGuess guess;
  const Votes* v = &raw;
  guess.form = raw_best;
  if (stripped_count > raw_count || (fence && stripped_count > 0) ||
      (raw_count > 0 && raw_count * 2 < nonblank && stripped_count * 2 < nonblank)) {
    guess.pasted = true;
    guess.form = stripped_best;
    v = &stripped;
  }
  bool journal_marker = v->count[static_cast<size_t>(LineForm::kJournalMarker)] > 0;
  switch (guess.form) {
    case LineForm::kDmesg:
      guess.format =
          (!guess.pasted && crlf * 2 > nonblank) ? LogFormat::kConsole : LogFormat::kDmesg;
      break;
    case LineForm::kDmesgPriority:
      guess.format = LogFormat::kDmesgPriority;
      break;
    case LineForm::kDmesgFacility:
      guess.format = LogFormat::kDmesgFacility;
      break;
    case LineForm::kDmesgDate:
      guess.format = LogFormat::kDmesgDate;
      break;
    case LineForm::kDmesgRelative:
    case LineForm::kDmesgMinute:
      guess.format = LogFormat::kDmesgHuman;
      break;
    case LineForm::kCrashLogLevel:
      guess.format = LogFormat::kCrashLog;
      break;
    case LineForm::kKmsg:
      guess.format = LogFormat::kKmsg;
      break;
    case LineForm::kJournalMonotonic:
      guess.format = LogFormat::kJournalShortMonotonic;
      break;
    case LineForm::kJson:
      guess.format = LogFormat::kJournalJson;
      break;
    case LineForm::kSyslog:
      guess.format = !journal_marker && (v->kernel_text_has_stamp || v->daemon_ident)
                         ? LogFormat::kSyslog
                         : LogFormat::kJournalShort;
      break;
    case LineForm::kSyslogNoIdent:
      guess.format = LogFormat::kSyslog;  // a daemon's line, if any, names itself
      break;
    case LineForm::kIsoSyslog:
      guess.format = !journal_marker && (v->offset_colon || v->kernel_text_has_stamp)
                         ? LogFormat::kSyslogRfc3339
                         : LogFormat::kJournalShortIso;
      break;
    default:
      guess.format = LogFormat::kConsole;
      guess.form = LineForm::kNone;
      guess.pasted = false;
      break;
  }
  return guess;
}

}  // namespace crashsift::kernel_log
