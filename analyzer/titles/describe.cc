#include "analyzer/titles/describe.h"

#include <algorithm>

#include "analyzer/core/text.h"
#include "analyzer/titles/frame_extraction.h"

namespace crashsift::titles {
namespace {

constexpr char kNoFrames[] = "extracted no frames";
constexpr int kStackSearchLines = 15;

struct Match {
  size_t begin = 0;
  std::vector<std::string> captures;
};

bool Search(const RE2& re, std::string_view text, Match* out) {
  int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> m(groups + 1);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                m.data(), groups + 1)) {
    return false;
  }
  out->begin = static_cast<size_t>(m[0].data() - text.data());
  out->captures.clear();
  for (int i = 1; i <= groups; ++i) out->captures.emplace_back(m[i].data(), m[i].size());
  return true;
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

// Alternative titles from the raw frame names and from each single stripped
// prefix, so "__sys_sendmsg" and "sendmsg" titles still meet.
void AddPartiallyStripped(const TitleTable& table, const TitleFormat& format,
                          const std::vector<std::string>& captures,
                          const std::vector<ExtractedFrame>& frames, const std::string& title,
                          std::vector<std::string>& alts) {
  for (size_t i = 0; i <= table.strip_prefixes.size(); ++i) {
    std::vector<std::string> args = captures;
    bool add = i == 0;
    for (const auto& frame : frames) {
      std::string trimmed = frame.raw;
      if (i > 0) {
        const std::string& prefix = table.strip_prefixes[i - 1];
        if (trimmed.compare(0, prefix.size(), prefix) == 0) {
          trimmed.erase(0, prefix.size());
          add = true;
        }
      }
      args.push_back(std::move(trimmed));
    }
    if (!add) continue;
    std::string alt = FillTemplate(format.template_text, args);
    if (alt != title) AddUnique(alts, alt);
    for (const auto& tmpl : format.alt_templates) AddUnique(alts, FillTemplate(tmpl, args));
  }
}

}  // namespace

std::string FillTemplate(std::string_view tmpl, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9' &&
        tmpl[i + 2] == '}') {
      size_t index = static_cast<size_t>(tmpl[i + 1] - '1');
      if (index < args.size()) out += args[index];
      i += 2;
      continue;
    }
    out.push_back(tmpl[i]);
  }
  return out;
}

Description Describe(const TitleTable& table, const OopsMarker& oops, std::string_view text) {
  Description d;
  size_t best = text.size() + 1;
  bool matched_title = false;
  for (const auto& format : oops.formats) {
    Match title_match;
    if (!Search(*format.title, text, &title_match) || title_match.begin > best) continue;
    if (title_match.begin == best && !d.title.empty()) continue;  // earlier format wins ties
    if (title_match.begin < best) {
      d = Description{};
      best = title_match.begin;
    }
    matched_title = true;
    Match match = title_match;
    if (format.report && !Search(*format.report, text, &match)) continue;
    std::vector<ExtractedFrame> frames;
    std::string corrupted;
    if (!format.recipe.Empty()) {
      FrameExtraction extraction = ExtractFrames(table, format.recipe, text.substr(match.begin));
      frames = std::move(extraction.frames);
      if (!extraction.ok) corrupted = kNoFrames;
    }
    std::vector<std::string> args = match.captures;
    for (const auto& frame : frames) args.push_back(frame.canonical);
    d.title = FillTemplate(format.template_text, args);
    for (const auto& tmpl : format.alt_templates) AddUnique(d.alt_titles, FillTemplate(tmpl, args));
    AddPartiallyStripped(table, format, match.captures, frames, d.title, d.alt_titles);
    d.corrupted_reason = corrupted;
    d.format = &format;
  }
  if (d.title.empty()) {
    // No usable format: the raw line from the marker on is the title.
    d = Description{};
    if (matched_title) d.corrupted_reason = "matched title but not report regexp";
    size_t pos = text.find(oops.marker);
    if (pos == std::string_view::npos) return d;
    size_t end = text.find('\n', pos);
    d.title = std::string(text.substr(pos, end == std::string_view::npos ? end : end - pos));
  }
  if (d.corrupted_reason.empty() && d.format != nullptr && d.format->corrupted) {
    d.corrupted_reason = "report format is marked as corrupted";
  }
  return d;
}

std::string CorruptionReason(const TitleTable& table, const Description& description,
                             std::string_view full_text) {
  for (const auto& re : table.corrupted_titles) {
    if (RE2::PartialMatch(description.title, *re)) return "title matches corrupted regexp";
  }
  if (description.format == nullptr || description.format->no_stack_trace) return "";
  // Every stack keyword (Call Trace, Allocated by, backtrace:) must be followed
  // by a frame within a few lines, and there must be at least one stack.
  bool has_stack = false;
  for (const auto& key : table.stack_starts) {
    re2::StringPiece m;
    if (!key->Match(re2::StringPiece(full_text.data(), full_text.size()), 0, full_text.size(),
                    RE2::UNANCHORED, &m, 1)) {
      continue;
    }
    std::vector<std::string_view> lines =
        text::SplitLines(full_text.substr(static_cast<size_t>(m.data() - full_text.data())));
    if (lines.size() < 4) return "call trace is missed";
    bool missing = true;
    for (size_t i = 1; i <= kStackSearchLines && i < lines.size(); ++i) {
      bool next_stack =
          std::any_of(table.stack_starts.begin(), table.stack_starts.end(),
                      [&](const auto& re) { return RE2::PartialMatch(lines[i], *re); });
      if (next_stack) break;
      bool frame = lines[i].find("(stack is not available)") != std::string_view::npos ||
                   std::any_of(table.frame_patterns.begin(), table.frame_patterns.end(),
                               [&](const auto& re) { return RE2::PartialMatch(lines[i], *re); });
      if (frame) {
        has_stack = true;
        missing = false;
        break;
      }
    }
    bool required =
        std::find(table.stack_starts_not_required.begin(), table.stack_starts_not_required.end(),
                  key.get()) == table.stack_starts_not_required.end();
    if (required && missing) return "no frames in a stack trace";
  }
  if (!has_stack) return "no stack trace in report";
  return "";
}

std::string TitleType(const TitleTable& table, std::string_view title) {
  for (const auto& rule : table.types) {
    for (const auto& prefix : rule.prefixes) {
      if (title.substr(0, prefix.size()) == prefix) return rule.type;
    }
  }
  return "";
}

}  // namespace crashsift::titles
