// The kernel release as a report's own lines print it. Pastes rarely hold the
// "Linux version" banner, but nearly every report names the release:
//   "CPU: 3 PID: 1 Comm: init Tainted: G   OE   6.1.0-56-amd64 #1 Debian ..."
//   "Pid: 1, comm: swapper Not tainted (2.6.27.5-117.fc10.i686 #1)"     (2.6 i386)
//   "      Tainted: P           O      3.17.7-vanillabean1 #1"         (hung task, 2nd line)
//   "      Not tainted 4.15.0-74-generic #84-Ubuntu"
//   "4.14.0-rc1+ #N Not tainted" / "4.4.0 #296 Tainted: G        W"   (lockdep, SLUB banners)
//   "EIP: 0060:[<c04e4a1c>] EFLAGS: 00010246 CPU: 0 (2.6.18-92.el5 #1)" and
//   "EFLAGS: 00010282   (2.6.18-53.el5 #1)"                            (2.6 register dumps)
// One extractor for every log form: callers pass the message text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crashsift::events {

struct ReleaseMention {
  std::string release;  // "3.17.7-vanillabean1"
  std::string build;    // "#1  Debian 6.1.192-2" ("" when not printed)
  std::string taint;    // "P           O" ("" when not tainted or not printed)
};

// nullopt when the line names no release in one of the forms above.
std::optional<ReleaseMention> ReleaseFromReportLine(std::string_view text);

// "6.8.12-4-pve", "2.6.32-604.16.2.lve1.3.54.el6.x86_64", "4.14.0-rc1+":
// digits '.' digits, then release characters only.
bool LooksLikeRelease(std::string_view token);

}  // namespace crashsift::events
