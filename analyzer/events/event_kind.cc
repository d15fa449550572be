#include "analyzer/events/event_kind.h"

#include <array>
#include <utility>

namespace crashsift::events {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 22> kNames = {{
    {EventKind::kPanic, "panic"},
    {EventKind::kOops, "oops"},
    {EventKind::kWarning, "warning"},
    {EventKind::kAssertion, "assertion"},
    {EventKind::kHungTask, "hung_task"},
    {EventKind::kBlockedTask, "blocked_task"},
    {EventKind::kSoftLockup, "soft_lockup"},
    {EventKind::kHardLockup, "hard_lockup"},
    {EventKind::kRcuStall, "rcu_stall"},
    {EventKind::kOom, "oom"},
    {EventKind::kKasan, "kasan"},
    {EventKind::kUbsan, "ubsan"},
    {EventKind::kIoError, "io_error"},
    {EventKind::kLockdep, "lockdep"},
    {EventKind::kMemoryLeak, "memory_leak"},
    {EventKind::kMachineCheck, "machine_check"},
    {EventKind::kFsError, "fs_error"},
    {EventKind::kOther, "other"},
    {EventKind::kCpuBacktrace, "cpu_backtrace"},
    {EventKind::kStackFragment, "stack_fragment"},
    {EventKind::kSegfault, "segfault"},
    {EventKind::kNotice, "notice"},
}};

}  // namespace

std::string_view ToString(EventKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "other";
}

std::optional<EventKind> EventKindFromString(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace crashsift::events
