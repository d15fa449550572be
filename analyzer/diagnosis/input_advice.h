// Advice that knows what the input is. A diagnosis's collect_next comes from
// its signature and is written for a kernel log; for a vmcore it would ask
// for the very dump that was given ("the vmcore this panic produced") or for
// live-system commands (sysrq-w, sysrq-l) whose answer is already in the
// dump. AdaptAdviceToInput rewrites both for a vmcore, by the table in
// input_advice.cc, and adds the debuginfo that opens the dump: the package
// and vmlinux path for the release in the dump on Debian, Ubuntu and
// RHEL-family systems, and what crash(8) then shows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"

namespace crashsift::diagnosis {

enum class InputNature { kLog, kVmcore };

struct Debuginfo {
  std::string package;  // "linux-image-6.1.0-56-amd64-dbg"
  std::string install;  // "apt-get install linux-image-6.1.0-56-amd64-dbg"
  std::string vmlinux;  // "/usr/lib/debug/boot/vmlinux-6.1.0-56-amd64"
  std::string source;   // where the naming is documented
};

// The debuginfo of `release` on `distribution` ("debian", "ubuntu", "rhel",
// "fedora"); nullopt for other distributions or an empty release.
std::optional<Debuginfo> DebuginfoFor(const std::string& distribution, const std::string& release);

// For a log that already holds what an entry asks for (a sysrq-w dump:
// blocked_task events; a sysrq-l dump: cpu_backtrace events), drops that
// entry from every diagnosis's and the input's advice: never ask for what
// was given.
void DropAsksForWhatIsGiven(const std::vector<events::Event>& events,
                            std::vector<Diagnosis>& diagnoses,
                            std::vector<std::string>& collect_next);

// For kVmcore: drops advice that asks for a vmcore or kdump, turns sysrq
// asks into crash(8) commands on the dump, and puts the debuginfo advice
// first in `collect_next` (the release is the dump's OSRELEASE,
// facts.dump->osrelease, else facts.kernel_release; `input` is the dump's path
// as given, used in the crash(8) command line). For kLog: unchanged.
void AdaptAdviceToInput(InputNature nature, const events::SystemFacts& facts,
                        const std::string& input, std::vector<Diagnosis>& diagnoses,
                        std::vector<std::string>& collect_next);

}  // namespace crashsift::diagnosis
