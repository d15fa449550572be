#include "analyzer/events/system_facts_collector.h"

#include <algorithm>

#include "analyzer/core/text.h"
#include "analyzer/events/arch_hints.h"
#include "analyzer/events/report_release.h"

namespace crashsift::events {
namespace {

std::string_view FirstWord(std::string_view s) {
  s = text::Trim(s, text::kBlanks, text::kSpaces);
  return s.substr(0, s.find_first_of(" \t,"));
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Guess from the release string and the banner; empty when nothing says.
std::string DistributionHint(std::string_view release, std::string_view banner) {
  if (Contains(release, "-pve") || Contains(banner, " PMX ") || Contains(banner, "@proxmox")) {
    return "proxmox";
  }
  if (Contains(release, ".el") || Contains(banner, "Red Hat")) return "rhel";
  if (Contains(release, ".fc")) return "fedora";
  if (Contains(banner, "-Ubuntu") || Contains(banner, "(Ubuntu ")) return "ubuntu";
  if (Contains(release, "-generic") || Contains(release, "-lowlatency")) return "ubuntu";
  if (Contains(banner, "debian-kernel@") || Contains(banner, " Debian ")) return "debian";
  if (Contains(release, "-default") || Contains(banner, "SUSE")) return "suse";
  if (Contains(release, "-arch")) return "arch";
  if (Contains(release, "-amd64") || Contains(release, "-arm64") || Contains(release, "-cloud-")) {
    return "debian";
  }
  return "";
}

std::string ArchFromRelease(std::string_view release, std::string_view banner) {
  if (std::string_view arch = ArchFromReleaseSuffix(release); !arch.empty()) {
    return std::string(arch);
  }
  if (Contains(banner, "x86_64")) return "x86_64";
  if (Contains(banner, "aarch64")) return "aarch64";
  if (Contains(banner, "powerpc64le")) return "ppc64le";
  if (Contains(banner, "s390x")) return "s390x";
  return "";
}

// "labcrash(OE) virtio_blk zfs(PO) [last unloaded: foo]" -> names.
void ParseModules(std::string_view list, std::vector<std::string>& out) {
  out.clear();
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && list[i] == ' ') ++i;
    if (i >= list.size() || list[i] == '[') break;
    size_t start = i;
    while (i < list.size() && list[i] != ' ') ++i;
    std::string_view word = list.substr(start, i - start);
    word = word.substr(0, word.find('('));
    if (!word.empty() && out.size() < 4096) out.emplace_back(word);
  }
}

// SPL's spl_panic(): "PANIC at zap.c:441:zap_create_leaf()", the
// "VERIFY3(...) failed (...)" line above it, and the 0.6-era "SPLError:".
bool IsSplAssertion(std::string_view text) {
  if (text.starts_with("SPLError: ")) return true;
  if (text.starts_with("VERIFY")) {
    const size_t paren = text.find('(');
    return paren != std::string_view::npos && paren <= 8 && text.find(") failed") != text.npos;
  }
  if (!text.starts_with("PANIC at ")) return false;
  const std::string_view where = text.substr(9);
  const size_t dot_c = where.find(".c:");
  return dot_c != std::string_view::npos && where.find("()") != std::string_view::npos;
}

// "nvidia(POE)", "wl(PO)": a module flag group holding O or P.
bool ListsOutOfTreeModule(std::string_view list) {
  for (size_t open = list.find('('); open != std::string_view::npos;
       open = list.find('(', open + 1)) {
    size_t close = list.find(')', open);
    if (close == std::string_view::npos || close - open > 8) continue;
    std::string_view flags = list.substr(open + 1, close - open - 1);
    if (flags.find_first_of("OP") != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

bool SystemFactsCollector::MayBeFact(std::string_view text) {
  // The hung-task report's "      Tainted: ..." line keeps its indent.
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.empty()) return false;
  if (text.front() >= '0' && text.front() <= '9') return true;  // lockdep banner
  switch (text.front()) {
    case 'L':  // Linux version
    case 'C':  // Command line: / CPU:
    case 'K':  // Kernel command line:
    case 'D':  // DMI:
    case 'H':  // Hardware name:
    case 'Z':  // ZFS: Loaded module
    case 'S':  // SPL: Loaded module
    case 'M':  // Modules linked in:
    case 'P':  // Pid: 52, comm: ... Tainted: (3.x and older)
    case 'l':  // loop2: detected capacity change
    case 'T':  // Tainted: [W]=WARN (6.10+), Tainted: P O <release> #1
    case 'N':  // Not tainted <release> #1
    case 'E':  // EIP: ... EFLAGS: ... (<release> #1)
    case 'V':  // VERIFY3(...) failed (SPL)
      return true;
    default:
      return false;
  }
}

void SystemFactsCollector::Observe(std::string_view text) {
  if (!MayBeFact(text)) return;
  // By the first byte: the prefixes below that share one are tried in order,
  // and no two of them can both start a line.
  switch (text.front()) {
    case 'L':
      if (text.starts_with("Linux version ")) {
        facts_.kernel_version_banner = std::string(text::Trim(text, text::kBlanks, text::kSpaces));
        facts_.kernel_release = std::string(FirstWord(text.substr(14)));
      }
      break;
    case 'C':
      if (text.starts_with("Command line: ")) {
        facts_.command_line =
            std::string(text::Trim(text.substr(14), text::kBlanks, text::kSpaces));
      } else if (text.starts_with("CPU: ")) {
        if (auto ctx = ParseTaskContext(text)) ObserveTaskContext(*ctx, text);
      }
      break;
    case 'K':
      if (text.starts_with("Kernel command line: ") && facts_.command_line.empty()) {
        facts_.command_line =
            std::string(text::Trim(text.substr(21), text::kBlanks, text::kSpaces));
      }
      break;
    case 'D':
      if (text.starts_with("DMI: ") && facts_.hardware.empty()) {
        facts_.hardware = std::string(text::Trim(text.substr(5), text::kBlanks, text::kSpaces));
      }
      break;
    case 'H':
      if (text.starts_with("Hardware name: ")) {
        facts_.hardware = std::string(text::Trim(text.substr(15), text::kBlanks, text::kSpaces));
      }
      break;
    case 'Z':
      if (text.starts_with("ZFS: Loaded module ")) {
        // "ZFS: Loaded module v2.3.1-1, ZFS pool version 5000, ZFS filesystem version 5"
        facts_.zfs_release = std::string(FirstWord(text.substr(19)));
        if (facts_.zfs_release.starts_with('v')) facts_.zfs_release.erase(0, 1);
        facts_.zfs_loaded = true;
      }
      break;
    case 'S':
    case 'V':
    case 'P':
      if (text.starts_with("SPL: Loaded module ")) {
        facts_.spl_release = std::string(FirstWord(text.substr(19)));
        if (facts_.spl_release.starts_with('v')) facts_.spl_release.erase(0, 1);
      } else if (IsSplAssertion(text)) {
        // Only SPL's spl_panic() prints these: an excerpt holding just the
        // assertion still shows the zfs/spl modules were loaded (issue 8 class 7).
        facts_.zfs_loaded = true;
      } else if (text.starts_with("Pid: ")) {
        if (auto ctx = ParseTaskContext(text)) ObserveTaskContext(*ctx, text);
      }
      break;
    case 'M':
      if (text.starts_with("Modules linked in:")) ObserveModules(text.substr(18));
      break;
    case 'T':
      if (text.starts_with("Tainted: [")) ObserveTaint(text.substr(9));
      break;
    case 'l':
      if (text.starts_with("loop")) ObserveLoopDevice(text);
      break;
    default:
      break;
  }
  if (release_from_report_.empty()) {
    if (std::optional<ReleaseMention> mention = ReleaseFromReportLine(text)) {
      release_from_report_ = std::move(mention->release);
      build_from_report_ = std::move(mention->build);
      if (!mention->taint.empty()) ObserveTaint(mention->taint);
    }
  }
}

void SystemFactsCollector::ObserveModules(std::string_view list) {
  ParseModules(list, facts_.modules);
  facts_.out_of_tree_module_listed |= ListsOutOfTreeModule(list);
  for (const std::string& m : facts_.modules) {
    if (m == "zfs" || m == "spl") facts_.zfs_loaded = true;
    if (std::string_view arch = ArchFromModule(m); !arch.empty()) ObserveArchHint(arch, true);
  }
}

void SystemFactsCollector::ObserveTaskContext(const TaskContext& context, std::string_view text) {
  (void)text;
  ObserveTaint(context.taint);
}

void SystemFactsCollector::ObserveTaint(std::string_view taint) {
  taint = text::Trim(taint, text::kBlanks, text::kSpaces);
  std::vector<TaintFlag> flags = DecodeTaint(taint);
  if (flags.empty()) return;
  // Keep the union of flags; the string shown is the one with most flags.
  if (flags.size() >= facts_.taint_flags.size()) facts_.taint = std::string(taint);
  for (TaintFlag& flag : flags) {
    bool known = std::any_of(facts_.taint_flags.begin(), facts_.taint_flags.end(),
                             [&](const TaintFlag& f) { return f.letter == flag.letter; });
    if (!known) facts_.taint_flags.push_back(std::move(flag));
  }
  facts_.tainted = true;
}

// "loop2: detected capacity change from 0 to 2097152", "loop0: p1 p2" (drivers/block/loop.c).
void SystemFactsCollector::ObserveLoopDevice(std::string_view text) {
  size_t i = 4;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == 4 || i >= text.size() || text[i] != ':') return;
  std::string_view name = text.substr(0, i);
  if (std::find(facts_.loop_devices.begin(), facts_.loop_devices.end(), name) ==
          facts_.loop_devices.end() &&
      facts_.loop_devices.size() < 256) {
    facts_.loop_devices.emplace_back(name);
  }
}

void SystemFactsCollector::ObserveFrame(const StackFrame& frame) {
  if (frame.module == "zfs" || frame.module == "spl") facts_.zfs_loaded = true;
  if (std::string_view arch = ArchFromModule(frame.module); !arch.empty()) {
    ObserveArchHint(arch, true);
  }
}

void SystemFactsCollector::ObserveArchHint(std::string_view arch, bool weak) {
  std::string& hint = weak ? weak_arch_hint_ : arch_hint_;
  if (hint.empty()) hint = std::string(arch);
}

SystemFacts SystemFactsCollector::Finish() const {
  SystemFacts out = facts_;
  if (out.kernel_release.empty()) out.kernel_release = release_from_report_;
  if (!out.kernel_release.empty()) out.kernel = ParseVersion(out.kernel_release);
  std::string_view banner = out.kernel_version_banner;
  if (auto upstream = UpstreamKernelFromBanner(banner)) {
    out.kernel_upstream = upstream;
  } else if (!build_from_report_.empty()) {
    // "6.1.0-56-amd64 #1  Debian 6.1.192-2": the CPU: line has it too.
    out.kernel_upstream = UpstreamKernelFromBanner(release_from_report_ + " " + build_from_report_);
  }
  if (!out.kernel_upstream) out.kernel_upstream = out.kernel;
  if (!out.zfs_release.empty()) out.zfs = ParseVersion(out.zfs_release);
  if (!out.spl_release.empty()) out.spl = ParseVersion(out.spl_release);
  std::string hint_source = out.kernel_version_banner;
  if (hint_source.empty()) hint_source = build_from_report_;
  out.distribution = DistributionHint(out.kernel_release, hint_source);
  out.arch = ArchFromRelease(out.kernel_release, out.kernel_version_banner);
  if (out.arch.empty()) out.arch = arch_hint_;
  if (out.arch.empty()) out.arch = ArchFromHardwareName(out.hardware);
  // A machine described by a device tree ("Hardware name: Virt64 (DT)") is no PC: a weak x86
  // hint (a frame address such as riscv64's and mips64's 0xffffffff8...) is wrong there.
  const bool device_tree = out.hardware.ends_with("(DT)");
  if (out.arch.empty() && !(device_tree && weak_arch_hint_ == "x86_64")) out.arch = weak_arch_hint_;
  std::sort(out.taint_flags.begin(), out.taint_flags.end(),
            [](const TaintFlag& a, const TaintFlag& b) {
              return std::string_view("PFSRMBUDAWCIOELKXTNJ").find(a.letter) <
                     std::string_view("PFSRMBUDAWCIOELKXTNJ").find(b.letter);
            });
  return out;
}

}  // namespace crashsift::events
