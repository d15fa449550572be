// Cause chains between the events of one boot: an effect names the event
// that caused it. A policy panic (hung_task_panic, softlockup_panic,
// hardlockup_panic, panic_on_oops, panic_on_warn, panic_on_rcu_stall,
// panic_on_oom) was triggered by the report printed just before it; an RCU
// stall on a CPU that was soft- or hard-locked is the lockup seen by RCU;
// I/O errors printed before txg_sync hung are what txg_sync waits for.
//
// The rules are data (kChainRules in cause_chain.cc); FindCauseLinks only
// applies them. The diagnoser uses the links to fold an effect's finding
// under its cause's finding and to show the chain.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/event.h"

namespace crashsift::diagnosis {

// At most one link per effect event (the first rule that applies), in log
// order of the effects. Both events are in the same boot. Linear in the
// number of events apart from same-CPU lookups among lockup events.
std::vector<CauseLink> FindCauseLinks(const std::vector<events::Event>& events);

}  // namespace crashsift::diagnosis
