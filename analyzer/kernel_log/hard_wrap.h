// Pastes that a web form or a mail client hard-wrapped (issue 8): a record
// longer than the form's width continues on the next physical line, with no
// log prefix ("... Tainted: G" / "WC O    4.12.0-rc3-android-x86+ #1",
// "BUG: unable to handle kernel" / "paging request at 0000000715a42801").
// Found over the head of the input only: pastes are short.
#pragma once

#include <string_view>
#include <vector>

namespace crashsift::kernel_log {

struct WrapProbe {
  size_t width = 0;          // the physical line as pasted (quoting included), in bytes
  std::string_view message;  // the line with its quoting removed
  bool prefixed = false;     // starts with a log prefix (stamp, syslog header) of the input
};

// Widest line a hard-wrapping form leaves (e-mail: 72-78, web forms: up to ~100; a quoted
// reply adds its "> " marks: gh-raspberrypi-linux-2909 wraps at 109).
inline constexpr size_t kMaxWrapColumn = 120;
// Narrower than this, a paste is not taken as hard-wrapped.
inline constexpr size_t kMinWrapColumn = 40;

// For each line, whether it continues the line before it. A paste is taken
// as hard-wrapped when all its lines fit kMaxWrapColumn and at least two
// unprefixed lines start with a word that would not have fit on the
// prefixed line before them (a word wrap); then every unprefixed,
// unindented line after a prefixed line that reaches near the width
// continues it, and so does a run of such lines.
std::vector<bool> FindHardWraps(const std::vector<WrapProbe>& lines);

}  // namespace crashsift::kernel_log
