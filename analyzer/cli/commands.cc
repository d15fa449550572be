#include "analyzer/cli/commands.h"

#include <cstdio>
#include <memory>

#include "analyzer/batch/batch_run.h"
#include "analyzer/batch/summary_run.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/signature_commands.h"
#include "analyzer/cli/symbolize_command.h"
#include "analyzer/cli/tasks_command.h"
#include "analyzer/cli/vmcore_commands.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"
#include "analyzer/pipeline/symbolize_log.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/json_text.h"
#include "analyzer/render/text_report.h"

namespace crashsift::cli {
namespace {

// One report's text, in pieces (a capped report's JSON is tens of MB: see
// render::RenderJsonPieces), ending with a newline.
std::vector<std::string> Render(const pipeline::AnalysisReport& report, const Options& options) {
  std::vector<std::string> text;
  switch (options.format) {
    case OutputFormat::kText:
      text.push_back(render::RenderText(report, {options.explain}));
      return text;
    case OutputFormat::kJson:
    case OutputFormat::kJsonl:
      text = render::RenderJsonPieces(report, options.format == OutputFormat::kJsonl);
      text.back().push_back('\n');
      return text;
  }
  return text;
}

int Analyze(const Options& options, bool batch_mode) {
  // One library for all inputs; a broken one is fatal (better than silently diagnosing nothing).
  auto signatures = pipeline::SignatureSource::Load(options.signatures_dir);
  if (!signatures) return InputError(signatures.error());
  pipeline::AnalyzeOptions analyze_options{signatures->library(), options.explain,
                                           options.max_input_seconds, options.max_memory_bytes};
  std::unique_ptr<pipeline::Symbolizer> symbolizer;
  if (!options.debuginfo.empty()) {
    auto opened = pipeline::OpenSymbolizer(options.debuginfo);
    if (!opened) return InputError(opened.error());
    symbolizer = std::move(*opened);
    analyze_options.symbolizer = symbolizer.get();
    analyze_options.debuginfo = options.debuginfo;
  }
  batch::RunOptions run;
  run.inputs = options.inputs;
  run.files_from = options.files_from;
  run.batch = batch_mode;
  run.output = options.output;
  run.summary = options.summary;
  run.resume = options.resume;
  run.jobs = options.jobs;
  run.shard_index = options.shard_index;
  run.shard_count = options.shard_count;
  run.quiet = options.quiet;
  run.summary_format = options.summary_format;
  run.redact = options.redact;
  run.framing = options.format == OutputFormat::kJson    ? batch::Framing::kJsonArray
                : options.format == OutputFormat::kJsonl ? batch::Framing::kJsonLines
                                                         : batch::Framing::kStream;
  run.render = [&options](const pipeline::AnalysisReport& report) {
    return Render(report, options);
  };
  return batch::RunBatch(run, analyze_options) ? kExitOk : kExitInputError;
}

}  // namespace

int RunCommand(const Options& options) {
  switch (options.verb) {
    case Verb::kHelp:
      std::fputs(options.help_text.c_str(), stdout);
      return kExitOk;
    case Verb::kVersion:
      std::printf("crashsift %s\n", CRASHSIFT_VERSION);
      return kExitOk;
    case Verb::kAnalyze:
      return Analyze(options, false);
    case Verb::kBatch:
      return Analyze(options, true);
    case Verb::kSymbolize:
      return RunSymbolize(options);
    case Verb::kSummary:
      return batch::RunSummary({options.inputs, options.map_from, options.summary_format,
                                options.output, options.redact})
                 ? kExitOk
                 : kExitInputError;
    case Verb::kTasks:
      return RunTasks(options);
    case Verb::kDmesg:
      return RunDmesg(options);
    case Verb::kSignatures:
      return RunSignatures(options);
  }
  return kExitUsage;
}

}  // namespace crashsift::cli
