// The summary as one self-contained HTML page: inline CSS, no script, no
// network resource (fonts, images, styles all local), so it can be mailed,
// attached to a bug or opened offline. Buckets as an inline SVG bar chart and
// a table; a table by kernel and OpenZFS version; links to example inputs.
// Stable ids and classes (bucket rows "tr.bucket", bars "rect.bar", the
// version table "#versions") are what tests and scripts read.
#include <algorithm>
#include <cctype>

#include "analyzer/batch/summary_fields.h"
#include "analyzer/batch/summary_format.h"

namespace crashsift::batch {
namespace {

constexpr size_t kBarsInChart = 40;
constexpr size_t kChartLabelChars = 70;
constexpr int kBarHeight = 18;
constexpr int kBarGap = 4;
constexpr int kLabelWidth = 520;
constexpr int kBarsWidth = 360;
constexpr size_t kBucketsPerVersionRow = 5;
constexpr size_t kReleasesPerCell = 8;

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:#f0f0f0}td.count{text-align:right;font-weight:bold}
code{font-size:.9em;word-break:break-all}.muted{color:#777}
svg text{font:12px system-ui,sans-serif}rect.bar{fill:#3b73b9}
)";

std::string Escape(std::string_view text) {
  return EscapeChars(
      text, {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}});
}

// An input path as a URL: the archive itself for a member ("a.tar!/m"),
// absolute paths as file: URLs, relative ones relative to the page (write the
// page where the batch ran). Bytes outside the unreserved set are %-encoded.
std::string InputUrl(std::string path) {
  if (size_t bang = path.find("!/"); bang != std::string::npos) path.resize(bang);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string url = path.starts_with("/") ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

std::string InputLink(const std::string& input) {
  return "<a class=\"example\" href=\"" + Escape(InputUrl(input)) + "\">" + Escape(input) + "</a>";
}

// "v1:0123..." -> "b-v1-0123...", an HTML id for links to the bucket's row.
std::string Anchor(const std::string& bucket_id) {
  std::string a = "b-" + bucket_id;
  std::replace(a.begin(), a.end(), ':', '-');
  return a;
}

std::string Shorten(const std::string& text, size_t chars) {
  if (text.size() <= chars) return text;
  size_t cut = chars;
  // Never in the middle of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string Chart(const std::vector<const SummaryBucket*>& buckets) {
  const size_t bars = std::min(buckets.size(), kBarsInChart);
  const size_t largest = buckets.empty() ? 1 : buckets.front()->count;
  const int height = static_cast<int>(bars) * (kBarHeight + kBarGap) + kBarGap;
  const int width = kLabelWidth + kBarsWidth + 60;
  std::string out = "<svg id=\"bucket-chart\" role=\"img\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) +
                    "\"><title>inputs per bucket</title>\n";
  for (size_t i = 0; i < bars; ++i) {
    const SummaryBucket& b = *buckets[i];
    const int y = kBarGap + static_cast<int>(i) * (kBarHeight + kBarGap);
    const int w = std::max<int>(1, static_cast<int>(kBarsWidth * b.count / largest));
    const std::string text_y = std::to_string(y + kBarHeight - 5);
    out += "<a href=\"#" + Anchor(b.id) + "\"><g class=\"bar\" data-bucket=\"" + Escape(b.id) +
           "\"><title>" + Escape(b.title) + "</title>";
    out += "<text x=\"" + std::to_string(kLabelWidth - 6) + "\" y=\"" + text_y +
           "\" text-anchor=\"end\">" + Escape(Shorten(b.title, kChartLabelChars)) + "</text>";
    out += "<rect class=\"bar\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" +
           std::to_string(y) + "\" width=\"" + std::to_string(w) + "\" height=\"" +
           std::to_string(kBarHeight) + "\" data-count=\"" + std::to_string(b.count) + "\"/>";
    out += "<text class=\"bar-count\" x=\"" + std::to_string(kLabelWidth + w + 4) + "\" y=\"" +
           text_y + "\">" + std::to_string(b.count) + "</text></g></a>\n";
  }
  out += "</svg>\n";
  if (buckets.size() > bars) {
    out += "<p class=\"muted\">" + std::to_string(buckets.size() - bars) +
           " smaller buckets are in the table only.</p>\n";
  }
  return out;
}

// "+3 more" on a line of its own, for the rows a cell leaves out.
std::string More(size_t n) {
  return "<br><span class=\"muted\">+" + std::to_string(n) + " more</span>";
}

// The most frequent releases; the rest are in the version table.
std::string SpreadCell(const std::map<std::string, size_t>& counts) {
  const auto sorted = ByCount(counts);
  std::string out;
  for (size_t i = 0; i < sorted.size() && i < kReleasesPerCell; ++i) {
    out += (i ? "<br>" : "") + Escape(ReleaseName(sorted[i].first)) + " &times;" +
           std::to_string(sorted[i].second);
  }
  if (sorted.size() > kReleasesPerCell) out += More(sorted.size() - kReleasesPerCell);
  return out;
}

std::string SeenCell(const std::optional<double>& time, const std::string& input) {
  return (time ? Escape(IsoTime(*time)) + "<br>" : std::string()) + InputLink(input);
}

std::string BucketTable(const std::vector<const SummaryBucket*>& buckets) {
  std::string out =
      "<table id=\"buckets\"><thead><tr><th>count</th><th>bucket</th><th>kernels</th>"
      "<th>ZFS</th><th>first seen</th><th>last seen</th><th>examples</th></tr></thead><tbody>\n";
  for (const SummaryBucket* b : buckets) {
    out += "<tr class=\"bucket\" id=\"" + Anchor(b->id) + "\" data-id=\"" + Escape(b->id) +
           "\" data-count=\"" + std::to_string(b->count) + "\">";
    out += "<td class=\"count\">" + std::to_string(b->count) + "</td>";
    out += "<td><b class=\"title\">" + Escape(b->title) + "</b>";
    if (!b->signature.empty())
      out += " <span class=\"signature\">[" + Escape(b->signature) + "]</span>";
    out += "<br><code class=\"key\">" + Escape(b->key) + "</code><br><code class=\"id\">" +
           Escape(b->id) + "</code>";
    for (const auto& [old_id, n] : b->previous_ids) {
      out += "<br><span class=\"previous-id\">was <code>" + Escape(old_id) + "</code> &times;" +
             std::to_string(n) + "</span>";
    }
    out += "</td><td>" + SpreadCell(b->kernels) + "</td><td>" + SpreadCell(b->zfs) + "</td>";
    out += "<td>" + SeenCell(b->first_time, b->first_input) + "</td><td>" +
           SeenCell(b->last_time, b->last_input) + "</td><td>";
    for (size_t i = 0; i < b->examples.size(); ++i) {
      out += (i ? "<br>" : "") + InputLink(b->examples[i]);
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string VersionTable(const BatchSummary& summary) {
  std::string out =
      "<table id=\"versions\"><thead><tr><th>kernel</th><th>ZFS</th><th>inputs</th>"
      "<th>buckets</th></tr></thead><tbody>\n";
  for (const VersionRow& row : VersionRows(summary)) {
    out += "<tr class=\"version\"><td>" + Escape(ReleaseName(row.kernel)) + "</td><td>" +
           Escape(ReleaseName(row.zfs)) + "</td><td class=\"count\">" + std::to_string(row.inputs) +
           "</td><td>";
    for (size_t i = 0; i < row.buckets.size() && i < kBucketsPerVersionRow; ++i) {
      const auto& [b, n] = row.buckets[i];
      out += (i ? "<br>" : "") + std::to_string(n) + " &times; <a href=\"#" + Anchor(b->id) +
             "\">" + Escape(b->title) + "</a>";
    }
    if (row.buckets.size() > kBucketsPerVersionRow) {
      out += More(row.buckets.size() - kBucketsPerVersionRow);
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::string SummaryToHtml(const BatchSummary& summary) {
  const auto buckets = summary.Buckets();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"generator\" content=\"crashsift " CRASHSIFT_VERSION
      "\">\n"
      "<title>crashsift summary</title><style>";
  out += kStyle;
  out += "</style></head><body>\n<h1>crashsift summary</h1>\n<p id=\"totals\">";
  out += "<span id=\"inputs\">" + std::to_string(summary.inputs()) + "</span> inputs, " +
         "<span id=\"failed\">" + std::to_string(summary.failed()) + "</span> failed, " +
         "<span id=\"bucket-count\">" + std::to_string(buckets.size()) + "</span> buckets " +
         "(bucket algorithm " + std::string(pipeline::kBucketAlgorithm);
  if (!summary.mapped_from().empty()) out += ", ids mapped from " + Escape(summary.mapped_from());
  out += ")</p>\n<h2>Buckets</h2>\n";
  out += Chart(buckets);
  out += BucketTable(buckets);
  out += "<h2>By kernel and ZFS version</h2>\n";
  out += VersionTable(summary);
  if (!summary.errors().empty()) {
    out += "<h2>Failed inputs</h2>\n<ul id=\"errors\">\n";
    for (const std::string& e : summary.errors())
      out += "<li><code>" + Escape(e) + "</code></li>\n";
    out += "</ul>\n";
  }
  return out + "</body></html>\n";
}

}  // namespace crashsift::batch
