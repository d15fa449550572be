#include "analyzer/batch/resume.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace crashsift::batch {
namespace {

std::string StringOr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The summary entry of one record, as EntryFor made it for the report.
SummaryEntry EntryOf(const nlohmann::json& r) {
  SummaryEntry e;
  e.input = StringOr(r, "file");
  const auto& bucket = r.at("bucket");
  e.bucket.id = StringOr(bucket, "id");
  e.bucket.key = StringOr(bucket, "key");
  if (r.contains("system")) {
    e.kernel = StringOr(r["system"], "kernel");
    e.zfs = StringOr(r["system"], "zfs");
  }
  if (r.contains("errors")) {
    for (const auto& err : r["errors"]) e.errors.push_back(StringOr(err, "message"));
  }
  return e;
}

}  // namespace

Result<ResumeState> LoadResume(const std::string& path) {
  ResumeState state;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return state;
    return Fail(ErrorCode::kIo, path, std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  size_t pos = 0;
  uint64_t line_number = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;  // a half-written last line
    ++line_number;
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    state.complete_bytes = pos;
    if (line.empty()) continue;
    nlohmann::json r = nlohmann::json::parse(line, nullptr, false);
    if (r.is_discarded() || !r.is_object() || !r.contains("file") || !r.contains("bucket")) {
      Error error{ErrorCode::kCorrupt, path, line_number, "not a crashsift batch record"};
      error.is_line = true;
      return Fail(std::move(error));
    }
    SummaryEntry entry = EntryOf(r);
    // The bucket's title and signature are the record's own.
    if (r.contains("diagnoses") && !r["diagnoses"].empty()) {
      entry.bucket.title = StringOr(r["diagnoses"][0], "title");
      entry.bucket.signature = StringOr(r["diagnoses"][0], "signature");
    } else if (r["title"].is_string()) {
      entry.bucket.title = r["title"].get<std::string>();
    } else {
      entry.bucket.title = entry.errors.empty() ? "no crash found" : "input could not be analysed";
    }
    state.done.insert(entry.input);
    if (size_t bang = entry.input.find("!/"); bang != std::string::npos) {
      state.done.insert(entry.input.substr(0, bang));
    }
    state.entries.push_back(std::move(entry));
  }
  return state;
}

Result<bool> TruncateToComplete(const std::string& path, uint64_t complete_bytes) {
  if (::truncate(path.c_str(), static_cast<off_t>(complete_bytes)) != 0 && errno != ENOENT) {
    return Fail(ErrorCode::kIo, path, std::string("truncate: ") + std::strerror(errno));
  }
  return true;
}

bool IsDone(const ResumeState& state, const std::string& path) {
  return state.done.count(path) > 0;
}

}  // namespace crashsift::batch
