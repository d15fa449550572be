// What to gather next when the log does not say enough: advice for the input
// as a whole, beside each diagnosis's own `collect_next`. It covers the
// events no diagnosis explains and facts the log lacks, e.g. a hung task with
// no named root blocker (sysrq-w), an SPL VERIFY that parked its thread
// (spl_panic_halt=1 + kdump; SPL only panics with spl_panic_halt=1), a boot
// whose start scrolled out of the ring buffer (log_buf_len), a ZFS or kernel
// version that is not in the log (zfs version, uname -r), loop devices on a
// ZFS system (losetup -l).
#pragma once

#include <string>
#include <vector>

#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"

namespace crashsift::diagnosis {

// Advice in a fixed order, each entry once; empty when every event is
// explained by a diagnosis (whose own collect_next covers its gaps).
// `systems` is indexed by Event::boot.
std::vector<std::string> CollectNextForInput(const std::vector<events::Event>& events,
                                             const std::vector<events::SystemFacts>& systems,
                                             const std::vector<Diagnosis>& diagnoses);

}  // namespace crashsift::diagnosis
