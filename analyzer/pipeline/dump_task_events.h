// Hung tasks straight from a dump: with the vmlinux debuginfo among
// --debuginfo, the tasks the dump holds in D state become blocked_task
// events (details source = "dump"), so the diagnosis sees a hang whose
// task never made it into the printk ring (no hung-task report, no sysrq-w).
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/events/event.h"
#include "analyzer/vmcore/dump_bytes.h"

namespace crashsift::pipeline {

// The dump's D-state tasks as events, kernel stacks as frames; `parts` are
// the dump's parts, as opened for its log. A dump that cannot be walked gives no events and one
// warning in `warnings` (about `name`).
std::vector<events::Event> DumpTaskEvents(std::vector<vmcore::DumpBytes> parts,
                                          const std::vector<std::string>& debuginfo,
                                          const std::string& name, std::vector<Warning>& warnings);

}  // namespace crashsift::pipeline
