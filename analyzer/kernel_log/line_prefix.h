// The prefixes real pastes put before a kernel message, peeled by one rule
// for every log form (issue 8, classes 4, 5, 8 and 12). A paste is rarely one
// clean format: lines carry editor line numbers ("11745 [4622.1] ..."),
// markdown ("**", a backtick glued to the stamp), a syslog or journal header
// whose host is redacted ("<hostname>", "xxxx"), missing, or odd, months in
// other languages ("Mai", "déc.", "июл"), OpenWrt's logread header ("Wed Sep
// 15 04:06:35 2021 kern.warn kernel:"), a bare "kernel:", a "<6>" priority
// before an RFC 3339 stamp, a dmesg stamp whose fraction was cut ("[  240.]"),
// or user-space output that a crash marker runs into mid-line
// ("...daemon output[   30.4] Kernel panic - not syncing: ...").
#pragma once

#include <string_view>

#include "analyzer/kernel_log/line_forms.h"

namespace crashsift::kernel_log {

// The first line of a kernel report (or of a boot): the kStartsReport rows of
// report_markers.h, for unstamped reports in pastes and, in
// FindStampedMarkerMidLine, for markers that other output ran into.
bool StartsKernelReport(std::string_view text);

// Fills `out` (text, monotonic, caller, wall time not parsed) when `line` holds
// a kernel message behind such prefixes: a dmesg stamp or a "kernel:" ident
// was found. False for prose and other programs' lines.
bool PeelKernelPrefix(std::string_view line, ParsedLine& out);

// A kernel report's first line after a stamp in the middle of `line`
// ("...output[   30.4] Kernel panic - not syncing: x"): fills `out` with the
// part from the stamp on. Only report markers count, so prose stays prose.
bool FindStampedMarkerMidLine(std::string_view line, ParsedLine& out);

// A version line quoted after the reporter's own words on the same line ("before that: ZFS:
// Loaded module v0.8.3-1, ..."): the line from the quote on, or "".
std::string_view VersionLineAfterProse(std::string_view text);

}  // namespace crashsift::kernel_log
