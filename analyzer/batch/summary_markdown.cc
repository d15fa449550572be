// The summary as GitHub-flavoured Markdown, to paste into a bug tracker: the
// totals, one table row per bucket, the failed inputs' errors.
#include "analyzer/batch/summary_fields.h"
#include "analyzer/batch/summary_format.h"

namespace crashsift::batch {
namespace {

constexpr size_t kErrorsListed = 20;

// Text for a table cell: a '|' would end the cell and a newline the row;
// '<' would open HTML, which trackers render.
std::string Cell(std::string_view text) {
  return EscapeChars(
      text, {{'|', "\\|"}, {'\n', " "}, {'\r', " "}, {'<', "&lt;"}, {'>', "&gt;"}, {'`', "'"}});
}

// A code span in a cell: backticks cannot occur in it (Cell), pipes stay
// escaped (GFM tables split on them before code spans are read).
std::string Code(std::string_view text) { return "`" + Cell(text) + "`"; }

}  // namespace

std::string SummaryToMarkdown(const BatchSummary& summary) {
  const auto buckets = summary.Buckets();
  std::string out = "### crashsift summary\n\n";
  out += "**" + std::to_string(summary.inputs()) + "** inputs, **" +
         std::to_string(summary.failed()) + "** failed, **" + std::to_string(buckets.size()) +
         "** buckets (bucket algorithm " + std::string(pipeline::kBucketAlgorithm);
  if (!summary.mapped_from().empty()) out += ", ids mapped from " + summary.mapped_from();
  out += ")\n\n";
  out += "| count | bucket | kernels | ZFS | first seen | last seen | example |\n";
  out += "|---:|---|---|---|---|---|---|\n";
  for (const SummaryBucket* b : buckets) {
    std::string bucket = "**" + Cell(b->title) + "**";
    if (!b->signature.empty()) bucket += " (" + Code(b->signature) + ")";
    bucket += "<br>" + Code(b->key) + "<br>" + Code(b->id);
    for (const auto& [old_id, n] : b->previous_ids) bucket += "<br>was " + Code(old_id);
    out += "| " + std::to_string(b->count) + " | " + bucket + " | " + Cell(SpreadText(b->kernels)) +
           " | " + Cell(SpreadText(b->zfs)) + " | " +
           Cell(SeenText(b->first_time, b->first_input)) + " | " +
           Cell(SeenText(b->last_time, b->last_input)) + " | " + Code(b->examples.front()) + " |\n";
  }
  if (!summary.errors().empty()) {
    out +=
        "\n<details><summary>" + std::to_string(summary.failed()) + " failed inputs</summary>\n\n";
    for (size_t i = 0; i < summary.errors().size() && i < kErrorsListed; ++i) {
      out += "- " + Code(summary.errors()[i]) + "\n";
    }
    if (summary.errors().size() > kErrorsListed) {
      out += "- ... (" + std::to_string(summary.errors().size() - kErrorsListed) + " more)\n";
    }
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace crashsift::batch
