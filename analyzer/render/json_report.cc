#include "analyzer/render/json_report.h"

#include <cmath>
#include <map>
#include <type_traits>

#include "analyzer/pipeline/report_bucket.h"
#include "analyzer/render/text_report.h"

namespace crashsift::render {
namespace {

// Every object below lists its members in ascending key order (JsonWriter's
// contract): the order nlohmann's std::map gave them when the report was a tree.

template <class T>
void OptionalNumber(JsonWriter& w, std::string_view key, const std::optional<T>& v) {
  w.Key(key);
  if (!v) {
    w.Null();
  } else if constexpr (std::is_same_v<T, double>) {
    w.Double(*v);
  } else if constexpr (std::is_signed_v<T>) {
    w.Int(*v);
  } else {
    w.Uint(*v);
  }
}

void Lines(JsonWriter& w, uint64_t first, uint64_t last) {
  w.Key("lines");
  w.BeginArray();
  w.Uint(first);
  w.Uint(last);
  w.EndArray();
}

void WriteSource(JsonWriter& w, const std::vector<events::SourceLocation>& source) {
  w.Key("source");
  w.BeginArray();
  for (const auto& at : source) {
    w.BeginObject();
    w.Key("column");
    at.column == 0 ? w.Null() : w.Uint(at.column);
    w.Member("file", at.file);
    w.StringOrNull("function", at.function);
    w.Member("inlined", at.inlined);
    w.Key("line");
    at.line == 0 ? w.Null() : w.Uint(at.line);
    w.EndObject();
  }
  w.EndArray();
}

void WriteFrame(JsonWriter& w, const events::StackFrame& f) {
  w.BeginObject();
  if (f.address) w.Member("address", *f.address);
  if (!f.context.empty()) w.Member("context", f.context);
  w.Member("function", f.function);
  w.StringOrNull("module", f.module);
  if (!f.module_build_id.empty()) w.Member("module_build_id", f.module_build_id);
  if (f.normalized_function != f.function && !f.normalized_function.empty())
    w.Member("normalized_function", f.normalized_function);
  OptionalNumber(w, "offset", f.offset);
  w.Member("reliable", f.reliable);
  OptionalNumber(w, "size", f.size);
  if (!f.source.empty()) WriteSource(w, f.source);
  w.EndObject();
}

void WriteEvidence(JsonWriter& w, const std::vector<events::EvidenceLine>& lines) {
  w.Key("evidence");
  w.BeginArray();
  for (const auto& l : lines) {
    w.BeginObject();
    w.Member("line", l.line);
    w.Member("text", l.text);
    w.EndObject();
  }
  w.EndArray();
}

void WriteStringMap(JsonWriter& w, std::string_view key,
                    const std::map<std::string, std::string>& map) {
  w.Key(key);
  w.BeginObject();
  for (const auto& [k, v] : map) w.Member(k, v);  // std::map: already in key order
  w.EndObject();
}

// A dump's facts under the "extra" keys reports have always used.
std::map<std::string, std::string> DumpFactsMap(const events::DumpFacts& d) {
  std::map<std::string, std::string> m = {{"vmcore.osrelease", d.osrelease},
                                          {"vmcore.arch", d.arch},
                                          {"vmcore.vmcoreinfo_source", d.vmcoreinfo_source},
                                          {"vmcore.ring_layout", d.ring_layout},
                                          {"vmcore.page_size", std::to_string(d.page_size)},
                                          {"vmcore.cpus", std::to_string(d.cpus)}};
  if (d.panic_cpu) m["vmcore.panic_cpu"] = std::to_string(*d.panic_cpu);
  if (d.panic_regs) {
    m["vmcore.panic_regs.pid"] = std::to_string(d.panic_regs->pid);
    for (const auto& [name, value] : d.panic_regs->named)
      m["vmcore.panic_regs." + name] = RegisterHex(value);
  }
  return m;
}

void WriteSystem(JsonWriter& w, const events::SystemFacts& s) {
  w.Key("system");
  w.BeginObject();
  w.StringOrNull("arch", s.arch);
  if (!s.command_line.empty()) w.Member("command_line", s.command_line);
  if (s.crash_time) {
    w.Key("crash_time");
    w.Double(*s.crash_time);
  }
  if (!s.distribution.empty()) w.Member("distribution", s.distribution);
  if (s.dump) WriteStringMap(w, "extra", DumpFactsMap(*s.dump));
  w.StringOrNull("hardware", s.hardware);
  w.StringOrNull("kernel", s.kernel_release);
  if (!s.modules.empty()) w.Strings("modules", s.modules);
  if (!s.spl_release.empty()) w.Member("spl", s.spl_release);
  if (!s.taint.empty()) w.Member("taint", s.taint);
  if (!s.taint_flags.empty()) {
    w.Key("taint_flags");
    w.BeginArray();
    for (const auto& f : s.taint_flags) {
      w.BeginObject();
      w.Member("flag", std::string_view(&f.letter, 1));
      w.Member("meaning", f.meaning);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("tainted", s.tainted);
  w.StringOrNull("zfs", s.zfs_release);
  if (s.zfs_loaded) w.Member("zfs_loaded", true);
  w.EndObject();
}

void WriteEvent(JsonWriter& w, const events::Event& e) {
  w.BeginObject();
  w.Member("boot", e.boot);
  if (e.corrupted) {
    w.Member("corrupted", true);
    w.Member("corrupted_reason", e.corrupted_reason);
  }
  OptionalNumber(w, "cpu", e.cpu);
  w.Member("crash", e.crash);
  if (!e.damage.empty()) w.Member("damage", e.damage);
  if (!e.details.empty()) WriteStringMap(w, "details", e.details);
  w.Key("frames");
  w.BeginArray();
  for (const auto& f : e.frames) WriteFrame(w, f);
  w.EndArray();
  if (!e.hardware.empty()) w.Member("hardware", e.hardware);
  w.Member("headline", e.headline);
  if (!e.kernel_release.empty()) w.Member("kernel", e.kernel_release);
  w.Member("kind", events::ToString(e.kind));
  Lines(w, e.first_line, e.last_line);
  if (!e.native_title.empty()) w.Member("native_title", e.native_title);
  if (!e.rip.empty()) w.Member("rip", e.rip);
  if (!e.taint.empty()) w.Member("taint", e.taint);
  w.Key("task");
  w.BeginObject();
  w.StringOrNull("comm", e.task.comm);
  OptionalNumber(w, "pid", e.task.pid);
  w.EndObject();
  OptionalNumber(w, "time", e.time);
  w.Member("title", e.title);
  if (e.wall_time) {
    w.Key("wall_time");
    w.Double(*e.wall_time);
  }
  w.EndObject();
}

void Indexes(JsonWriter& w, std::string_view key, const std::vector<size_t>& list) {
  w.Key(key);
  w.BeginArray();
  for (size_t i : list) w.Uint(i);
  w.EndArray();
}

void WriteDiagnosis(JsonWriter& w, const diagnosis::Diagnosis& d) {
  w.BeginObject();
  w.Key("actions");
  w.BeginArray();
  for (const auto& a : d.actions) {
    w.BeginObject();
    w.Member("applies", a.applies);
    w.Member("text", a.text);
    if (!a.why_not.empty()) w.Member("why_not", a.why_not);
    w.EndObject();
  }
  w.EndArray();
  w.Key("affected");
  if (d.affected == diagnosis::Affected::kUnknown) {
    w.String("unknown");
  } else {
    w.Bool(d.affected == diagnosis::Affected::kYes);
  }
  w.Member("affected_reason", d.affected_reason);
  if (!d.bucket.empty()) w.Member("bucket", d.bucket);
  if (!d.chain.empty()) {
    w.Key("chain");
    w.BeginArray();
    for (const auto& l : d.chain) {
      w.BeginObject();
      w.Member("cause", l.cause);
      w.Member("effect", l.effect);
      w.Member("relation", l.relation);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!d.collect_next.empty()) w.Strings("collect_next", d.collect_next);
  // Two decimals, as the text report: 0.8, not 0.7999999999999999.
  w.Key("confidence");
  w.Double(std::round(d.confidence * 100) / 100);
  if (!d.event_indexes.empty()) Indexes(w, "events", d.event_indexes);
  WriteEvidence(w, d.evidence);
  // Matched on a header-less stack fragment ([[fragment]] clauses).
  if (d.from_fragment) w.Member("header_cut", true);
  if (!d.missed.empty()) w.Strings("missed", d.missed);
  if (!d.reasons.empty()) w.Strings("reasons", d.reasons);
  w.Strings("references", d.references);
  w.Member("signature", d.signature);
  if (!d.summary.empty()) w.Member("summary", d.summary);
  w.Member("title", d.title);
  if (!d.victim_indexes.empty()) Indexes(w, "victims", d.victim_indexes);
  w.EndObject();
}

void WriteError(JsonWriter& w, const Error& e) {
  w.BeginObject();
  w.Member("code", ToString(e.code));
  if (e.offset_or_line && e.is_line) w.Member("line", *e.offset_or_line);
  w.Member("message", e.OneLine());
  if (e.offset_or_line && !e.is_line) w.Member("offset", *e.offset_or_line);
  w.Member("path", e.path);
  w.Member("reason", e.reason);
  w.EndObject();
}

void WriteWarning(JsonWriter& w, const Warning& warning) {
  w.BeginObject();
  if (warning.offset_or_line) w.Member("at", *warning.offset_or_line);
  w.Member("message", warning.message);
  if (!warning.path.empty()) w.Member("path", warning.path);
  w.EndObject();
}

}  // namespace

int FirstCrashEvent(const pipeline::AnalysisReport& report) {
  for (size_t i = 0; i < report.events.size(); ++i) {
    if (report.events[i].crash) return static_cast<int>(i);
  }
  return -1;
}

std::optional<std::string_view> Headline(const pipeline::AnalysisReport& report) {
  if (!report.diagnoses.empty()) return report.diagnoses.front().title;
  int first = FirstCrashEvent(report);
  if (first < 0) return std::nullopt;
  const events::Event& e = report.events[first];
  return e.native_title.empty() ? e.title : e.native_title;
}

void WriteReport(JsonWriter& w, const pipeline::AnalysisReport& report, bool json_line) {
  const int first_crash = json_line ? FirstCrashEvent(report) : -1;
  w.BeginObject();
  if (report.boots.size() > 1) {
    w.Key("boots");
    w.BeginArray();
    for (const auto& b : report.boots) {
      w.BeginObject();
      w.Member("index", b.index);
      Lines(w, b.first_line, b.last_line);
      WriteSystem(w, b.system);
      w.EndObject();
    }
    w.EndArray();
  }
  if (json_line) {
    const pipeline::ReportBucket bucket = pipeline::BucketOf(report);
    w.Key("bucket");
    w.BeginObject();
    w.Member("id", bucket.id);
    w.Member("key", bucket.key);
    w.EndObject();
  }
  if (!report.collect_next.empty()) w.Strings("collect_next", report.collect_next);
  if (!report.compression.empty()) w.Member("compression", report.compression);
  if (json_line) w.Member("corrupted", first_crash >= 0 && report.events[first_crash].corrupted);
  w.Key("diagnoses");
  w.BeginArray();
  for (const auto& d : report.diagnoses) WriteDiagnosis(w, d);
  w.EndArray();
  w.Key("errors");
  w.BeginArray();
  for (const auto& e : report.errors) WriteError(w, e);
  w.EndArray();
  w.Key("events");
  w.BeginArray();
  for (const auto& e : report.events) WriteEvent(w, e);
  w.EndArray();
  if (json_line) w.Member("file", report.input);
  w.StringOrNull("format", report.format);
  w.Key("headline");
  if (auto headline = Headline(report)) {
    w.String(*headline);
  } else {
    w.Null();
  }
  w.Member("input", report.input);
  if (!report.near_misses.empty()) {
    w.Key("near_misses");
    w.BeginArray();
    for (const auto& n : report.near_misses) {
      w.BeginObject();
      w.Strings("reasons", n.reasons);
      w.Member("signature", n.signature);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("partial", report.partial);
  w.Member("records", report.records);
  w.Member("schema", kJsonSchemaVersion);
  WriteSystem(w, report.system);
  if (json_line) {
    w.Key("title");
    if (first_crash < 0) {
      w.Null();
    } else {
      w.String(report.events[first_crash].title);
    }
  }
  w.Key("warnings");
  w.BeginArray();
  for (const auto& warning : report.warnings) WriteWarning(w, warning);
  w.EndArray();
  w.EndObject();
}

std::string RenderJson(const pipeline::AnalysisReport& report, int indent) {
  std::string out;
  JsonWriter w(out, indent);
  WriteReport(w, report, /*json_line=*/false);
  return out;
}

std::string RenderJsonLine(const pipeline::AnalysisReport& report) {
  std::string out;
  JsonWriter w(out);
  WriteReport(w, report, /*json_line=*/true);
  return out;
}

std::vector<std::string> RenderJsonPieces(const pipeline::AnalysisReport& report, bool json_line) {
  std::vector<std::string> pieces;
  std::string rest;
  JsonWriter w(rest, json_line ? -1 : 2,
               [&](std::string&& piece) { pieces.push_back(std::move(piece)); });
  WriteReport(w, report, json_line);
  pieces.push_back(std::move(rest));
  return pieces;
}

}  // namespace crashsift::render
