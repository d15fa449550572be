// Which tool printed a kernel log, decided from its first lines (never from
// the file name), with a stable name for reports.
#pragma once

#include <span>
#include <string_view>

#include "analyzer/kernel_log/line_forms.h"

namespace crashsift::kernel_log {

enum class LogFormat {
  kDmesg,          // "dmesg": raw dmesg, vmcore-dmesg, makedumpfile --dump-dmesg, crash 'log'
  kDmesgDate,      // "dmesg-T"
  kDmesgHuman,     // "dmesg-H"
  kDmesgFacility,  // "dmesg-x"
  kDmesgPriority,  // "dmesg-r" (also Android logcat -b kernel style "<6>[...]")
  kKmsg,           // "kmsg": records read from /dev/kmsg
  kJournalShort,   // "journalctl-short"
  kJournalShortMonotonic,  // "journalctl-short-monotonic"
  kJournalShortIso,        // "journalctl-short-iso"
  kJournalJson,            // "journalctl-json"
  kSyslog,                 // "syslog": traditional stamps (kern.log, messages)
  kSyslogRfc3339,          // "syslog-rfc3339"
  kConsole,                // "console": serial console capture, with or without stamps
  kCrashLog,               // "crash-log": crash's 'log -m' ("[ 1.0] <6>msg")
};

// Stable names as listed above.
std::string_view FormatName(LogFormat format);

struct FormatGuess {
  LogFormat format = LogFormat::kConsole;
  // The lines are pasted into a bug report: quoted ("> "), indented, inside
  // ``` fences or among prose. Only lines of `format` are records then.
  bool pasted = false;
  // The per-line form the reader parses with (kNone: plain console text).
  LineForm form = LineForm::kNone;
};

// Decides the format from the first lines of an input (trailing '\r' kept:
// CRLF line ends are a console hint). Leading chatter, blank lines and a
// minority of odd lines do not change the answer. With `dmesg` (one per
// line), the kDmesg parses that classifying the lines gave (line_forms.h),
// for lines without quoting, their trailing '\r' removed.
FormatGuess DetectFormat(std::span<const std::string_view> first_lines,
                         std::span<DmesgParse> dmesg = {});

}  // namespace crashsift::kernel_log
