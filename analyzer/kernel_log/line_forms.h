// The shapes one line of kernel log text can take, and a hand-written parser
// for each (no regex: these run once per line on gigabytes of logs). Each
// parser returns false when the line is not of its form and then leaves `out`
// unspecified. Views in ParsedLine point into the parsed line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace crashsift::kernel_log {

enum class LineForm {
  kNone,
  kDmesg,  // "[   12.345678] msg", "[   12.345678][ T1234] msg" (raw dmesg, vmcore-dmesg, crash
           // log); on a serial console also after a glued "host login: " prompt or
           // "** N printk messages dropped ** " banner
  kDmesgPriority,     // "<6>[   12.345678] msg" (dmesg -r, Android)
  kDmesgFacility,     // "kern  :err   : [   12.345678] msg" (dmesg -x)
  kDmesgDate,         // "[Tue Nov 24 15:39:44 2026] msg" (dmesg -T, any locale)
  kDmesgRelative,     // "[  +0.001393] msg" (dmesg -H)
  kDmesgMinute,       // "[Nov24 15:39] msg" (dmesg -H, the line that starts a minute)
  kCrashLogLevel,     // "[   12.345678] <6>msg" (crash 'log -m')
  kKmsg,              // "6,1234,5678901,-;msg" (/dev/kmsg)
  kKmsgProperty,      // " SUBSYSTEM=pci" (/dev/kmsg dictionary line)
  kJournalMonotonic,  // "[   12.345678] host kernel: msg" (journalctl -o short-monotonic)
  kSyslog,            // "Nov 24 15:39:44 host ident[pid]: msg" (syslog, journalctl -o short)
  kSyslogNoIdent,     // "2021 Jul 14 15:21:57 host msg": a console logging the kernel with no
                      // "kernel:" ident (TrueNAS SCALE); read so only when most lines are
  kIsoSyslog,         // "2026-11-24T15:39:44+00:00 host ident: msg" (RFC 3339 syslog, journalctl -o
                      // short-iso)
  kJson,              // "{...}" (journalctl -o json)
  kJournalMarker,     // "-- Boot 0f8e... --", "-- Reboot --", "-- No entries --"
};

struct ParsedLine {
  std::string_view text;  // the message after every prefix
  std::optional<double> monotonic;
  std::optional<double> wall_time;
  int level = -1;
  int facility = -1;
  std::string_view caller;  // "T1234", "C1"
  std::string_view ident;   // syslog/journal identifier without "[pid]"
  bool ident_has_pid = false;
  uint64_t sequence = 0;  // /dev/kmsg sequence number
  size_t glued = 0;       // bytes of console text skipped before a kDmesg prefix
  bool clipped = false;   // the line began inside its stamp ("912.004511] ...")
};

// Parses `line` as `form`. kNone never matches; kJson only checks the shape.
bool ParseLineAs(LineForm form, std::string_view line, ParsedLine& out);

// The printk caller id after a time stamp (CONFIG_PRINTK_CALLER): "[ T1234]",
// "[    C3]", glued or after blanks, and 5.x's early "(T34)" form. Sets
// out.caller and moves `s` past it; leaves `s` alone when there is none.
void ConsumeCaller(std::string_view& s, ParsedLine& out);

// True when the first "hh:mm" in `text` is a clock with seconds ("hh:mm:ss")
// and `with_seconds`, or one without them and not `with_seconds`.
bool HasClock(std::string_view text, bool with_seconds);

// What ParseLineAs(LineForm::kDmesg, line, parsed) gives for a line that
// ClassifyLine has read, kept so that the reader does not parse the line
// again (format detection classifies every head line, then the reader parses
// the same lines as records). `known` is false when ClassifyLine did not find
// out (a line that does not start with '['): parse it then.
struct DmesgParse {
  std::string_view line;  // the classified line: the parse holds for this view only
  bool known = false;
  bool ok = false;
  ParsedLine parsed;
};

// The first form that matches, trying the strict ones first. With `dmesg`,
// also the line's kDmesg parse when the classification made it anyway.
LineForm ClassifyLine(std::string_view line, DmesgParse* dmesg = nullptr);

// dmesg -x names: "kern", "user", ... -> facility number; "err", ... -> level.
int FacilityFromName(std::string_view name);
int LevelFromName(std::string_view name);

// Strips what a bug report wraps around pasted lines: leading blanks, e-mail
// or Markdown quotes ("> ", ">> "), and list bullets are not touched.
std::string_view StripQuoting(std::string_view line);

}  // namespace crashsift::kernel_log
