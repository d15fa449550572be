#include "analyzer/batch/resume.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/batch/record_entry.h"

namespace crashsift::batch {

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
    auto entry = EntryFromRecord(r, BucketSource::kRecord);
    if (!entry) {
      Error error{ErrorCode::kCorrupt, path, line_number, "not a crashsift batch record"};
      error.is_line = true;
      return Fail(std::move(error));
    }
    if (BucketVersion(entry->bucket.id) != pipeline::kBucketAlgorithm) {
      // Appending would mix ids of two algorithms in one file.
      Error error{ErrorCode::kUnsupported, path, line_number,
                  "bucket id " + entry->bucket.id + " is not of this crashsift's algorithm " +
                      std::string(pipeline::kBucketAlgorithm) +
                      "; start a new results file (crashsift summary --map-from reads both)"};
      error.is_line = true;
      return Fail(std::move(error));
    }
    state.done.insert(entry->input);
    if (size_t bang = entry->input.find("!/"); bang != std::string::npos) {
      state.done.insert(entry->input.substr(0, bang));
    }
    state.entries.push_back(std::move(*entry));
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
