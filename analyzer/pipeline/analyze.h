// The whole pipeline for one input: sniff the format, read kernel log records
// (text log or vmcore), split them into events, title them, match signatures,
// diagnose. Renderers only see the AnalysisReport this returns.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/input/input_source.h"
#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::matching {
class SignatureLibrary;
}

namespace crashsift::symbols {
class Symbolizer;
}

namespace crashsift::pipeline {

struct AnalyzeOptions {
  const matching::SignatureLibrary* signatures = nullptr;  // null: no diagnoses
  bool explain = false;                                    // fill near_misses
  // Per-input caps (--max-input-time, --max-memory; 0: the defaults of
  // core/limits.h). Time stops the reading of a log early and gives a
  // partial report; memory refuses a dump whose headers ask for more
  // (limit_exceeded).
  unsigned max_input_seconds = 0;
  uint64_t max_memory_bytes = 0;
  // Adds file:line to frames before matching (signatures may match on source
  // files); null: frames keep what the log printed. Shared by batch workers.
  symbols::Symbolizer* symbolizer = nullptr;
  // The --debuginfo paths: with a vmcore whose vmlinux is among them, the
  // dump's D-state tasks become blocked_task events (dump_task_events.h).
  std::vector<std::string> debuginfo = {};
};

// Analyses one input opened once (input::OpenedInput): a dump's bytes go to
// the vmcore reader, anything else (stdin and pipes included) to the text
// reader. An Error means nothing could be read (unreadable, not a log, a
// file cut inside a dump's magic, a vmcore whose log cannot be found or
// holds no record); problems that lose only part of the answer are
// report.warnings.
Result<AnalysisReport> AnalyzeOpened(input::OpenedInput& in, const AnalyzeOptions& options);
// Opens `path` ("-" is stdin), then AnalyzeOpened; errors also when it
// cannot be opened (missing, a directory, permission).
Result<AnalysisReport> AnalyzeInput(const std::string& path, const AnalyzeOptions& options);
// Analyses in-memory bytes (tests, fuzzing); `name` stands in for the path.
Result<AnalysisReport> AnalyzeBytes(std::string_view bytes, const std::string& name,
                                    const AnalyzeOptions& options);

// Analyses the opened parts of one makedumpfile --split set as one dump (any
// order; batch::InputJobs finds them among the inputs by vmcore::SplitPartKey).
// The report's input names every part, joined by ", ".
Result<AnalysisReport> AnalyzeDumpParts(std::vector<input::OpenedInput>& parts,
                                        const AnalyzeOptions& options);

// Analyses a dump's log records with the dump's own facts (OSRELEASE, crash
// time, panic registers) merged into each boot before diagnosis.
// An Error when no record could be recovered (exit status 0 means analysed).
// `parts` are the dump's bytes as opened for the log: with --debuginfo naming
// its vmlinux, its D-state tasks are read from them (dump_task_events.h), so
// the files are not opened a second time.
Result<AnalysisReport> AnalyzeVmcoreLog(vmcore::VmcoreLog log, const std::string& name,
                                        const AnalyzeOptions& options,
                                        std::vector<vmcore::DumpBytes> parts = {});

// A report that holds only the error, for renderers and batch output.
AnalysisReport ErrorReport(const std::string& path, const Error& error);

}  // namespace crashsift::pipeline
