// Titles for crashsift's own events (analyzer/events), from the same rules as
// console reports: an event whose lines hold an oops marker is titled exactly
// as the ReportScanner would title it; other kinds (hung tasks of a sysrq
// dump, SPL/OpenZFS assertions, I/O errors, OOM, ...) use the [[event]]
// rules of title_formats.toml, e.g.
//   blocked_task -> "INFO: task hung in txg_sync_thread"
//   assertion    -> "VERIFY3 failed in zap_create_leaf" (the function named
//                   by "PANIC at zap.c:441:zap_create_leaf()")
//   io_error     -> "I/O error on sda", "zio error on pool tank"
#pragma once

#include <string>

#include "analyzer/events/event.h"

namespace crashsift::titles {

struct EventTitle {
  std::string title;  // normalised like report titles; never empty
  bool corrupted = false;
  std::string corrupted_reason;
  // False for kinds that are errors rather than crashes (I/O errors, OOM
  // kills, machine checks, the tasks of a sysrq dump): `crash = false` rules.
  bool crash = true;
};

// Pure function of `event`; never fails (falls back to the normalised
// headline, or the kind name when the event has no headline).
EventTitle TitleForEvent(const events::Event& event);

}  // namespace crashsift::titles
