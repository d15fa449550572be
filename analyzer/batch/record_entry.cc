#include "analyzer/batch/record_entry.h"

namespace crashsift::batch {
namespace {

using nlohmann::json;

std::string StringOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> NumberOr(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

bool BoolOr(const json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const json& ArrayOr(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

events::StackFrame FrameFromJson(const json& j) {
  events::StackFrame f;
  f.function = StringOr(j, "function");
  // The record names the normalised function only where it differs.
  f.normalized_function = StringOr(j, "normalized_function");
  if (f.normalized_function.empty()) f.normalized_function = f.function;
  f.module = StringOr(j, "module");
  f.reliable = BoolOr(j, "reliable", true);
  return f;
}

events::Event EventFromJson(const json& j) {
  events::Event e;
  e.kind = events::EventKindFromString(StringOr(j, "kind")).value_or(events::EventKind::kOther);
  e.title = StringOr(j, "title");
  e.native_title = StringOr(j, "native_title");
  e.crash = BoolOr(j, "crash", false);
  e.corrupted = BoolOr(j, "corrupted", false);
  e.wall_time = NumberOr(j, "wall_time");
  if (auto task = j.find("task"); task != j.end() && task->is_object()) {
    e.task.comm = StringOr(*task, "comm");
  }
  for (const json& f : ArrayOr(j, "frames")) {
    if (f.is_object()) e.frames.push_back(FrameFromJson(f));
  }
  return e;
}

diagnosis::Diagnosis DiagnosisFromJson(const json& j) {
  diagnosis::Diagnosis d;
  d.signature = StringOr(j, "signature");
  d.title = StringOr(j, "title");
  d.bucket = StringOr(j, "bucket");
  for (const json& i : ArrayOr(j, "events")) {
    if (i.is_number_unsigned()) d.event_indexes.push_back(i.get<size_t>());
  }
  return d;
}

}  // namespace

pipeline::AnalysisReport ReportFromRecord(const json& record) {
  pipeline::AnalysisReport report;
  report.input = StringOr(record, "file");
  if (report.input.empty()) report.input = StringOr(record, "input");
  report.format = StringOr(record, "format");
  if (auto system = record.find("system"); system != record.end() && system->is_object()) {
    report.system.kernel_release = StringOr(*system, "kernel");
    report.system.zfs_release = StringOr(*system, "zfs");
    report.system.crash_time = NumberOr(*system, "crash_time");
  }
  for (const json& e : ArrayOr(record, "events")) {
    if (e.is_object()) report.events.push_back(EventFromJson(e));
  }
  for (const json& d : ArrayOr(record, "diagnoses")) {
    if (d.is_object()) report.diagnoses.push_back(DiagnosisFromJson(d));
  }
  for (const json& e : ArrayOr(record, "errors")) {
    if (!e.is_object()) continue;
    // The message is already "path: reason"; kept whole as the reason.
    report.errors.push_back(Error{ErrorCode::kIo, "", std::nullopt, StringOr(e, "message")});
  }
  report.partial = BoolOr(record, "partial", false);
  return report;
}

std::string BucketVersion(const std::string& bucket_id) {
  const size_t colon = bucket_id.find(':');
  return colon == std::string::npos ? std::string() : bucket_id.substr(0, colon);
}

Result<SummaryEntry> EntryFromRecord(const json& record, BucketSource source) {
  if (!record.is_object() || !record.contains("file") || !record.contains("bucket") ||
      !record["bucket"].is_object()) {
    return Fail(ErrorCode::kCorrupt, "", "not a crashsift batch record");
  }
  const pipeline::AnalysisReport report = ReportFromRecord(record);
  SummaryEntry entry;
  entry.input = report.input;
  entry.kernel = report.system.kernel_release;
  entry.zfs = report.system.zfs_release;
  for (const Error& e : report.errors) entry.errors.push_back(e.reason);
  // Title, signature and time come from the report either way: the
  // algorithm that chose the key also chose them.
  entry.bucket = pipeline::BucketOf(report);
  const std::string record_id = StringOr(record["bucket"], "id");
  if (source == BucketSource::kRecord) {
    entry.bucket.id = record_id;
    entry.bucket.key = StringOr(record["bucket"], "key");
  } else if (record_id != entry.bucket.id) {
    entry.previous_id = record_id;
  }
  return entry;
}

}  // namespace crashsift::batch
