// One run of `crashsift analyze` or `crashsift batch` over its inputs, and
// the batch policy around the pipeline: the input list (--files-from, the
// walk of directories and archives), --resume, sharding, split-set grouping
// (InputJobs), the worker pool in input order, the output (one record per
// write; --format json framed as one object or an array), errors and
// warnings on stderr, progress, and the summary.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/analyze.h"

namespace crashsift::batch {

// How the rendered reports are put together in the output.
enum class Framing {
  kStream,     // each report's text as it comes (text reports)
  kJsonArray,  // --format json: one object, or an array when there are several reports (an
               // archive gives one per member), so they are held until the end
  kJsonLines,  // one line per report as it comes; kept whole when the run is interrupted
};

struct RunOptions {
  std::vector<std::string> inputs;  // as given: files, "-" for stdin; directories for batch
  std::string files_from;           // a file listing more inputs, "-" for stdin; "" none
  // `crashsift batch`: directories are walked and archives opened, progress
  // on a terminal, and a summary; `analyze`: none of these, and an input that
  // is a directory gets a hint towards batch in its error.
  bool batch = false;
  std::string output;   // "" or "-": standard output
  std::string summary;  // batch: summary JSON path; "": text summary on stderr
  std::string resume;   // a results file to go on with (and append to); "" none
  unsigned jobs = 0;    // 0: number of CPUs
  unsigned shard_index = 0, shard_count = 1;
  bool quiet = false;          // batch: no progress, no text summary on stderr
  std::string summary_format;  // --summary-format (summary_format.h); "": JSON to a file, text
  bool redact = false;         // --redact: every output and message through redact/
  Framing framing = Framing::kStream;
  // One report -> its text in the output format, in pieces (a capped
  // report's JSON is tens of MB: render::RenderJsonPieces), ending with a
  // newline. Called on worker threads. A JSON report of many events is not
  // rendered here but streamed into the output as it is written.
  std::function<std::vector<std::string>(const pipeline::AnalysisReport&)> render;
};

// Analyses every input with `analyze` and writes the reports in input order.
// False when any input failed or was only partly read, or an output could
// not be written (each said on stderr, "crashsift: ..."); the other inputs
// are analysed all the same.
bool RunBatch(const RunOptions& options, const pipeline::AnalyzeOptions& analyze);

}  // namespace crashsift::batch
