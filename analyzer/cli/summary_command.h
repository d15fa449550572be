// `crashsift summary RESULTS.jsonl...`: the bucket summary of batch records
// written earlier (one run, the shards of a cluster job, resumed runs) in
// any of the summary formats. Records must carry ids of this crashsift's
// bucket algorithm; `--map-from VERSION` re-buckets records of an older one
// from the reports they hold and shows which old ids became which new ones.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunSummary(const Options& options);

}  // namespace crashsift::cli
