// Title normalisation: the dynamic parts of a crash title (executor ids,
// addresses, IPs, line numbers, function offsets, CPU and other numbers)
// become placeholders so one bug keeps one title across runs. Follows
// syzkaller's convention (pkg/report report.go), so titles compare equal to
// syzbot's.
#pragma once

#include <string>
#include <string_view>

namespace crashsift::titles {

// Longest title kept, in input bytes (longer, interleaved lines are cut).
inline constexpr size_t kMaxTitleBytes = 120;

// "syz-executor.3:2" -> "syz-executor", "0xffff888012345678" -> "ADDR",
// "10.0.2.15" -> "IP", "foo.c:123" -> "foo.c:LINE", "f+0x1/0x2" -> "f",
// "CPU#3" -> "CPU", free-standing decimals and runs of 7+ digits -> "NUM".
std::string ReplaceDynamicParts(std::string_view title);

// Tabs to spaces, control and non-ASCII bytes dropped, runs of spaces
// collapsed, cut at kMaxTitleBytes input bytes, trimmed.
std::string SanitizeTitle(std::string_view title);

// Both of the above, in that order.
std::string NormalizeTitle(std::string_view title);

// The text before the last " in " (the whole title when there is none).
std::string_view TitleKind(std::string_view title);

// The identifier after the last " in " ("foo" for "WARNING in foo/bar",
// "<T as Tr>::f" for Rust), or "" when the title has none.
std::string GuiltyFrameOfTitle(std::string_view title);

}  // namespace crashsift::titles
