#include "analyzer/batch/summary_run.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzer/batch/record_entry.h"
#include "analyzer/batch/summary_output.h"
#include "analyzer/core/print_error.h"

namespace crashsift::batch {
namespace {

Error LineError(const std::string& path, uint64_t line, ErrorCode code, std::string reason) {
  Error e{code, path, line, std::move(reason)};
  e.is_line = true;
  return e;
}

// Adds the records of `in` (named `path`) to `summary`, one line at a time:
// memory stays flat however many records there are. A half-written last
// line (a run killed mid-record) is left out with a warning, as --resume
// would cut it.
Result<void> AddRecords(std::istream& in, const std::string& path, const SummaryRunOptions& options,
                        BatchSummary& summary, std::string& warning) {
  const std::string current(pipeline::kBucketAlgorithm);
  uint64_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (in.eof()) {  // no '\n' after it
      warning = path + ":" + std::to_string(line_number) +
                ": left out: a half-written last record (no newline)";
      break;
    }
    if (line.empty()) continue;
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    const bool is_record = record.is_object() && record.contains("bucket") &&
                           record["bucket"].is_object() && record["bucket"].contains("id") &&
                           record["bucket"]["id"].is_string();
    if (!is_record) {
      return Fail(
          LineError(path, line_number, ErrorCode::kCorrupt, "not a crashsift batch record"));
    }
    const std::string id = record["bucket"]["id"];
    const std::string version = BucketVersion(id);
    BucketSource source = BucketSource::kRecord;
    if (version != current) {
      if (version != options.map_from) {
        return Fail(LineError(path, line_number, ErrorCode::kUnsupported,
                              "bucket id " + id + " is of algorithm " + version +
                                  ", this crashsift's is " + current + ": add --map-from " +
                                  version + " to re-bucket such records"));
      }
      source = BucketSource::kRecomputed;
    }
    auto entry = EntryFromRecord(record, source);
    if (!entry) {
      return Fail(LineError(path, line_number, ErrorCode::kCorrupt, entry.error().reason));
    }
    summary.Add(*entry);
  }
  if (in.bad()) return Fail(ErrorCode::kIo, path, "read error");
  return {};
}

Result<void> AddRecordsOf(const std::string& path, const SummaryRunOptions& options,
                          BatchSummary& summary, std::string& warning) {
  if (path == "-") return AddRecords(std::cin, "<stdin>", options, summary, warning);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, path, std::strerror(errno));
  return AddRecords(in, path, options, summary, warning);
}

}  // namespace

bool RunSummary(const SummaryRunOptions& options) {
  auto made_redactor = MakeRedactor(options.redact);
  if (!made_redactor) {
    PrintError(made_redactor.error().OneLine());
    return false;
  }
  redact::Redactor* redactor = made_redactor->get();
  auto say = [&](const std::string& message) { PrintError(Redacted(redactor, message)); };

  BatchSummary summary;
  if (!options.map_from.empty()) summary.set_mapped_from(options.map_from);
  bool any_error = false;
  for (const std::string& path : options.inputs) {
    std::string warning;
    if (auto added = AddRecordsOf(path, options, summary, warning); !added) {
      // A summary of only some of the records would look complete: none.
      say(added.error().OneLine());
      return false;
    }
    if (!warning.empty()) {
      say("warning: " + warning);
      any_error = true;
    }
  }
  const auto format = SummaryFormatOr(options.format, SummaryFormat::kText);
  const std::string target = options.output.empty() ? "-" : options.output;
  if (auto written = WriteSummaryFile(summary, format, target, redactor); !written) {
    say(written.error().OneLine());
    return false;
  }
  return !any_error;
}

}  // namespace crashsift::batch
