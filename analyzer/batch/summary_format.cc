#include "analyzer/batch/summary_format.h"

#include "analyzer/render/json_text.h"

namespace crashsift::batch {

std::optional<SummaryFormat> ParseSummaryFormat(std::string_view name) {
  if (name == "text") return SummaryFormat::kText;
  if (name == "json") return SummaryFormat::kJson;
  if (name == "markdown" || name == "md") return SummaryFormat::kMarkdown;
  if (name == "html") return SummaryFormat::kHtml;
  return std::nullopt;
}

std::string RenderSummary(const BatchSummary& summary, SummaryFormat format) {
  switch (format) {
    case SummaryFormat::kText:
      return SummaryToText(summary);
    case SummaryFormat::kJson:
      return render::DumpJson(SummaryToJson(summary), 2) + "\n";
    case SummaryFormat::kMarkdown:
      return SummaryToMarkdown(summary);
    case SummaryFormat::kHtml:
      return SummaryToHtml(summary);
  }
  return {};
}

}  // namespace crashsift::batch
