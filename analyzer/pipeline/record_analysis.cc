#include "analyzer/pipeline/record_analysis.h"

#include <algorithm>
#include <iterator>

#include "analyzer/diagnosis/diagnoser.h"
#include "analyzer/symbols/frame_symbolization.h"
#include "analyzer/titles/event_titles.h"
#include "analyzer/titles/native_title.h"

namespace crashsift::pipeline {
namespace {

// Gives each event its title: the syzkaller-compatible report title when a
// report starts inside the event's lines (the scanner knows the whole title
// grammar), else the title built from the event's own kind and frames
// (titles::TitleForEvent; kinds that are errors rather than crashes, such as
// I/O errors and OOM kills, keep an empty title). A report that starts in no
// event (markers the splitter has no headline for, such as "VFS: Busy inodes
// after unmount" or syzkaller's SYZFAIL) becomes an event of its own, so no
// crash the scanner found is lost.
//
// When the splitter dropped events (too many), reports from where the first
// dropped event began on are dropped too: their events were counted, not kept.
void AssignTitles(std::vector<events::Event>& events,
                  const std::vector<titles::CrashReport>& reports,
                  const events::SplitResult& split) {
  std::vector<bool> used(reports.size(), false);
  size_t r = 0;
  uint64_t previous_last = 0;  // last line of the events before this one
  for (auto& e : events) {
    // A report whose marker comes a few lines before the event, in lines no
    // other event holds, and which runs into the event, is the same crash:
    // ARM's "Unable to handle kernel paging request" before "Internal error:
    // Oops", syz-manager's "BUG: memory leak" before kmemleak's
    // "unreferenced object" (syzkaller reports 243 and 151).
    size_t leading = reports.size();
    while (r < reports.size() && reports[r].first_line < e.first_line) {
      if (!used[r] && reports[r].first_line > previous_last &&
          reports[r].last_line >= e.first_line) {
        leading = r;
      }
      ++r;
    }
    previous_last = std::max(previous_last, e.last_line);
    size_t pick = leading;
    if (pick == reports.size() && r < reports.size() && reports[r].first_line <= e.last_line) {
      pick = r;
    }
    if (pick < reports.size()) {
      e.title = reports[pick].title;
      e.crash = true;
      e.corrupted = reports[pick].corrupted;
      e.corrupted_reason = reports[pick].corrupted_reason;
      used[pick] = true;
      for (size_t i = r; i < reports.size() && reports[i].first_line <= e.last_line; ++i) {
        used[i] = true;
      }
      continue;
    }
    // Events that are no crash (I/O errors, blocked tasks) get a title too,
    // but no `crash` flag: the first crash, not they, names the input.
    titles::EventTitle title = titles::TitleForEvent(e);
    e.title = title.title;
    e.crash = title.crash;
    if (!title.crash) continue;
    e.corrupted = e.corrupted || title.corrupted;
    if (e.corrupted_reason.empty()) e.corrupted_reason = title.corrupted_reason;
  }
  std::vector<events::Event> extra;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (used[i]) continue;
    const titles::CrashReport& report = reports[i];
    if (split.events_capped && (report.boot > split.first_dropped_boot ||
                                (report.boot == split.first_dropped_boot &&
                                 report.first_line >= split.first_dropped_line))) {
      continue;
    }
    events::Event e;
    e.kind = events::EventKind::kOther;
    e.title = report.title;
    e.crash = true;
    e.headline = report.headline;
    e.corrupted = report.corrupted;
    e.corrupted_reason = report.corrupted_reason;
    e.first_line = report.first_line;
    e.last_line = report.last_line;
    e.boot = report.boot;
    e.lines.push_back({report.first_line, report.headline});
    extra.push_back(std::move(e));
  }
  if (extra.empty()) return;
  std::vector<events::Event> merged;
  merged.reserve(events.size() + extra.size());
  std::merge(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()),
             std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()),
             std::back_inserter(merged), [](const events::Event& a, const events::Event& b) {
               return a.boot < b.boot || (a.boot == b.boot && a.first_line < b.first_line);
             });
  events = std::move(merged);
}

}  // namespace

void RecordAnalysis::Finish(AnalysisReport& report, const SourceFactsMerger& merge_source_facts) {
  events::SplitResult split = splitter_.Finish();
  std::vector<titles::CrashReport> reports = scanner_.Finish();
  report.records = split.records;
  AssignTitles(split.events, reports, split);
  for (auto& e : outside_) {
    bool reported = false;
    for (const auto& seen : split.events) {
      reported = reported || ((seen.kind == events::EventKind::kHungTask ||
                               seen.kind == events::EventKind::kBlockedTask) &&
                              seen.task.pid && seen.task.pid == e.task.pid);
    }
    if (reported) continue;
    e.boot = split.systems.empty() ? 0 : static_cast<uint32_t>(split.systems.size() - 1);
    e.first_line = e.last_line = split.records;
    for (auto& line : e.lines) line.line = split.records;
    for (auto& f : e.frames) f.line = split.records;
    split.events.push_back(std::move(e));
  }
  // Counted once the list is final: reports without a splitter event and the
  // dump's blocked tasks are listed too, so they are among "the first N".
  if (split.events_capped) {
    uint64_t dropped = 0;
    std::string kinds;
    for (const auto& [kind, count] : split.dropped) {
      dropped += count;
      kinds += kinds.empty() ? " (" : ", ";
      kinds += std::to_string(count) + " " + std::string(events::ToString(kind));
    }
    if (!kinds.empty()) kinds += ")";
    report.warnings.push_back(
        {report.input, std::nullopt,
         "too many events; only the first " + std::to_string(split.events.size()) +
             " are reported; " + std::to_string(dropped) + " more were counted, not kept" + kinds});
  }
  if (split.boots_seen > events::EventSplitter::kMaxBoots) {
    const uint32_t last = events::EventSplitter::kMaxBoots - 1;
    report.warnings.push_back({report.input, std::nullopt,
                               "too many boots; " + std::to_string(split.boots_seen) +
                                   " were seen, only the first " + std::to_string(last + 1) +
                                   " are told apart; the last " +
                                   std::to_string(split.boots_seen - last) +
                                   " are reported as one (boot " + std::to_string(last) + ")"});
  }
  if (merge_source_facts) {
    for (events::SystemFacts& system : split.systems) merge_source_facts(system);
  }
  for (auto& e : split.events) {
    e.native_title = titles::NativeTitle(e);
    e.damage = titles::Damage(e);
  }

  for (uint32_t b = 0; b < split.systems.size(); ++b) {
    BootInfo info;
    info.index = b;
    info.system = split.systems[b];
    report.boots.push_back(std::move(info));
  }
  for (const auto& e : split.events) {
    if (e.boot >= report.boots.size()) continue;
    auto& boot = report.boots[e.boot];
    if (boot.first_line == 0 || e.first_line < boot.first_line) boot.first_line = e.first_line;
    boot.last_line = std::max(boot.last_line, e.last_line);
  }
  // The system of interest: the boot of the first crash, else the last boot.
  if (!report.boots.empty()) {
    uint32_t pick = static_cast<uint32_t>(report.boots.size() - 1);
    for (const auto& e : split.events) {
      if (e.crash && e.boot < report.boots.size()) {
        pick = e.boot;
        break;
      }
    }
    report.system = report.boots[pick].system;
  }
  report.events = std::move(split.events);

  if (options_.symbolizer != nullptr) {
    std::vector<std::string> releases;
    for (const auto& system : split.systems) releases.push_back(system.kernel_release);
    for (auto& w :
         symbols::SymbolizeEvents(*options_.symbolizer, report.events, releases, report.input))
      report.warnings.push_back(std::move(w));
  }

  if (options_.signatures != nullptr) {
    auto outcome = diagnosis::Diagnose(
        *options_.signatures, report.events, split.systems,
        {options_.explain, report.format.starts_with("vmcore") ? "record" : "line"});
    if (!outcome) {
      report.warnings.push_back(
          {report.input, std::nullopt, "signature matching failed: " + outcome.error().reason});
    } else {
      report.diagnoses = std::move(outcome->diagnoses);
      report.near_misses = std::move(outcome->near_misses);
      report.collect_next = std::move(outcome->collect_next);
    }
  }
}

}  // namespace crashsift::pipeline
