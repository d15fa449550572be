// AnalysisReport -> JSON, the machine-readable schema documented in
// man/crashsift.1 (section JSON OUTPUT). Stable fields keep their names and
// meaning across releases; "schema" is bumped on any incompatible change.
// Written as a stream (render/json_writer.h), members in ascending key
// order as the schema has always printed them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/render/json_writer.h"

namespace crashsift::render {

inline constexpr int kJsonSchemaVersion = 1;

// The full object for one input; `indent` < 0: one line, else pretty.
std::string RenderJson(const pipeline::AnalysisReport& report, int indent = 2);

// One JSON Lines record (no newline): the full object plus the flat keys
// that batch tools and syzkaller's score.py read ("file", "title",
// "corrupted" of the first crash event; title null when the input has no
// crash) and the record's "bucket".
std::string RenderJsonLine(const pipeline::AnalysisReport& report);

// RenderJson (json_line false, indent 2) or RenderJsonLine (true) as pieces
// of about JsonWriter::kPieceBytes that concatenate to the same text, for
// writing a report of any size without holding it in one buffer.
std::vector<std::string> RenderJsonPieces(const pipeline::AnalysisReport& report, bool json_line);

// Either object, into a writer (at the place of a value).
void WriteReport(JsonWriter& w, const pipeline::AnalysisReport& report, bool json_line);

// The report's title for people ("headline", beside syzkaller's "title"):
// the title of the leading diagnosis (the cause, when events form a chain),
// else the first crash's native title (never a "corrupted" placeholder);
// none when the input has neither.
std::optional<std::string_view> Headline(const pipeline::AnalysisReport& report);

// Index of the first event that is a crash (not an io_error/oom/blocked_task
// side note), or -1.
int FirstCrashEvent(const pipeline::AnalysisReport& report);

}  // namespace crashsift::render
