#include "analyzer/diagnosis/cause_chain.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>

namespace crashsift::diagnosis {
namespace {

using events::EventKind;

enum class Where {
  kNearestBefore,  // the latest earlier cause event of the same boot
  kSameCpu,        // the nearest (in time, else in log order) cause event on the effect's CPU
};

struct ChainRule {
  std::initializer_list<EventKind> effects;
  // The effect's headline contains one of these (empty: any headline).
  std::initializer_list<std::string_view> effect_text;
  std::string_view effect_task;  // the effect's comm is this ("": any task)
  std::initializer_list<EventKind> causes;
  Where where;
  double window_seconds;  // cause and effect at most this far apart when both are timed (0: any)
  std::string_view relation;
};

// Sources: Documentation/admin-guide/sysctl/kernel.rst (hung_task_panic,
// softlockup_panic, hardlockup_panic, panic_on_oops, panic_on_warn,
// panic_on_rcu_stall), Documentation/admin-guide/sysctl/vm.rst (panic_on_oom),
// Documentation/RCU/stallwarn.rst (a CPU looping in the kernel stalls RCU),
// kernel/hung_task.c (the panic follows the reports of the same scan).
const ChainRule kChainRules[] = {
    {{EventKind::kPanic},
     {"hung_task: blocked tasks"},
     "",
     {EventKind::kHungTask},
     Where::kNearestBefore,
     0,
     "kernel.hung_task_panic=1 turned the hung task into a panic"},
    {{EventKind::kPanic},
     {"softlockup: hung tasks"},
     "",
     {EventKind::kSoftLockup},
     Where::kNearestBefore,
     0,
     "kernel.softlockup_panic=1 turned the soft lockup into a panic"},
    {{EventKind::kPanic},
     {"Hard LOCKUP", "hard LOCKUP"},
     "",
     {EventKind::kHardLockup},
     Where::kNearestBefore,
     0,
     "kernel.hardlockup_panic=1 turned the hard lockup into a panic"},
    {{EventKind::kPanic},
     {"Fatal exception"},
     "",
     {EventKind::kOops, EventKind::kKasan, EventKind::kOther},
     Where::kNearestBefore,
     0,
     "the oops was fatal (kernel.panic_on_oops=1, or it hit in interrupt context or in init)"},
    {{EventKind::kPanic},
     {"panic_on_warn set"},
     "",
     {EventKind::kWarning, EventKind::kKasan, EventKind::kUbsan, EventKind::kLockdep},
     Where::kNearestBefore,
     0,
     "kernel.panic_on_warn=1 turned the warning into a panic"},
    {{EventKind::kPanic},
     {"RCU Stall"},
     "",
     {EventKind::kRcuStall},
     Where::kNearestBefore,
     0,
     "kernel.panic_on_rcu_stall=1 turned the RCU stall into a panic"},
    {{EventKind::kPanic},
     {"panic_on_oom"},
     "",
     {EventKind::kOom},
     Where::kNearestBefore,
     0,
     "vm.panic_on_oom turned the out-of-memory condition into a panic"},
    {{EventKind::kRcuStall},
     {},
     "",
     {EventKind::kSoftLockup, EventKind::kHardLockup},
     Where::kSameCpu,
     300,
     "the CPU RCU waited for was locked up: the looping code also held up RCU's grace period"},
    {{EventKind::kHungTask},
     {},
     "",
     {EventKind::kSoftLockup, EventKind::kHardLockup},
     Where::kSameCpu,
     300,
     "the hung task's CPU was locked up by the looping code"},
    {{EventKind::kHungTask, EventKind::kBlockedTask},
     {},
     "txg_sync",
     {EventKind::kIoError},
     Where::kNearestBefore,
     0,
     "txg_sync waits for the pool's writes; the I/O errors before it are why they did not "
     "complete"},
};

bool Contains(std::initializer_list<EventKind> kinds, EventKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool Applies(const ChainRule& rule, const events::Event& e) {
  if (!Contains(rule.effects, e.kind)) return false;
  if (!rule.effect_task.empty() && e.task.comm != rule.effect_task) return false;
  if (rule.effect_text.size() == 0) return true;
  for (std::string_view text : rule.effect_text) {
    if (e.headline.find(text) != std::string::npos) return true;
  }
  return false;
}

bool WithinWindow(const ChainRule& rule, const events::Event& cause, const events::Event& effect) {
  if (rule.window_seconds <= 0 || !cause.time || !effect.time) return true;
  return std::fabs(*cause.time - *effect.time) <= rule.window_seconds;
}

}  // namespace

std::vector<CauseLink> FindCauseLinks(const std::vector<events::Event>& events) {
  std::vector<CauseLink> links;
  // Latest event of each kind so far in the current boot (log order).
  std::map<EventKind, size_t> latest;
  // Lockup events per (boot, CPU): few, so a scan per effect is cheap.
  std::map<std::pair<uint32_t, int>, std::vector<size_t>> lockups_on_cpu;
  for (size_t i = 0; i < events.size(); ++i) {
    const events::Event& e = events[i];
    if (e.cpu && (e.kind == EventKind::kSoftLockup || e.kind == EventKind::kHardLockup)) {
      lockups_on_cpu[{e.boot, *e.cpu}].push_back(i);
    }
  }
  uint32_t boot = events.empty() ? 0 : events[0].boot;
  for (size_t i = 0; i < events.size(); ++i) {
    const events::Event& e = events[i];
    if (e.boot != boot) {
      latest.clear();
      boot = e.boot;
    }
    for (const ChainRule& rule : kChainRules) {
      if (!Applies(rule, e)) continue;
      std::optional<size_t> cause;
      if (rule.where == Where::kNearestBefore) {
        for (EventKind k : rule.causes) {
          auto it = latest.find(k);
          if (it == latest.end() || !WithinWindow(rule, events[it->second], e)) continue;
          if (!cause || it->second > *cause) cause = it->second;
        }
      } else if (e.cpu) {
        auto it = lockups_on_cpu.find({e.boot, *e.cpu});
        if (it == lockups_on_cpu.end()) continue;
        double best = 0;
        for (size_t c : it->second) {
          const events::Event& candidate = events[c];
          if (c == i || !Contains(rule.causes, candidate.kind) ||
              !WithinWindow(rule, candidate, e)) {
            continue;
          }
          double distance = candidate.time && e.time ? std::fabs(*candidate.time - *e.time)
                                                     : static_cast<double>(c > i ? c - i : i - c);
          if (!cause || distance < best) {
            cause = c;
            best = distance;
          }
        }
      }
      if (!cause) continue;
      links.push_back(CauseLink{*cause, i, std::string(rule.relation)});
      break;
    }
    latest[e.kind] = i;
  }
  return links;
}

}  // namespace crashsift::diagnosis
