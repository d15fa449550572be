// Records that a mail archive or a web form collapsed onto one line: "> [ 71.204848]
// ====== > [ 71.204850] [ INFO: possible circular locking ... ] > [ 71.204852] 3.11.0 ...".
// Cut back into one text per record at each dmesg stamp, so each is read as its own line.
#pragma once

#include <string_view>
#include <vector>

namespace crashsift::kernel_log {

// The records of `line` when it holds at least three dmesg stamps ("[ 71.204848]"), each piece
// from one stamp to the next without the blanks and quote marks ('>') before the next; the
// text before the first stamp is the first piece when not blank. Empty for other lines.
std::vector<std::string_view> SplitCollapsedRecords(std::string_view line);

}  // namespace crashsift::kernel_log
