// A tag that whatever captured the console printed before every line: a
// hypervisor's "[guest0/uart0] [    1.85] ...", a console server's "ttyS0: ".
// Told from the head (the lines read as no log form with it and as one without
// it), then removed from every line before the log form is looked at.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace crashsift::kernel_log {

// The tag, ending in a blank, that most of the head's non-blank lines start
// with; empty when there is none.
std::string FindLineTag(std::span<const std::string_view> head_lines);

}  // namespace crashsift::kernel_log
