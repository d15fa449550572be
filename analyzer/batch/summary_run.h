// `crashsift summary RESULTS.jsonl...`: the bucket summary of batch records
// written earlier (one run, the shards of a cluster job, resumed runs) in
// any of the summary formats. Records must carry ids of this crashsift's
// bucket algorithm; `map_from` re-buckets records of an older one from the
// reports they hold and shows which old ids became which new ones.
#pragma once

#include <string>
#include <vector>

namespace crashsift::batch {

struct SummaryRunOptions {
  std::vector<std::string> inputs;  // results files, "-" for stdin
  std::string map_from;             // "v1": re-bucket records of that algorithm; "" none
  std::string format;               // --summary-format; "" is text
  std::string output;               // "" or "-": standard output
  bool redact = false;
};

// Writes the summary. False when a file could not be read or was not all
// records, or the summary could not be written (each said on stderr).
bool RunSummary(const SummaryRunOptions& options);

}  // namespace crashsift::batch
