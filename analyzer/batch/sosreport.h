// sosreport and supportconfig bundles, as trees or inside archives: only
// their kernel logs and journals are analysed; every other file in them
// (wtmp, configs, command outputs) is skipped, and skipping is not a
// failure.
#pragma once

#include <filesystem>
#include <string_view>

namespace crashsift::batch {

// A sosreport tree's root holds sos_commands/; a supportconfig's holds
// basic-environment.txt.
bool IsBundleRoot(const std::filesystem::path& dir);

// Whether an archive member path lies in a bundle: its top directory is
// "sosreport-*" or "scc_*", or the path has a sos_commands/ component.
bool IsBundleMember(std::string_view member_path);

// Whether a file of a bundle (path relative to the bundle root, or an
// archive member path) is a kernel log or journal: var/log/messages*,
// kern.log*, syslog*, dmesg*, sos_commands/kernel/dmesg*,
// sos_commands/logs/journalctl*, var/crash/*/vmcore-dmesg*, and
// supportconfig's boot.txt and messages*.txt.
bool IsBundleKernelLog(std::string_view path);

}  // namespace crashsift::batch
