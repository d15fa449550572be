#include "analyzer/render/json_report.h"

#include <cmath>

#include "analyzer/pipeline/report_bucket.h"

namespace crashsift::render {
namespace {

using nlohmann::json;

json OptionalNumber(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

json FrameToJson(const events::StackFrame& f) {
  json j = {{"function", f.function},
            {"offset", f.offset ? json(*f.offset) : json(nullptr)},
            {"size", f.size ? json(*f.size) : json(nullptr)},
            {"module", f.module.empty() ? json(nullptr) : json(f.module)},
            {"reliable", f.reliable}};
  if (f.normalized_function != f.function && !f.normalized_function.empty())
    j["normalized_function"] = f.normalized_function;
  if (f.address) j["address"] = *f.address;
  if (!f.context.empty()) j["context"] = f.context;
  if (!f.module_build_id.empty()) j["module_build_id"] = f.module_build_id;
  if (!f.source.empty()) {
    json source = json::array();
    for (const auto& at : f.source) {
      source.push_back({{"function", at.function.empty() ? json(nullptr) : json(at.function)},
                        {"file", at.file},
                        {"line", at.line == 0 ? json(nullptr) : json(at.line)},
                        {"column", at.column == 0 ? json(nullptr) : json(at.column)},
                        {"inlined", at.inlined}});
    }
    j["source"] = std::move(source);
  }
  return j;
}

json EvidenceToJson(const std::vector<events::EvidenceLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) out.push_back({{"line", l.line}, {"text", l.text}});
  return out;
}

json SystemToJson(const events::SystemFacts& s) {
  json j = {{"kernel", s.kernel_release.empty() ? json(nullptr) : json(s.kernel_release)},
            {"zfs", s.zfs_release.empty() ? json(nullptr) : json(s.zfs_release)},
            {"arch", s.arch.empty() ? json(nullptr) : json(s.arch)},
            {"tainted", s.tainted},
            {"hardware", s.hardware.empty() ? json(nullptr) : json(s.hardware)}};
  if (!s.spl_release.empty()) j["spl"] = s.spl_release;
  if (!s.distribution.empty()) j["distribution"] = s.distribution;
  if (!s.taint.empty()) j["taint"] = s.taint;
  if (!s.taint_flags.empty()) {
    json flags = json::array();
    for (const auto& f : s.taint_flags)
      flags.push_back({{"flag", std::string(1, f.letter)}, {"meaning", f.meaning}});
    j["taint_flags"] = flags;
  }
  if (!s.command_line.empty()) j["command_line"] = s.command_line;
  if (s.zfs_loaded) j["zfs_loaded"] = true;
  if (!s.modules.empty()) j["modules"] = s.modules;
  if (s.crash_time) j["crash_time"] = *s.crash_time;
  if (!s.extra.empty()) j["extra"] = s.extra;
  return j;
}

json EventToJson(const events::Event& e) {
  json frames = json::array();
  for (const auto& f : e.frames) frames.push_back(FrameToJson(f));
  json j = {{"kind", std::string(events::ToString(e.kind))},
            {"title", e.title},
            {"crash", e.crash},
            {"time", OptionalNumber(e.time)},
            {"cpu", e.cpu ? json(*e.cpu) : json(nullptr)},
            {"task",
             {{"comm", e.task.comm.empty() ? json(nullptr) : json(e.task.comm)},
              {"pid", e.task.pid ? json(*e.task.pid) : json(nullptr)}}},
            {"frames", frames},
            {"lines", {e.first_line, e.last_line}},
            {"headline", e.headline},
            {"boot", e.boot}};
  if (e.corrupted) {
    j["corrupted"] = true;
    j["corrupted_reason"] = e.corrupted_reason;
  }
  if (!e.native_title.empty()) j["native_title"] = e.native_title;
  if (!e.damage.empty()) j["damage"] = e.damage;
  if (e.wall_time) j["wall_time"] = *e.wall_time;
  if (!e.taint.empty()) j["taint"] = e.taint;
  if (!e.hardware.empty()) j["hardware"] = e.hardware;
  if (!e.kernel_release.empty()) j["kernel"] = e.kernel_release;
  if (!e.rip.empty()) j["rip"] = e.rip;
  if (!e.details.empty()) j["details"] = e.details;
  return j;
}

json DiagnosisToJson(const diagnosis::Diagnosis& d) {
  json actions = json::array();
  for (const auto& a : d.actions) {
    json ja = {{"text", a.text}, {"applies", a.applies}};
    if (!a.why_not.empty()) ja["why_not"] = a.why_not;
    actions.push_back(ja);
  }
  json affected = d.affected == diagnosis::Affected::kYes  ? json(true)
                  : d.affected == diagnosis::Affected::kNo ? json(false)
                                                           : json("unknown");
  json j = {{"signature", d.signature},
            {"title", d.title},
            // Two decimals, as the text report: 0.8, not 0.7999999999999999.
            {"confidence", std::round(d.confidence * 100) / 100},
            {"affected", affected},
            {"affected_reason", d.affected_reason},
            {"evidence", EvidenceToJson(d.evidence)},
            {"actions", actions},
            {"references", d.references}};
  if (!d.summary.empty()) j["summary"] = d.summary;
  if (!d.reasons.empty()) j["reasons"] = d.reasons;
  if (!d.missed.empty()) j["missed"] = d.missed;
  if (!d.collect_next.empty()) j["collect_next"] = d.collect_next;
  if (!d.event_indexes.empty()) j["events"] = d.event_indexes;
  if (!d.victim_indexes.empty()) j["victims"] = d.victim_indexes;
  if (!d.bucket.empty()) j["bucket"] = d.bucket;
  if (!d.chain.empty()) {
    json chain = json::array();
    for (const auto& l : d.chain)
      chain.push_back({{"cause", l.cause}, {"effect", l.effect}, {"relation", l.relation}});
    j["chain"] = chain;
  }
  return j;
}

json ErrorToJson(const Error& e) {
  json j = {{"code", std::string(ToString(e.code))},
            {"path", e.path},
            {"reason", e.reason},
            {"message", e.OneLine()}};
  if (e.offset_or_line) j[e.is_line ? "line" : "offset"] = *e.offset_or_line;
  return j;
}

}  // namespace

int FirstCrashEvent(const pipeline::AnalysisReport& report) {
  for (size_t i = 0; i < report.events.size(); ++i) {
    if (report.events[i].crash) return static_cast<int>(i);
  }
  return -1;
}

json Headline(const pipeline::AnalysisReport& report) {
  if (!report.diagnoses.empty()) return report.diagnoses.front().title;
  int first = FirstCrashEvent(report);
  if (first < 0) return nullptr;
  const events::Event& e = report.events[first];
  return e.native_title.empty() ? e.title : e.native_title;
}

json ReportToJson(const pipeline::AnalysisReport& report) {
  json events = json::array();
  for (const auto& e : report.events) events.push_back(EventToJson(e));
  json diagnoses = json::array();
  for (const auto& d : report.diagnoses) diagnoses.push_back(DiagnosisToJson(d));
  json errors = json::array();
  for (const auto& e : report.errors) errors.push_back(ErrorToJson(e));
  json warnings = json::array();
  for (const auto& w : report.warnings) {
    json jw = {{"message", w.message}};
    if (!w.path.empty()) jw["path"] = w.path;
    if (w.offset_or_line) jw["at"] = *w.offset_or_line;
    warnings.push_back(jw);
  }
  json j = {{"schema", kJsonSchemaVersion},
            {"input", report.input},
            {"format", report.format.empty() ? json(nullptr) : json(report.format)},
            {"system", SystemToJson(report.system)},
            {"events", events},
            {"diagnoses", diagnoses},
            {"errors", errors},
            {"warnings", warnings},
            {"records", report.records},
            {"partial", report.partial}};
  j["headline"] = Headline(report);
  if (!report.compression.empty()) j["compression"] = report.compression;
  if (report.boots.size() > 1) {
    json boots = json::array();
    for (const auto& b : report.boots) {
      boots.push_back({{"index", b.index},
                       {"lines", {b.first_line, b.last_line}},
                       {"system", SystemToJson(b.system)}});
    }
    j["boots"] = boots;
  }
  if (!report.collect_next.empty()) j["collect_next"] = report.collect_next;
  if (!report.near_misses.empty()) {
    json near = json::array();
    for (const auto& n : report.near_misses)
      near.push_back({{"signature", n.signature}, {"reasons", n.reasons}});
    j["near_misses"] = near;
  }
  return j;
}

json ReportToJsonLine(const pipeline::AnalysisReport& report) {
  json j = ReportToJson(report);
  j["file"] = report.input;
  int first = FirstCrashEvent(report);
  j["title"] = first < 0 ? json(nullptr) : json(report.events[first].title);
  j["corrupted"] = first >= 0 && report.events[first].corrupted;
  const pipeline::ReportBucket bucket = pipeline::BucketOf(report);
  j["bucket"] = {{"id", bucket.id}, {"key", bucket.key}};
  return j;
}

}  // namespace crashsift::render
