#include "analyzer/batch/sosreport.h"

#include <array>

namespace crashsift::batch {

bool IsBundleRoot(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir / "sos_commands", ec) ||
         std::filesystem::is_regular_file(dir / "basic-environment.txt", ec);
}

bool IsBundleMember(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  return path.starts_with("sosreport-") || path.starts_with("scc_") ||
         path.starts_with("sos_commands/") || path.find("/sos_commands/") != std::string_view::npos;
}

bool IsBundleKernelLog(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash + 1);
  if (dir.find("/etc/") != std::string_view::npos || dir.starts_with("etc/")) return false;
  static constexpr std::array<std::string_view, 6> kLogs = {
      "messages", "kern.log", "syslog", "dmesg", "journalctl", "vmcore-dmesg"};
  for (std::string_view prefix : kLogs) {
    if (base.starts_with(prefix)) return true;
  }
  return base == "boot.txt";  // supportconfig: dmesg and the boot's kernel messages
}

}  // namespace crashsift::batch
