// One line of `journalctl -o json` output -> the fields crashsift keeps. The
// only place nlohmann-json is used on log input; it never throws out of here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crashsift::kernel_log {

struct JournalEntry {
  bool is_kernel = false;               // _TRANSPORT=kernel or SYSLOG_IDENTIFIER=kernel
  std::string message;                  // MESSAGE (a byte array is turned back into bytes)
  std::string identifier;               // SYSLOG_IDENTIFIER
  std::string boot_id;                  // _BOOT_ID
  std::optional<double> monotonic;      // _SOURCE_MONOTONIC_TIMESTAMP, else __MONOTONIC_TIMESTAMP
  std::optional<double> wall_time;      // __REALTIME_TIMESTAMP
  int level = -1;                       // PRIORITY
  int facility = -1;                    // SYSLOG_FACILITY
  std::vector<std::string> properties;  // _KERNEL_SUBSYSTEM=..., _KERNEL_DEVICE=...
};

// False when the line is not a JSON object.
bool ParseJournalJson(std::string_view line, JournalEntry& out);

}  // namespace crashsift::kernel_log
