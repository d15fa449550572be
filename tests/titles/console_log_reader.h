// Test-side reader for syzkaller-style console logs: splits bytes into lines
// and strips "[  12.345678][ T123] ", "[  12.345678][ C1] ", "<6>[...] ",
// "... login: [...]" and "** N printk messages dropped ** [...]" prefixes
// into LogRecords, the way syzbot's console parser sees them. Only for the
// conformance driver and unit tests; crashsift's own readers live in
// analyzer/kernel_log.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/kernel_log/log_record.h"

namespace crashsift::titles::testing {

std::vector<kernel_log::LogRecord> ReadConsoleLog(std::string_view bytes);

}  // namespace crashsift::titles::testing
