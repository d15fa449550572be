#include "analyzer/batch/summary_output.h"

#include "analyzer/batch/output_file.h"

namespace crashsift::batch {

SummaryFormat SummaryFormatOr(const std::string& name, SummaryFormat fallback) {
  if (name.empty()) return fallback;
  return ParseSummaryFormat(name).value_or(fallback);
}

Result<std::unique_ptr<redact::Redactor>> MakeRedactor(bool enabled) {
  if (!enabled) return std::unique_ptr<redact::Redactor>();
  auto rules = redact::BuiltinRedactionRules();
  if (!rules) return Fail(rules.error());
  return std::make_unique<redact::Redactor>(**rules);
}

std::string Redacted(redact::Redactor* redactor, std::string text) {
  return redactor ? redactor->Redact(text) : text;
}

Result<void> WriteSummaryFile(const BatchSummary& summary, SummaryFormat format,
                              const std::string& target, redact::Redactor* redactor) {
  auto out = OutputFile::Open(target);
  if (!out) return Fail(out.error());
  if (auto written = out->Write(Redacted(redactor, RenderSummary(summary, format))); !written) {
    return written;
  }
  return out->Commit();
}

}  // namespace crashsift::batch
