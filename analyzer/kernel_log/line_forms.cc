#include "analyzer/kernel_log/line_forms.h"

#include <array>

#include "analyzer/core/text.h"
#include "analyzer/kernel_log/log_time.h"

namespace crashsift::kernel_log {
namespace {

using text::IsDigit;

// "<N>" -> N (0..1023: facility * 8 + level).
std::optional<int> ConsumePriority(std::string_view& s) {
  if (s.size() < 3 || s[0] != '<') return std::nullopt;
  int v = 0;
  size_t i = 1;
  while (i < s.size() && IsDigit(s[i]) && i < 5) v = v * 10 + (s[i++] - '0');
  if (i == 1 || i >= s.size() || s[i] != '>' || v > 1023) return std::nullopt;
  s.remove_prefix(i + 1);
  return v;
}

// rsyslog templates that keep %PRI% ("<6>2024-04-17T00:26:33.123+05:30 host
// kernel: ...", "<4>Jan  5 ..."): the priority, then an ordinary syslog line.
void ConsumeSyslogPriority(std::string_view& s, ParsedLine& out) {
  std::string_view rest = s;
  auto pri = ConsumePriority(rest);
  if (!pri) return;
  out.level = *pri & 7;
  out.facility = *pri >> 3;
  s = rest;
}

// XenServer's dom0 kernel names the printk level after the stamp:
// "[41819967.871466]  EMERG: BUG: soft lockup - CPU#3 stuck for 23s!".
void SkipLevelName(std::string_view& s) {
  static constexpr std::string_view kLevels[] = {
      " EMERG: ", " ALERT: ", " CRIT: ", " ERR: ", " WARN: ", " NOTICE: ", " INFO: ", " DEBUG: "};
  if (s.size() < 6 || s[0] != ' ' || s[1] < 'A' || s[1] > 'W') return;
  for (std::string_view level : kLevels) {
    if (s.starts_with(level) && s.size() > level.size()) {
      s.remove_prefix(level.size());
      return;
    }
  }
}

void TakeText(std::string_view s, ParsedLine& out) {
  if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  SkipLevelName(s);
  out.text = s;
}

// "[  12.3][ T1] msg" -> monotonic, caller, text.
bool ParseDmesgBody(std::string_view s, ParsedLine& out) {
  auto secs = ConsumeBracketSeconds(s);
  if (!secs) return false;
  out.monotonic = secs;
  ConsumeCaller(s, out);
  if (!s.empty() && s[0] != ' ') return false;
  TakeText(s, out);
  return true;
}

bool IsHostNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '.' ||
         c == '_';
}

// Console text that the kernel's line shares with its printk prefix, as
// syzbot's serial logs show it: getty's "<host> login: " prompt has no
// newline, so the next kernel line lands after it; and 4.4's console_unlock()
// (kernel/printk/printk.c) prints "** N printk messages dropped ** " with no
// newline before the next message. Removes either (or both) when a '['
// follows; leaves `s` alone otherwise. A few byte compares: no search.
void SkipGluedConsoleText(std::string_view& s) {
  static constexpr std::string_view kLogin = " login: ";
  static constexpr std::string_view kDroppedHead = "** ";
  static constexpr std::string_view kDroppedTail = " printk messages dropped ** ";
  std::string_view rest = s;
  for (int glued = 0; glued < 2 && !rest.empty() && rest[0] != '['; ++glued) {
    if (rest.substr(0, kDroppedHead.size()) == kDroppedHead) {
      size_t i = kDroppedHead.size();
      size_t digits = i;
      while (i < rest.size() && IsDigit(rest[i]) && i - digits < 20) ++i;
      if (i == digits || rest.substr(i, kDroppedTail.size()) != kDroppedTail) return;
      rest.remove_prefix(i + kDroppedTail.size());
      continue;
    }
    size_t i = 0;
    while (i < rest.size() && i < 64 && IsHostNameChar(rest[i])) ++i;
    if (i == 0 || rest.substr(i, kLogin.size()) != kLogin) return;
    rest.remove_prefix(i + kLogin.size());
  }
  if (!rest.empty() && rest[0] == '[') s = rest;
}

bool ParseKmsg(std::string_view s, ParsedLine& out);

// "kern.warn", "DAEMON.ERR": a syslog facility, a dot, a level word.
bool IsFacilityLevel(std::string_view token) {
  static constexpr std::string_view kFacilities[] = {
      "kern", "user", "mail",     "daemon", "auth",  "syslog",   "lpr", "news",
      "uucp", "cron", "authpriv", "ftp",    "local", "security", "mark"};
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= token.size()) return false;
  if (dot > 9) return false;
  const std::string facility = text::ToLower(token.substr(0, dot));
  for (std::string_view f : kFacilities) {
    // "local0" .. "local7": one digit after the name.
    if (facility.starts_with(f) && facility.size() <= f.size() + 1) return true;
  }
  return false;
}

// "host msg" after a syslog stamp: a console that logs the kernel's messages with no "kernel:"
// ident (TrueNAS SCALE's "2021 Jul 14 15:21:57 host VERIFY(...) failed"); user space always
// names itself. The ident stays empty: the message is the kernel's.
bool ParseHostNoIdent(std::string_view s, ParsedLine& out) {
  if (s.size() < 3 || s[0] != ' ') return false;
  // No host either: "May  4 14:08:51  Call Trace:" (the host's field left empty).
  if (s[1] == ' ') {
    if (s.substr(0, 64).find("kernel:") != std::string_view::npos) return false;
    out.ident = {};
    out.ident_has_pid = false;
    TakeText(s.substr(1), out);
    return !out.text.empty();
  }
  size_t host_end = s.find(' ', 1);
  if (host_end == std::string_view::npos || host_end + 1 >= s.size()) return false;
  // "kernel:" after more fields ("my host kernel: ...", "host kern.warn kernel: ...") is an ident
  // the strict form missed: the reader's prefix peeling takes those lines.
  if (s.substr(0, 64).find("kernel:") != std::string_view::npos) return false;
  // A syslogd's "facility.level" field where the ident would be ("host DAEMON.ERR dhcpcd[51]:
  // ...", "host kern.warn ..."): such a daemon names its lines.
  if (IsFacilityLevel(s.substr(host_end + 1, s.find(' ', host_end + 1) - host_end - 1))) {
    return false;
  }
  out.ident = {};  // ParseHostIdent's try may have set it
  out.ident_has_pid = false;
  TakeText(s.substr(host_end), out);
  return true;
}

// "host ident[pid]: msg" after a syslog/journal stamp and its space. Without
// `take_text`, out.text is left alone (format detection reads only the ident).
bool ParseHostIdent(std::string_view s, ParsedLine& out, bool take_text = true) {
  if (s.empty() || s[0] != ' ') return false;
  s.remove_prefix(1);
  size_t host_end = s.find(' ');
  if (host_end == 0 || host_end == std::string_view::npos) return false;
  // Some syslog setups and copy-pastes leave the host out:
  // "Sep 16 19:51:15 kernel: [    0.043437] mce: ...". A host name never
  // ends with ':', an identifier always does.
  if (s[host_end - 1] != ':') s.remove_prefix(host_end + 1);
  // A raw /dev/kmsg record where the ident would be ("host 4,1789,1531218013,-;RBP:
  // ..."): a kernel line whose record carries its level and monotonic time.
  if (!s.empty() && IsDigit(s[0])) {
    if (ParseKmsg(s, out)) {
      out.ident = "kernel";
      return true;
    }
  }
  // The ident ends at ':', ' ' or '[' (one table look-up a byte: this runs on
  // most head lines, for format detection).
  static constexpr auto kIdentEnd = [] {
    std::array<bool, 256> end{};
    for (unsigned char c : std::string_view(": [")) end[c] = true;
    return end;
  }();
  size_t i = 0;
  while (i < s.size() && !kIdentEnd[static_cast<unsigned char>(s[i])]) ++i;
  if (i == 0 || i >= s.size()) return false;
  out.ident = s.substr(0, i);
  if (s[i] == '[') {
    size_t close = s.find(']', i);
    if (close == std::string_view::npos) return false;
    out.ident_has_pid = true;
    i = close + 1;
  }
  if (i >= s.size() || s[i] != ':') return false;
  if (take_text) TakeText(s.substr(i + 1), out);
  return true;
}

// RFC 5424 after its "<PRI>1 TIMESTAMP": " HOST APP PROCID MSGID SD MSG" with
// "-" for an empty field ("... host kernel - - - kernel: [ 12.3] msg": the
// message may repeat imklog's own "kernel: ").
bool ParseRfc5424Rest(std::string_view s, ParsedLine& out) {
  std::string_view field[4];  // host, app, procid, msgid
  for (std::string_view& f : field) {
    if (!s.starts_with(' ')) return false;
    s.remove_prefix(1);
    size_t end = s.find(' ');
    if (end == 0 || end == std::string_view::npos) return false;
    f = s.substr(0, end);
    s.remove_prefix(end);
  }
  if (!s.starts_with(' ')) return false;
  s.remove_prefix(1);
  if (s.starts_with('-')) {
    s.remove_prefix(1);
  } else if (s.starts_with('[')) {
    size_t close = s.find("] ");
    if (close == std::string_view::npos) return false;
    s.remove_prefix(close + 1);
  } else {
    return false;
  }
  out.ident = field[1];
  out.ident_has_pid = field[2] != "-";
  if (s.starts_with(' ')) s.remove_prefix(1);
  if (out.ident == "kernel" && s.starts_with("kernel: ")) s.remove_prefix(7);
  TakeText(s, out);
  return true;
}

// Bracket content for dmesg -T / -H minute lines.
bool BracketContent(std::string_view s, std::string_view& content, std::string_view& rest) {
  if (s.size() < 3 || s[0] != '[') return false;
  size_t close = s.find(']');
  if (close == std::string_view::npos || close > 64) return false;
  content = s.substr(1, close - 1);
  rest = s.substr(close + 1);
  return rest.empty() || rest[0] == ' ' || rest[0] == '[';  // "[date][ T1]": a glued caller id
}

bool ParseKmsg(std::string_view s, ParsedLine& out) {
  // pri,seq,usec,flag[,more...];text
  uint64_t numbers[3] = {0, 0, 0};
  size_t i = 0;
  for (int field = 0; field < 3; ++field) {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i]) && i - start < 20)
      numbers[field] = numbers[field] * 10 + (s[i++] - '0');
    if (i == start || i >= s.size() || s[i] != ',') return false;
    ++i;
  }
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 128) return false;
  std::string_view extra = s.substr(i, semi - i);  // "-" or "c" plus ",caller=T1"
  if (extra.empty()) return false;
  if (numbers[0] > 1023) return false;  // before any field is set: a failed parse leaves `out`
  size_t caller = extra.find("caller=");
  if (caller != std::string_view::npos) {
    std::string_view c = extra.substr(caller + 7);
    out.caller = c.substr(0, c.find(','));
  }
  out.level = static_cast<int>(numbers[0] & 7);
  out.facility = static_cast<int>(numbers[0] >> 3);
  out.sequence = numbers[1];
  out.monotonic = SecondsFromMicros(numbers[2]);
  out.text = s.substr(semi + 1);
  return true;
}

bool ParseDmesgFacility(std::string_view s, ParsedLine& out) {
  // "kern  :err   : [    0.000000] msg"
  size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  size_t fac_end = i;
  if (fac_end == 0 || fac_end > 8) return false;
  while (i < s.size() && (s[i] == ' ' || IsDigit(s[i]))) ++i;
  if (i >= s.size() || s[i] != ':') return false;
  int fac = FacilityFromName(s.substr(0, fac_end));
  if (fac < 0) {
    // local0..local7
    if (s.substr(0, 5) == "local" && i > 5 && IsDigit(s[5])) fac = 16 + (s[5] - '0');
    if (fac < 0) return false;
  }
  size_t lvl_start = ++i;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  int level = LevelFromName(s.substr(lvl_start, i - lvl_start));
  if (level < 0) return false;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  out.facility = fac;
  out.level = level;
  std::string_view rest = s.substr(i);
  if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (!rest.empty() && rest[0] == '[') {
    ParsedLine inner;
    if (ParseDmesgBody(rest, inner)) {
      out.monotonic = inner.monotonic;
      out.caller = inner.caller;
      out.text = inner.text;
      return true;
    }
    // dmesg -xT: "kern  :info  : [lun may  5 18:11:41 2025] msg" (any locale).
    std::string_view content, after;
    if (BracketContent(rest, content, after) && HasClock(content, true)) {
      out.wall_time = ParseLooseDate(content);
      TakeText(after, out);
      return true;
    }
  }
  out.text = rest;
  return true;
}

// "<6>[   12.345678] text": a priority, then a dmesg line or bare text.
bool ParseDmesgPriority(std::string_view s, ParsedLine& out) {
  auto pri = ConsumePriority(s);
  if (!pri) return false;
  std::string_view stamp = s;
  if (stamp.starts_with("1 ")) stamp.remove_prefix(2);                    // RFC 5424's version
  if (ConsumeIsoStamp(stamp) || ConsumeSyslogStamp(stamp)) return false;  // rsyslog with %PRI%
  out.level = *pri & 7;
  out.facility = *pri >> 3;
  if (!s.empty() && s[0] == '[') {
    ParsedLine inner;
    if (ParseDmesgBody(s, inner)) {
      out.monotonic = inner.monotonic;
      out.caller = inner.caller;
      out.text = inner.text;
      return true;
    }
  }
  out.text = s;  // printk.time=0
  return true;
}

// "[  +0.001393] text" (dmesg --reltime / -d deltas).
bool ParseDmesgRelative(std::string_view s, ParsedLine& out) {
  // "[  +0.001393]"
  if (s.size() < 5 || s[0] != '[') return false;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  // The delta is negative when a record from another CPU carries an
  // earlier stamp than the one printed before it ("[  -0.591011]").
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  std::string_view rest = s.substr(i);
  std::string_view probe = rest;
  probe.remove_prefix(1);  // the sign
  size_t close = probe.find(']');
  if (close == std::string_view::npos || close > 20) return false;
  // A decimal comma where the locale has one ("[  +0,000004]").
  for (size_t k = 0; k < close; ++k) {
    if (!IsDigit(probe[k]) && probe[k] != '.' && probe[k] != ',') return false;
  }
  if (probe.find_first_of(".,") > close) return false;
  std::string_view text = probe.substr(close + 1);
  ConsumeCaller(text, out);
  TakeText(text, out);
  return true;
}

// ClassifyLine for a line that starts with '[': of kOrder only the forms
// from kJournalMonotonic on can match it, and the first three of those share
// one stamp, parsed here once instead of once per form (this runs on every
// line of the head, for format detection). Same answer as the loop.
LineForm ClassifyBracketLine(std::string_view line, DmesgParse* dmesg) {
  std::string_view rest = line;
  const std::optional<double> secs = ConsumeBracketSeconds(rest);
  ParsedLine body;  // ParseDmesgBody after the stamp: what the kDmesg form gives
  bool dmesg_ok = false;
  if (secs) {
    body.monotonic = secs;
    std::string_view after = rest;
    ConsumeCaller(after, body);
    dmesg_ok = after.empty() || after[0] == ' ';
    if (dmesg_ok) TakeText(after, body);
  }
  if (dmesg != nullptr) {
    // A '[' line is never glued console text: its kDmesg parse is the body's.
    dmesg->known = true;
    dmesg->ok = dmesg_ok;
    if (dmesg_ok) dmesg->parsed = body;
  }
  if (secs) {
    ParsedLine journal;
    if (ParseHostIdent(rest, journal, false) &&
        (journal.ident == "kernel" || journal.ident_has_pid)) {
      return LineForm::kJournalMonotonic;  // as kJournalMonotonic's check in ClassifyLine
    }
    if (dmesg_ok) {
      std::string_view text = body.text;
      return ConsumePriority(text) ? LineForm::kCrashLogLevel : LineForm::kDmesg;
    }
  }
  ParsedLine scratch;
  for (LineForm form : {LineForm::kDmesgRelative, LineForm::kDmesgMinute, LineForm::kDmesgDate}) {
    if (ParseLineAs(form, line, scratch)) return form;
  }
  return LineForm::kNone;  // neither ISO nor syslog stamps start with '['
}

}  // namespace

void ConsumeCaller(std::string_view& s, ParsedLine& out) {
  std::string_view probe = s;
  while (!probe.empty() && (probe[0] == ' ' || probe[0] == '\t')) probe.remove_prefix(1);
  if (probe.size() < 4 || (probe[0] != '[' && probe[0] != '(')) return;
  char close = probe[0] == '[' ? ']' : ')';
  size_t i = 1;
  while (i < probe.size() && probe[i] == ' ') ++i;
  if (i >= probe.size() || (probe[i] != 'T' && probe[i] != 'C')) return;
  size_t start = i++;
  size_t digits = i;
  while (i < probe.size() && IsDigit(probe[i])) ++i;
  if (i == digits || i >= probe.size() || probe[i] != close) return;
  out.caller = probe.substr(start, i - start);
  s = probe.substr(i + 1);
}

bool HasClock(std::string_view c, bool with_seconds) {
  for (size_t i = 0; i + 5 <= c.size(); ++i) {
    if (IsDigit(c[i]) && IsDigit(c[i + 1]) && c[i + 2] == ':' && IsDigit(c[i + 3]) &&
        IsDigit(c[i + 4])) {
      bool seconds = i + 8 <= c.size() && c[i + 5] == ':' && IsDigit(c[i + 6]) && IsDigit(c[i + 7]);
      return seconds == with_seconds;
    }
  }
  return false;
}

int FacilityFromName(std::string_view n) {
  static constexpr std::string_view kNames[] = {"kern", "user",   "mail",     "daemon",
                                                "auth", "syslog", "lpr",      "news",
                                                "uucp", "cron",   "authpriv", "ftp"};
  for (int i = 0; i < 12; ++i) {
    if (n == kNames[i]) return i;
  }
  return -1;
}

int LevelFromName(std::string_view n) {
  static constexpr std::string_view kNames[] = {"emerg", "alert",  "crit", "err",
                                                "warn",  "notice", "info", "debug"};
  for (int i = 0; i < 8; ++i) {
    if (n == kNames[i]) return i;
  }
  return -1;
}

// "[Sun Mar  3 10:00:05 2024] msg" (dmesg -T, any locale's date).
bool ParseDmesgDate(std::string_view s, ParsedLine& out) {
  std::string_view content, rest;
  if (!BracketContent(s, content, rest) || !HasClock(content, true)) return false;
  if (!content.empty() && (content[0] == '+' || content[0] == ' ')) return false;
  out.wall_time = ParseLooseDate(content);
  ConsumeCaller(rest, out);  // "[Sun Mar  3 10:00:05 2024] [T26900] ..."
  // A capture tool's bracketed clock before the kernel's own stamp ("[2026-09-10T01:28:40Z
  // ERROR init_or_kernel] [   60.892060] EXT4-fs error ..."): the stamp is the record's.
  if (std::string_view inner = rest.substr(rest.starts_with(' ') ? 1 : 0); inner.starts_with('[')) {
    if (auto secs = ConsumeBracketSeconds(inner)) {
      out.monotonic = secs;
      rest = inner;
      ConsumeCaller(rest, out);
    }
  }
  TakeText(rest, out);
  return true;
}

bool ParseLineAs(LineForm form, std::string_view s, ParsedLine& out) {
  out.text = {};
  out.monotonic.reset();
  out.wall_time.reset();
  out.level = out.facility = -1;
  out.caller = out.ident = {};
  out.ident_has_pid = false;
  out.sequence = 0;
  out.glued = 0;
  switch (form) {
    case LineForm::kNone:
      return false;
    case LineForm::kDmesg: {
      size_t size = s.size();
      if (!s.empty() && s[0] != '[') SkipGluedConsoleText(s);
      out.glued = size - s.size();
      return ParseDmesgBody(s, out);
    }
    case LineForm::kDmesgPriority:
      return ParseDmesgPriority(s, out);
    case LineForm::kDmesgFacility:
      return ParseDmesgFacility(s, out);
    case LineForm::kDmesgDate:
      return ParseDmesgDate(s, out);
    case LineForm::kDmesgRelative:
      return ParseDmesgRelative(s, out);
    case LineForm::kDmesgMinute: {
      std::string_view content, rest;
      if (!BracketContent(s, content, rest) || !HasClock(content, false)) return false;
      if (content.size() > 24) return false;
      ConsumeCaller(rest, out);
      TakeText(rest, out);
      return true;
    }
    case LineForm::kCrashLogLevel: {
      if (!ParseDmesgBody(s, out)) return false;
      std::string_view t = out.text;
      auto pri = ConsumePriority(t);
      if (!pri) return false;
      out.level = *pri & 7;
      out.facility = *pri >> 3;
      out.text = t;
      return true;
    }
    case LineForm::kKmsg:
      return ParseKmsg(s, out);
    case LineForm::kKmsgProperty: {
      if (s.size() < 3 || s[0] != ' ') return false;
      size_t i = 1;
      while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || IsDigit(s[i]) || s[i] == '_')) ++i;
      if (i == 1 || i >= s.size() || s[i] != '=') return false;
      out.text = s.substr(1);
      return true;
    }
    case LineForm::kJournalMonotonic: {
      auto secs = ConsumeBracketSeconds(s);
      if (!secs) return false;
      out.monotonic = secs;
      return ParseHostIdent(s, out);
    }
    case LineForm::kSyslog:
      ConsumeSyslogPriority(s, out);
      if (!ConsumeSyslogStamp(s)) return false;
      return ParseHostIdent(s, out);
    case LineForm::kSyslogNoIdent:
      // Lines with an ident keep it (a daemon's line is told apart by the reader).
      ConsumeSyslogPriority(s, out);
      if (!ConsumeSyslogStamp(s)) return false;
      return ParseHostIdent(s, out) || ParseHostNoIdent(s, out);
    case LineForm::kIsoSyslog: {
      ConsumeSyslogPriority(s, out);
      const bool rfc5424 = out.level >= 0 && s.starts_with("1 ");
      if (rfc5424) s.remove_prefix(2);
      auto wall = ConsumeIsoStamp(s);
      if (!wall) return false;
      out.wall_time = wall;
      return rfc5424 ? ParseRfc5424Rest(s, out) : ParseHostIdent(s, out);
    }
    case LineForm::kJson:
      return s.size() >= 2 && s.front() == '{' && s.back() == '}';
    case LineForm::kJournalMarker:
      return s.size() >= 6 && s.substr(0, 3) == "-- " && s.substr(s.size() - 3) == " --";
  }
  return false;
}

LineForm ClassifyLine(std::string_view line, DmesgParse* dmesg) {
  static constexpr LineForm kOrder[] = {LineForm::kJson,
                                        LineForm::kJournalMarker,
                                        LineForm::kKmsg,
                                        LineForm::kKmsgProperty,
                                        LineForm::kDmesgFacility,
                                        LineForm::kDmesgPriority,
                                        LineForm::kJournalMonotonic,
                                        LineForm::kCrashLogLevel,
                                        LineForm::kDmesg,
                                        LineForm::kDmesgRelative,
                                        LineForm::kDmesgMinute,
                                        LineForm::kDmesgDate,
                                        LineForm::kIsoSyslog,
                                        LineForm::kSyslog,
                                        LineForm::kSyslogNoIdent};
  if (dmesg != nullptr) {
    dmesg->line = line;
    dmesg->known = false;
  }
  if (!line.empty() && line[0] == '[') return ClassifyBracketLine(line, dmesg);
  ParsedLine scratch;
  for (LineForm form : kOrder) {
    if (!ParseLineAs(form, line, scratch)) continue;
    // "[ 1.0] pci 0000:00:02.0: ..." has the shape of a journal line too; a
    // real one names the kernel or a daemon with its pid.
    if (form == LineForm::kJournalMonotonic && scratch.ident != "kernel" &&
        !scratch.ident_has_pid) {
      continue;
    }
    return form;
  }
  return LineForm::kNone;
}

std::string_view StripQuoting(std::string_view s) {
  for (;;) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < s.size() && s[i] == '>') {
      s.remove_prefix(i + 1);
      continue;
    }
    return s.substr(i);
  }
}

}  // namespace crashsift::kernel_log
