// One kernel log record, normalised from whatever carried it (dmesg, journal,
// syslog, serial console, a vmcore's printk ring). Plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crashsift::kernel_log {

struct LogRecord {
  std::string text;  // the message, without timestamp/level/caller prefixes

  // Seconds since boot (printk's clock), when the source has it.
  std::optional<double> monotonic;
  // Wall-clock time as Unix seconds (dmesg -T, journal, syslog), when known.
  std::optional<double> wall_time;

  int level = -1;     // 0 (emerg) .. 7 (debug); -1 unknown
  int facility = -1;  // syslog facility; 0 = kernel; -1 unknown

  // printk caller id when printed ("T123" task, "C1" CPU), else empty.
  std::string caller;

  // Where the record came from: 1-based line in the input text, or the
  // record's sequence number for a vmcore (see `from_vmcore`).
  uint64_t line = 0;
  uint64_t last_line = 0;  // > line when one record spans several input lines
  bool from_vmcore = false;

  uint32_t boot = 0;  // 0-based boot index inside this input
  bool cut = false;   // the line was longer than limits::kMaxLineBytes
  // A paste cut this line inside its prefix ("912.004511] bash invoked ..."):
  // what it opens is the first thing in the paste, cut at its start.
  bool clipped = false;

  // The input's records carry printk prefixes, but this line had neither a
  // prefix nor the prefix-wide indentation that dmesg gives a record's further
  // lines: user space writing to the console (syz-manager's "executing
  // program" lines), vmcore-dmesg's raw continuation lines, an unstamped
  // report in a pasted log. Such a record keeps the previous record's time and
  // caller (or has none), but which console context printed it is unknown;
  // syzkaller's report splitter gives these lines no context.
  bool unprefixed = false;

  // Structured properties the source attached to the record, "KEY=value":
  // /dev/kmsg continuation lines (" SUBSYSTEM=pci", " DEVICE=+pci:0000:00:01.0")
  // and the journal's _KERNEL_SUBSYSTEM/_KERNEL_DEVICE. Usually empty.
  std::vector<std::string> properties;
};

}  // namespace crashsift::kernel_log
