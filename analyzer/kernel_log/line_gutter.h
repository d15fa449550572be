// A line-number gutter in front of every line of a paste: `cat -n` / `nl`
// ("     12\t[  1.0] ..."), an editor's or a web viewer's numbers ("12: ...",
// "12 | ..."), a web page's ordered list ("  12. ..."). Told from the lines of the head, then
// removed from every line before the log form is looked at.
#pragma once

#include <span>
#include <string_view>

namespace crashsift::kernel_log {

// True when most of the head's non-blank lines start with a line number and
// its separator and the numbers mostly count up by one.
bool HasLineNumberGutter(std::span<const std::string_view> head_lines);

// `line` without its leading number and separator (unchanged when it has none).
std::string_view StripLineNumberGutter(std::string_view line);

}  // namespace crashsift::kernel_log
