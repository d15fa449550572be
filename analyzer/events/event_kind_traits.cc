#include "analyzer/events/event_kind_traits.h"

#include "analyzer/core/limits.h"

namespace crashsift::events {

void ConfigureForKind(EventKind kind, bool& closes_after_trace, size_t& idle_budget) {
  switch (kind) {
    case EventKind::kKasan:
    case EventKind::kUbsan:
      closes_after_trace = false;  // ends at the closing "=====" line
      idle_budget = 64;
      break;
    case EventKind::kLockdep:
      closes_after_trace = false;  // until "stack backtrace:" has been seen
      idle_budget = 64;
      break;
    case EventKind::kRcuStall:
      closes_after_trace = false;  // "kthread starved", further CPU stacks
      idle_budget = 16;
      break;
    case EventKind::kOom:
      closes_after_trace = false;  // Mem-Info and the task table, then the kill line
      idle_budget = limits::kMaxEventLines;
      break;
    case EventKind::kMachineCheck:
    case EventKind::kIoError:
    case EventKind::kSegfault:
      idle_budget = 0;
      break;
    case EventKind::kStackFragment:
      closes_after_trace = true;  // ends with the stack, like any report
      idle_budget = 1;
      break;
    default:
      break;
  }
}

bool PanicsAfterItsStack(EventKind kind) {
  switch (kind) {
    case EventKind::kPanic:
    case EventKind::kMachineCheck:
    case EventKind::kSoftLockup:
    case EventKind::kHardLockup:
    case EventKind::kHungTask:
    case EventKind::kRcuStall:
    // One-line conditions and an OOM task table alone are no report of their own.
    case EventKind::kNotice:
      return true;
    default:
      return false;
  }
}

}  // namespace crashsift::events
