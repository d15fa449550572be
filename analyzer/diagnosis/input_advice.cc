#include "analyzer/diagnosis/input_advice.h"

#include <algorithm>
#include <string_view>

namespace crashsift::diagnosis {
namespace {

struct DebuginfoRule {
  std::string_view distribution;
  std::string_view package;  // {R} is the kernel release
  std::string_view install;
  std::string_view vmlinux;
  std::string_view source;
};

// Debian: linux-image-<abi>-dbg ships ./usr/lib/debug/boot/vmlinux-<abi>
// (the lab's make-vmcores.sh extracts exactly that path). Ubuntu: the
// -dbgsym packages from ddebs.ubuntu.com. RHEL/CentOS/Fedora: kernel-debuginfo
// from the debuginfo repositories, vmlinux under /usr/lib/debug/lib/modules.
constexpr DebuginfoRule kDebuginfo[] = {
    {"debian", "linux-image-{R}-dbg", "apt-get install linux-image-{R}-dbg",
     "/usr/lib/debug/boot/vmlinux-{R}",
     "https://packages.debian.org/search?keywords=linux-image-{R}-dbg"},
    {"ubuntu", "linux-image-unsigned-{R}-dbgsym",
     "apt-get install linux-image-unsigned-{R}-dbgsym (after adding ddebs.ubuntu.com)",
     "/usr/lib/debug/boot/vmlinux-{R}", "https://ubuntu.com/server/docs/debug-symbol-packages"},
    {"rhel", "kernel-debuginfo-{R}", "dnf debuginfo-install kernel-{R}",
     "/usr/lib/debug/lib/modules/{R}/vmlinux",
     "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/"
     "managing_monitoring_and_updating_the_kernel/analyzing-a-core-dump_managing-monitoring-and-"
     "updating-the-kernel"},
    {"fedora", "kernel-debuginfo-{R}", "dnf debuginfo-install kernel-{R}",
     "/usr/lib/debug/lib/modules/{R}/vmlinux",
     "https://docs.fedoraproject.org/en-US/quick-docs/kernel-troubleshooting/"},
};

// How advice written for a log reads for a vmcore: entries containing
// `contains` are replaced by `for_vmcore`, or dropped when it is empty.
struct Rewrite {
  std::string_view contains;
  std::string_view for_vmcore;
};
constexpr Rewrite kVmcoreRewrites[] = {
    {"vmcore", ""},
    {"kdump", ""},
    {"echo w > /proc/sysrq-trigger",
     "'foreach UN bt' in crash(8) on this dump: the stack of every blocked (D-state) task, what "
     "sysrq-w would have printed"},
    {"sysrq-w",
     "'foreach UN bt' in crash(8) on this dump: the stack of every blocked (D-state) task, what "
     "sysrq-w would have printed"},
    {"sysrq-l",
     "'bt -a' in crash(8) on this dump: the stack of every CPU when it was taken, what sysrq-l "
     "would have printed"},
};

// Advice made pointless by what the log already holds.
struct Given {
  events::EventKind kind;  // the log holds an event of this kind
  std::string_view asks;   // advice containing this asks for it again
};
constexpr Given kGiven[] = {
    {events::EventKind::kBlockedTask, "echo w > /proc/sysrq-trigger"},
    {events::EventKind::kBlockedTask, "sysrq-w"},
    {events::EventKind::kCpuBacktrace, "echo l"},
    {events::EventKind::kCpuBacktrace, "sysrq-l"},
};

std::string Fill(std::string_view pattern, const std::string& release) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i, 3) == "{R}") {
      out += release;
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

void Rewritten(std::vector<std::string>& advice) {
  std::vector<std::string> out;
  for (const std::string& a : advice) {
    std::string text = a;
    for (const Rewrite& r : kVmcoreRewrites) {
      if (a.find(r.contains) != std::string::npos) {
        text = std::string(r.for_vmcore);
        break;
      }
    }
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
      out.push_back(std::move(text));
    }
  }
  advice = std::move(out);
}

std::string DebuginfoAdvice(const events::SystemFacts& facts, const std::string& dump) {
  std::string release =
      facts.dump && !facts.dump->osrelease.empty() ? facts.dump->osrelease : facts.kernel_release;
  if (release.empty()) {
    return "the debuginfo (vmlinux with DWARF) of the dumped kernel: its release is not in the "
           "dump's VMCOREINFO or log";
  }
  std::optional<Debuginfo> d = DebuginfoFor(facts.distribution, release);
  if (!d) {
    return "the debuginfo (vmlinux with DWARF) of " + release +
           " from the kernel's build or its distribution's debug packages; with it, 'crash "
           "VMLINUX " +
           dump + "' opens this dump ('foreach bt': every task's stack, 'kmem -i': memory)";
  }
  return "debuginfo for " + release + ": " + d->install + " (package " + d->package +
         "; vmlinux at " + d->vmlinux + "; " + d->source + "). With it, 'crash " + d->vmlinux +
         " " + dump +
         "' opens this dump: 'foreach bt' gives every task's stack, 'bt -a' every CPU's, "
         "'kmem -i' the memory state, and the locals of the crashing frames become readable";
}

}  // namespace

std::optional<Debuginfo> DebuginfoFor(const std::string& distribution, const std::string& release) {
  if (release.empty()) return std::nullopt;
  for (const DebuginfoRule& r : kDebuginfo) {
    if (r.distribution != distribution) continue;
    return Debuginfo{Fill(r.package, release), Fill(r.install, release), Fill(r.vmlinux, release),
                     Fill(r.source, release)};
  }
  return std::nullopt;
}

void DropAsksForWhatIsGiven(const std::vector<events::Event>& events,
                            std::vector<Diagnosis>& diagnoses,
                            std::vector<std::string>& collect_next) {
  auto present = [&](events::EventKind kind) {
    return std::any_of(events.begin(), events.end(),
                       [&](const events::Event& e) { return e.kind == kind; });
  };
  // An entry goes when it asks for something and everything it asks for is
  // in the log ("echo w ... and echo l ..." stays unless both dumps are).
  auto given = [&](const std::string& advice) {
    bool asks = false;
    for (const Given& g : kGiven) {
      if (advice.find(g.asks) == std::string::npos) continue;
      asks = true;
      if (!present(g.kind)) return false;
    }
    return asks;
  };
  for (Diagnosis& d : diagnoses) std::erase_if(d.collect_next, given);
  std::erase_if(collect_next, given);
}

void AdaptAdviceToInput(InputNature nature, const events::SystemFacts& facts,
                        const std::string& input, std::vector<Diagnosis>& diagnoses,
                        std::vector<std::string>& collect_next) {
  if (nature != InputNature::kVmcore) return;
  for (Diagnosis& d : diagnoses) Rewritten(d.collect_next);
  Rewritten(collect_next);
  collect_next.insert(collect_next.begin(), DebuginfoAdvice(facts, input));
}

}  // namespace crashsift::diagnosis
