// The headlines that open kernel reports, read from the one marker table
// (kernel_log/report_markers.h: its kHeadline and kReporter rows give the
// role, the kind and what a headline continues), plus the phrases after a
// marker that refine its kind ("BUG: KASAN:", lockdep's wording, a WARN()'s
// layout).
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/events/event_headlines.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {

// The headline of a line that starts with a kHeadline marker (after any
// subsystem prefix, which the caller removed); nullopt when no row holds or a
// refinement refuses the line (a "WARNING: " that is no WARN()).
std::optional<Headline> ClassifyMarkedLine(std::string_view t);

// The headline of a marker row (its role, kind and continuation) for `text`.
Headline MarkerHeadline(const kernel_log::ReportMarker& row, std::string_view text);

// Lockdep reports all print "WARNING: <what>" (or "INFO:"/"BUG:" before 4.x)
// under a "=====" line; kernel/locking/lockdep.c.
bool IsLockdepPhrase(std::string_view s);

}  // namespace crashsift::events
