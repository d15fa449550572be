#include "analyzer/titles/event_titles.h"

#include <optional>
#include <string_view>
#include <vector>

#include "analyzer/events/event_kind.h"
#include "analyzer/titles/demangle.h"
#include "analyzer/titles/frame_extraction.h"
#include "analyzer/titles/normalize.h"
#include "analyzer/titles/report_scanner.h"
#include "analyzer/titles/title_table.h"

namespace crashsift::titles {
namespace {

// The event's lines as a console report, so any oops marker in them is
// titled by the report rules.
std::optional<CrashReport> ScanEventLines(const events::Event& event) {
  ReportScanner scanner;
  scanner.KeepText(false);  // only the title is read
  uint64_t number = 0;
  for (const auto& line : event.lines) {
    kernel_log::LogRecord record;
    record.text = line.text;
    record.line = record.last_line = ++number;
    scanner.Add(record);
  }
  std::vector<CrashReport> reports = scanner.Finish();
  if (reports.empty()) return std::nullopt;
  return std::move(reports.front());
}

std::string FrameName(const events::StackFrame& frame) {
  const std::string& name =
      frame.normalized_function.empty() ? frame.function : frame.normalized_function;
  return DemangleNoParams(name);
}

// Guilty frame of the event with `rule`'s extractor and skip list; "" if none.
std::string GuiltyFrame(const TitleTable& table, const EventTitleRule& rule,
                        const events::Event& event) {
  std::vector<std::string> frames;
  auto add = [&](const events::StackFrame& frame) {
    if (!frame.reliable) return;
    std::string name = FrameName(frame);
    if (name.empty() || rule.skip.Matches(name)) return;
    frames.push_back(StripSyscallPrefix(table, name));
  };
  if (rule.rip && event.rip_frame) add(*event.rip_frame);
  for (const auto& frame : event.frames) add(frame);
  std::string chosen;
  if (ChooseFrame(table, rule.extractor, frames, &chosen) < 0) return "";
  return chosen;
}

// Expands `rule`'s placeholders; nullopt when one of them has no value.
std::optional<std::string> Expand(const TitleTable& table, const EventTitleRule& rule,
                                  const events::Event& event) {
  std::string_view tmpl = rule.template_text;
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out.push_back(tmpl[i]);
      continue;
    }
    size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) {
      out.append(tmpl.substr(i));
      break;
    }
    std::string_view name = tmpl.substr(i + 1, close - i - 1);
    std::string value;
    if (name == "frame") {
      value = GuiltyFrame(table, rule, event);
    } else if (name == "comm") {
      value = event.task.comm;
    } else if (name == "headline") {
      value = event.headline;
    } else if (name.substr(0, 7) == "detail:") {
      auto it = event.details.find(std::string(name.substr(7)));
      if (it != event.details.end()) value = it->second;
    }
    if (value.empty()) return std::nullopt;
    out += value;
    i = close;
  }
  return out;
}

}  // namespace

EventTitle TitleForEvent(const events::Event& event) {
  EventTitle out;
  if (std::optional<CrashReport> report = ScanEventLines(event)) {
    out.title = report->title;
    out.corrupted = report->corrupted;
    out.corrupted_reason = report->corrupted_reason;
  } else if (auto table = DefaultTitleTable(); table.has_value()) {
    std::string_view kind = events::ToString(event.kind);
    for (const auto& rule : (*table)->event_rules) {
      if (rule.kind != "*" && rule.kind != kind) continue;
      std::optional<std::string> title = Expand(**table, rule, event);
      if (!title) continue;
      out.title = NormalizeTitle(*title);
      if (out.title.empty()) continue;
      out.corrupted = rule.corrupted;
      out.crash = rule.crash;
      if (rule.corrupted) out.corrupted_reason = "no frame or detail to name the bug";
      break;
    }
  }
  if (out.title.empty()) out.title = std::string(events::ToString(event.kind));
  if (event.corrupted) {
    out.corrupted = true;
    if (out.corrupted_reason.empty()) out.corrupted_reason = event.corrupted_reason;
  }
  return out;
}

}  // namespace crashsift::titles
