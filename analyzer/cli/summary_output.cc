#include "analyzer/cli/summary_output.h"

#include "analyzer/cli/output_file.h"

namespace crashsift::cli {

batch::SummaryFormat SummaryFormatOf(const Options& options, batch::SummaryFormat fallback) {
  if (options.summary_format.empty()) return fallback;
  return batch::ParseSummaryFormat(options.summary_format).value_or(fallback);
}

Result<std::unique_ptr<redact::Redactor>> RedactorFor(const Options& options) {
  if (!options.redact) return std::unique_ptr<redact::Redactor>();
  auto rules = redact::BuiltinRedactionRules();
  if (!rules) return Fail(rules.error());
  return std::make_unique<redact::Redactor>(**rules);
}

std::string Redacted(redact::Redactor* redactor, std::string text) {
  return redactor ? redactor->Redact(text) : text;
}

Result<void> WriteSummaryFile(const batch::BatchSummary& summary, batch::SummaryFormat format,
                              const std::string& target, redact::Redactor* redactor) {
  auto out = OutputFile::Open(target);
  if (!out) return Fail(out.error());
  if (auto written = out->Write(Redacted(redactor, batch::RenderSummary(summary, format)));
      !written) {
    return written;
  }
  return out->Commit();
}

}  // namespace crashsift::cli
