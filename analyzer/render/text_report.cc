#include "analyzer/render/text_report.h"

#include <cstdio>
#include <ctime>
#include <set>

#include "analyzer/core/text.h"

namespace crashsift::render {
namespace {

std::string Format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

// Prefixes every line of `text` (trimmed of surrounding newlines) with `prefix`.
std::string Indent(std::string_view text, std::string_view prefix) {
  std::string out;
  for (std::string_view line : text::SplitLines(text::Trim(text, "\n", "\n "))) {
    out += std::string(prefix) + std::string(line) + "\n";
  }
  return out;
}

std::string LineRef(const pipeline::AnalysisReport& report, uint64_t line) {
  // vmcore records are numbered by sequence, text inputs by line.
  return (report.format.rfind("vmcore", 0) == 0 ? "record " : "line ") + std::to_string(line);
}

// What a vmcore adds (events::DumpFacts):
// "dump     crashed 2026-11-24 13:39:52 UTC; panic CPU 1, pid 1, RIP ...".
void AppendDumpFacts(std::string& out, const events::SystemFacts& s) {
  if (!s.dump || s.dump->osrelease.empty()) return;
  const events::DumpFacts& d = *s.dump;
  out += "         dump    ";
  if (s.crash_time) {
    std::time_t t = static_cast<std::time_t>(*s.crash_time);
    std::tm utc{};
    char when[32] = "";
    if (gmtime_r(&t, &utc)) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);
    out += std::string(" crashed ") + when + ";";
  }
  if (d.panic_cpu) out += " panic CPU " + std::to_string(*d.panic_cpu);
  if (const auto& regs = d.panic_regs) {
    out += ", pid " + std::to_string(regs->pid) + (regs->arm64 ? ", PC " : ", RIP ") +
           RegisterHex(regs->ip) + (regs->arm64 ? ", SP " : ", RSP ") + RegisterHex(regs->sp);
  }
  if (d.vmcoreinfo_source == "memory-scan") out += " (VMCOREINFO recovered by scanning memory)";
  out += "\n";
}

void AppendSystem(std::string& out, const events::SystemFacts& s) {
  out +=
      "System:  kernel " + (s.kernel_release.empty() ? std::string("unknown") : s.kernel_release);
  if (!s.arch.empty()) out += " (" + s.arch + ")";
  if (!s.zfs_release.empty()) {
    out += ", OpenZFS " + s.zfs_release;
  } else if (s.zfs_loaded) {
    out += ", OpenZFS loaded (version not in log)";
  }
  out += "\n";
  if (!s.hardware.empty()) out += "         hardware " + s.hardware + "\n";
  AppendDumpFacts(out, s);
  if (s.tainted) {
    out += "         tainted " + s.taint;
    for (const auto& f : s.taint_flags)
      out += "\n           " + std::string(1, f.letter) + ": " + f.meaning;
    out += "\n";
  }
}

// The title for people: native (no syzkaller "corrupted" placeholder).
std::string EventTitle(const events::Event& e) {
  if (!e.native_title.empty()) return e.native_title;
  return e.title.empty() ? e.headline : e.title;
}

// One end of a cause-chain link: "BUG: soft lockup in lab_spin_locked [labcrash] (line 411)".
std::string ChainEnd(const pipeline::AnalysisReport& report, const events::Event& e) {
  return EventTitle(e) + " (" + LineRef(report, e.first_line) + ")";
}

// "fs/open.c:123:9", "fs/open.c:123", "fs/open.c" (what is known).
std::string SourcePosition(const events::SourceLocation& at) {
  std::string text = at.file.empty() ? "??" : at.file;
  if (at.line != 0) text += ":" + std::to_string(at.line);
  if (at.line != 0 && at.column != 0) text += ":" + std::to_string(at.column);
  return text;
}

void AppendEvent(std::string& out, const pipeline::AnalysisReport& report, const events::Event& e,
                 const TextOptions& options, const char* indent) {
  out += indent;
  out += "- " + EventTitle(e);
  out += "  [" + std::string(events::ToString(e.kind));
  if (e.time) out += Format(", t=%.6f", *e.time);
  if (!e.task.comm.empty()) {
    out += ", " + e.task.comm;
    if (e.task.pid) out += ":" + std::to_string(*e.task.pid);
  }
  if (e.cpu) out += ", CPU " + std::to_string(*e.cpu);
  out += ", " + LineRef(report, e.first_line);
  if (e.last_line > e.first_line) out += "-" + std::to_string(e.last_line);
  out += "]";
  // syzkaller's corrupted verdict stays in the JSON; people see only damage.
  if (!e.damage.empty()) out += " (corrupted: " + e.damage + ")";
  out += "\n";
  size_t shown = 0;
  for (const auto& f : e.frames) {
    if (shown == options.max_frames) {
      out += std::string(indent) + "      ... " + std::to_string(e.frames.size() - shown) +
             " more frames\n";
      break;
    }
    // Inlined callees first, as syzbot prints them: the trace reads innermost first.
    for (size_t i = 0; i + 1 < f.source.size(); ++i) {
      out += std::string(indent) + "      " + (f.reliable ? "" : "? ") + f.source[i].function +
             "  " + SourcePosition(f.source[i]) + " [inline]\n";
    }
    out += std::string(indent) + "      " + (f.reliable ? "" : "? ") + f.function;
    if (!f.module.empty()) out += " [" + f.module + "]";
    if (!f.source.empty()) out += "  " + SourcePosition(f.source.back());
    out += "\n";
    ++shown;
  }
}

// One diagnosis with its events, chain, evidence, victims and advice; the
// events it explains go into `explained`.
void AppendDiagnosis(std::string& out, const pipeline::AnalysisReport& report,
                     const diagnosis::Diagnosis& d, const TextOptions& options,
                     std::set<size_t>& explained) {
  out += "\nDIAGNOSIS: " + d.title + "\n";
  out += "  signature:  " + d.signature + Format("   confidence: %.2f", d.confidence) + "\n";
  out += "  affected:   " + std::string(diagnosis::ToString(d.affected));
  if (!d.affected_reason.empty()) out += " — " + d.affected_reason;
  out += "\n";
  if (!d.event_indexes.empty()) {
    out += "  event:\n";
    for (size_t i : d.event_indexes) {
      if (i < report.events.size()) AppendEvent(out, report, report.events[i], {false, 3, 0}, "  ");
    }
  }
  if (!d.chain.empty()) {
    out += "  cause chain:\n";
    for (const auto& l : d.chain) {
      if (l.cause >= report.events.size() || l.effect >= report.events.size()) continue;
      out += "    " + ChainEnd(report, report.events[l.cause]) + "\n      -> " +
             ChainEnd(report, report.events[l.effect]) + ": " + l.relation + "\n";
    }
  }
  if (!d.summary.empty()) out += "  what happened:\n" + Indent(d.summary, "    ");
  if (!d.reasons.empty()) {
    out += "  why:\n";
    for (const auto& r : d.reasons) out += "    + " + r + "\n";
    for (const auto& r : d.missed) out += "    - " + r + "\n";
  }
  if (!d.evidence.empty()) {
    out += "  evidence:\n";
    for (size_t i = 0; i < d.evidence.size() && i < options.max_evidence; ++i) {
      char num[24];
      std::snprintf(num, sizeof num, "%8llu", static_cast<unsigned long long>(d.evidence[i].line));
      out += std::string("    ") + num + " | " + d.evidence[i].text + "\n";
    }
    if (d.evidence.size() > options.max_evidence)
      out +=
          "    ... " + std::to_string(d.evidence.size() - options.max_evidence) + " more lines\n";
  }
  // Victims that are effects in the cause chain (a policy panic) are what
  // the cause led to, not tasks blocked behind it.
  std::set<size_t> effects;
  for (const auto& l : d.chain) effects.insert(l.effect);
  for (bool effect : {false, true}) {
    bool header = false;
    for (size_t v : d.victim_indexes) {
      if (v >= report.events.size() || effects.count(v) != (effect ? 1u : 0u)) continue;
      if (!header) {
        out += effect ? "  effects (what it led to):\n" : "  symptoms (blocked behind it):\n";
        header = true;
      }
      AppendEvent(out, report, report.events[v], {false, 0, 0}, "    ");
      explained.insert(v);
    }
  }
  if (!d.actions.empty()) {
    out += "  actions:\n";
    int n = 0;
    for (const auto& a : d.actions) {
      out += "    " + std::to_string(++n) + ". " +
             (a.applies ? "" : "[no longer applies: " + a.why_not + "] ") + a.text + "\n";
    }
  }
  if (!d.collect_next.empty()) {
    out += "  collect next:\n";
    for (const auto& c : d.collect_next) out += "    * " + c + "\n";
  }
  if (!d.references.empty()) {
    out += "  references:\n";
    for (const auto& r : d.references) out += "    " + r + "\n";
  }
  explained.insert(d.event_indexes.begin(), d.event_indexes.end());
}

}  // namespace

std::string RegisterHex(uint64_t value) {
  char hex[19];
  std::snprintf(hex, sizeof hex, "0x%016llx", static_cast<unsigned long long>(value));
  return hex;
}

std::string RenderText(const pipeline::AnalysisReport& report, const TextOptions& options) {
  std::string out = "== " + report.input;
  if (!report.format.empty())
    out +=
        " (" + report.format + (report.compression.empty() ? "" : ", " + report.compression) + ")";
  out += "\n";
  for (const auto& e : report.errors) out += "error: " + e.OneLine() + "\n";
  if (!report.errors.empty() && report.records == 0) return out;
  AppendSystem(out, report.system);
  if (report.boots.size() > 1)
    out += "         " + std::to_string(report.boots.size()) + " boots in this input\n";

  std::set<size_t> explained;
  for (const auto& d : report.diagnoses) AppendDiagnosis(out, report, d, options, explained);

  std::string rest;
  for (size_t i = 0; i < report.events.size(); ++i) {
    if (!explained.count(i)) AppendEvent(rest, report, report.events[i], options, "  ");
  }
  if (!rest.empty()) {
    out += report.diagnoses.empty() ? "\nNo known problem matched. Events:\n" : "\nOther events:\n";
    out += rest;
  } else if (report.events.empty()) {
    out += "\nNo crash, hang or error event found in " + std::to_string(report.records) +
           " log records.\n";
  }
  if (!report.collect_next.empty()) {
    out += report.format.rfind("vmcore", 0) == 0
               ? "\nCollect next (to read this dump further):\n"
               : "\nCollect next (the log does not say enough):\n";
    for (const auto& c : report.collect_next) out += "  * " + c + "\n";
  }
  if (options.explain && !report.near_misses.empty()) {
    out += "\nRuled out:\n";
    for (const auto& n : report.near_misses) {
      out += "  " + n.signature + ":\n";
      for (const auto& r : n.reasons) out += "    - " + r + "\n";
    }
  }
  for (const auto& w : report.warnings)
    out += "warning: " + (w.path.empty() ? "" : w.path + ": ") + w.message + "\n";
  return out;
}

}  // namespace crashsift::render
