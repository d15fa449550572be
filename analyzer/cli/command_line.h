// Command line -> Options. The only place Boost.Program_options is used; its
// exceptions are caught here and turned into a UsageError value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace crashsift::cli {

enum class Verb {
  kAnalyze,
  kBatch,
  kSummary,
  kDmesg,
  kSymbolize,
  kTasks,
  kSignatures,
  kHelp,
  kVersion
};
enum class OutputFormat { kText, kJson, kJsonl };

struct Options {
  Verb verb = Verb::kHelp;
  std::vector<std::string> inputs;  // files, "-" for stdin; directories for batch
  OutputFormat format = OutputFormat::kText;
  bool explain = false;
  bool raw = false;                    // dmesg --raw: vmcore-dmesg's form
  std::string signatures_dir;          // empty: the default search path
  std::string signatures_action;       // list | show | lint | test
  std::string signature_id;            // for `signatures show ID`
  std::string corpus_dir;              // for `signatures test`
  std::string output;                  // batch/analyze: write here instead of stdout
  std::string summary;                 // batch: summary JSON path
  unsigned jobs = 0;                   // 0: number of CPUs
  unsigned max_input_seconds = 0;      // --max-input-time; 0: the default
  uint64_t max_memory_bytes = 0;       // --max-memory; 0: the default
  std::vector<std::string> debuginfo;  // --debuginfo PATH, repeatable
  std::string state;                   // tasks --state D: only tasks in these states
  std::string files_from;              // batch: file listing inputs, "-" for stdin
  unsigned shard_index = 0;            // batch --shard I/N: analyse only shard I of N
  unsigned shard_count = 1;
  std::string resume;  // batch: results file to go on with (and append to)
  bool quiet = false;  // batch: no progress, no text summary on stderr
  // batch, summary: text | json | markdown | html; empty: json for a
  // --summary file, text on stderr (batch) or stdout (summary).
  std::string summary_format;
  std::string map_from;   // summary --map-from VERSION: re-bucket records of that algorithm
  bool redact = false;    // analyze, batch, summary: placeholders for hosts, IPs, ... (redactor.h)
  std::string help_text;  // filled for Verb::kHelp
};

struct UsageError {
  std::string message;
};

std::variant<Options, UsageError> ParseCommandLine(int argc, const char* const* argv);

}  // namespace crashsift::cli
