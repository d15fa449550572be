// How each event kind's report is laid out, as the splitter needs it: where
// it ends, and whether a panic line after it is its own report.
#pragma once

#include <cstddef>

#include "analyzer/events/event_kind.h"

namespace crashsift::events {

// Kinds whose report goes on after its stack (free text, several stacks) end
// at their end marker, a new headline, or after `idle_budget` unknown lines.
void ConfigureForKind(EventKind kind, bool& closes_after_trace, size_t& idle_budget);

// Reports the kernel prints whole before the policy panic they may lead to
// (softlockup_panic, hardlockup_panic, hung_task_panic, panic_on_rcu_stall,
// mce_panic: kernel/watchdog.c, kernel/hung_task.c, kernel/rcu/tree_stall.h,
// arch/x86/kernel/cpu/mce/core.c): a panic line after one, even when a paste
// cut the stack between them, is a report of its own.
bool PanicsAfterItsStack(EventKind kind);

}  // namespace crashsift::events
