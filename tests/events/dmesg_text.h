// TEST-ONLY helper: turns raw dmesg / serial-console text ("[   12.345678] msg",
// optionally "[   12.345678][ T123] msg", or syslog "Apr 18 02:17:55 host
// kernel: [ 1.2] msg" whose other programs' lines are skipped) into LogRecords so the events tests
// do not depend on the kernel_log readers being written in parallel. Strips
// '\r', parses the timestamp and the printk caller id, and starts a new boot
// at each "Linux version" banner after the first record. Not a log reader:
// the real ones live in analyzer/kernel_log.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/kernel_log/log_record.h"

namespace crashsift::events::testing {

std::vector<kernel_log::LogRecord> RecordsFromDmesgText(std::string_view text);

}  // namespace crashsift::events::testing
