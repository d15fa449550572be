// Writing a batch summary, shared by `batch` (--summary, or stderr) and
// `summary`: the format chosen by --summary-format, redacted with the run's
// redactor (the same placeholders as the run's records), written through
// OutputFile (temporary + rename, checked writes).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "analyzer/batch/batch_summary.h"
#include "analyzer/batch/summary_format.h"
#include "analyzer/core/result.h"
#include "analyzer/redact/redactor.h"

namespace crashsift::batch {

// The --summary-format `name` ("" or unknown: `fallback`).
SummaryFormat SummaryFormatOr(const std::string& name, SummaryFormat fallback);

// A redactor over the built-in rules when `enabled` (--redact), else null.
Result<std::unique_ptr<redact::Redactor>> MakeRedactor(bool enabled);

// `text` through `redactor` when there is one.
std::string Redacted(redact::Redactor* redactor, std::string text);

// Renders `summary` as `format` to `target` ("-": stdout). Errors: io.
Result<void> WriteSummaryFile(const BatchSummary& summary, SummaryFormat format,
                              const std::string& target, redact::Redactor* redactor);

}  // namespace crashsift::batch
