// Lines of a report that say what it is when its header is not in the paste
// (issue 8 class 7):
// - the task table dump_tasks() prints ("Tasks state (memory values in
//   pages):", its "[  pid  ]   uid  tgid total_vm ..." header and one row per
//   task) only for the OOM killer: a paste holding only those lines is still
//   an OOM, cut at both ends (a notice event: no report header);
// - sysrq's "SysRq : Trigger a crash" (2.6-4.x; "sysrq: Trigger a crash" in
//   5.x+), printed by __handle_sysrq() just before sysrq_handle_crash()
//   oopses: a prelude that joins the crash report it announces.
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/events/event_headlines.h"

namespace crashsift::events {

// For the task table's title, header or a row: a continuation of an open OOM
// report, else a notice event (marked cut at its start) the rows continue; a prelude for sysrq's
// crash trigger; nullopt otherwise.
std::optional<Headline> ClassifyPartialReport(std::string_view text);

}  // namespace crashsift::events
