// AnalysisReport -> JSON, the machine-readable schema documented in
// man/crashsift.1 (section JSON OUTPUT). Stable fields keep their names and
// meaning across releases; "schema" is bumped on any incompatible change.
#pragma once

#include <nlohmann/json.hpp>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::render {

inline constexpr int kJsonSchemaVersion = 1;

// The full object for one input.
nlohmann::json ReportToJson(const pipeline::AnalysisReport& report);

// One JSON Lines record: the full object plus the flat keys that batch tools
// and syzkaller's score.py read ("file", "title", "corrupted" of the first
// crash event; title null when the input has no crash).
nlohmann::json ReportToJsonLine(const pipeline::AnalysisReport& report);

// The report's title for people ("headline", beside syzkaller's "title"):
// the title of the leading diagnosis (the cause, when events form a chain),
// else the first crash's native title (never a "corrupted" placeholder);
// null when the input has neither.
nlohmann::json Headline(const pipeline::AnalysisReport& report);

// Index of the first event that is a crash (not an io_error/oom/blocked_task
// side note), or -1.
int FirstCrashEvent(const pipeline::AnalysisReport& report);

}  // namespace crashsift::render
