// `batch --resume RESULTS.jsonl`: go on with a run that was stopped. The
// records already in RESULTS (complete lines only: a killed run's last, half
// written line is cut off) say which inputs are done; those are skipped, the
// others are analysed and appended, and the summary counts old and new
// records alike. Interrupted + resumed equals uninterrupted, byte for byte
// once the records are sorted.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "analyzer/batch/batch_summary.h"
#include "analyzer/core/result.h"

namespace crashsift::batch {

struct ResumeState {
  std::set<std::string> done;         // record "file" values, and archives whose members are in
  std::vector<SummaryEntry> entries;  // for the summary, in file order
  uint64_t complete_bytes = 0;        // length of the complete lines
};

// Reads RESULTS. A missing file is an empty state (nothing done yet).
// Errors: io; corrupt when a complete line is not a crashsift record
// (line number given), so a wrong file is never appended to.
Result<ResumeState> LoadResume(const std::string& path);

// Cuts RESULTS to its complete lines (drops a half-written last line).
Result<bool> TruncateToComplete(const std::string& path, uint64_t complete_bytes);

// Whether input `path` is done in `state` (its own record, or records of
// its archive members "path!/member").
bool IsDone(const ResumeState& state, const std::string& path);

}  // namespace crashsift::batch
