// Byte-level helpers for the text reader: the console cleaner's quick
// filter and /dev/kmsg's escapes.
#pragma once

#include <string>
#include <string_view>

namespace crashsift::kernel_log {

// True when `s` may hold a byte below 0x20 (ESC, NUL and '\r' are; so is a
// tab). Console lines are scanned once each and almost never hold one.
bool HasControlByte(std::string_view s);

// /dev/kmsg escapes non-printable bytes as "\xNN" (kernel/printk/printk.c,
// msg_add_ext_text); undoes it into `out`, so "\x0a" becomes a line break.
void UnescapeKmsg(std::string_view in, std::string& out);

// "> > text" -> "text": the quote marks of a mail reply and one blank after each; the line's
// own indent stays.
std::string_view RemoveQuoteMarks(std::string_view s);

}  // namespace crashsift::kernel_log
