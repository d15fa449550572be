// The batch summary in the four forms a triager needs: text for a terminal,
// JSON for programs (versioned schema, man/crashsift.1 BATCH SUMMARY),
// Markdown to paste into a bug tracker, and one self-contained HTML page
// (no network resources: inline CSS, an inline SVG bar chart, a table by
// kernel and OpenZFS version, links to example inputs).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/batch/batch_summary.h"

namespace crashsift::batch {

// Schema of the summary JSON (man/crashsift.1, BUCKETS). Additions keep the
// number; a key removed or changed in meaning bumps it.
inline constexpr int kSummarySchemaVersion = 2;

enum class SummaryFormat { kText, kJson, kMarkdown, kHtml };

// "text", "json", "markdown" (or "md"), "html"; nullopt for anything else.
std::optional<SummaryFormat> ParseSummaryFormat(std::string_view name);

std::string RenderSummary(const BatchSummary& summary, SummaryFormat format);

nlohmann::json SummaryToJson(const BatchSummary& summary);
std::string SummaryToText(const BatchSummary& summary);
std::string SummaryToMarkdown(const BatchSummary& summary);
std::string SummaryToHtml(const BatchSummary& summary);

}  // namespace crashsift::batch
