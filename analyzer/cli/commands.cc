#include "analyzer/cli/commands.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "analyzer/batch/batch_runner.h"
#include "analyzer/batch/batch_summary.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/output_file.h"
#include "analyzer/cli/signature_commands.h"
#include "analyzer/cli/symbolize_command.h"
#include "analyzer/cli/tasks_command.h"
#include "analyzer/cli/vmcore_commands.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/json_text.h"
#include "analyzer/render/text_report.h"
#include "analyzer/symbols/dwarf_symbolizer.h"
#include "analyzer/vmcore/split_parts.h"

namespace crashsift::cli {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

std::string Render(const pipeline::AnalysisReport& report, const Options& options) {
  switch (options.format) {
    case OutputFormat::kText:
      return render::RenderText(report, {options.explain});
    case OutputFormat::kJson:
      return render::DumpJson(render::ReportToJson(report), 2) + "\n";
    case OutputFormat::kJsonl:
      return render::DumpJson(render::ReportToJsonLine(report)) + "\n";
  }
  return {};
}

// Inputs are never written: an output or summary that names an input is
// refused; one found only by searching a directory (this run's own earlier
// output) is left out of the inputs.
bool CheckOutputsAreNoInputs(const Options& options, std::vector<std::string>& inputs,
                             const std::vector<std::string>& named) {
  for (const std::string* out : {&options.output, &options.summary}) {
    if (out->empty() || *out == "-") continue;
    for (const std::string& in : named) {
      if (SameFile(*out, in)) {
        PrintError(*out + ": is also an input; refusing to overwrite it");
        return false;
      }
    }
    std::erase_if(inputs, [&](const std::string& in) {
      if (!SameFile(*out, in)) return false;
      PrintError("note: " + in + ": skipped, it is this run's output");
      return true;
    });
  }
  if (!options.output.empty() && options.output != "-" &&
      SameFile(options.output, options.summary)) {
    PrintError(options.output + ": given as both --output and --summary");
    return false;
  }
  return true;
}

// `analyze DIR` is a first-contact mistake: say which command reads a tree.
std::string BatchHint(const std::string& path) {
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_directory(path, ec)) return "";
  return " (to analyse the files in it: crashsift batch " + path + ")";
}

// The batch summary as JSON to --summary, or as text to stderr.
bool WriteSummary(const batch::BatchSummary& summary, const Options& options) {
  if (options.summary.empty()) {
    std::fputs(summary.ToText().c_str(), stderr);
    return true;
  }
  auto out = OutputFile::Open(options.summary);
  Result<void> written = out ? out->Write(render::DumpJson(summary.ToJson(), 2) + "\n")
                             : Result<void>(tl::unexpected(out.error()));
  if (written) written = out->Commit();
  if (!written) PrintError(written.error().OneLine());
  return written.has_value();
}

int Analyze(const Options& options, bool batch_mode) {
  // One library for all inputs; a broken one is fatal (better than silently diagnosing nothing).
  auto signatures = pipeline::SignatureSource::Load(options.signatures_dir);
  if (!signatures) {
    PrintError(signatures.error().OneLine());
    return kExitInputError;
  }
  pipeline::AnalyzeOptions analyze_options{signatures->library(), options.explain,
                                           options.max_input_seconds, options.max_memory_bytes};
  std::unique_ptr<symbols::DwarfSymbolizer> symbolizer;
  if (!options.debuginfo.empty()) {
    auto opened = symbols::DwarfSymbolizer::Open(options.debuginfo);
    if (!opened) {
      PrintError(opened.error().OneLine());
      return kExitInputError;
    }
    symbolizer = std::move(*opened);
    analyze_options.symbolizer = symbolizer.get();
    analyze_options.debuginfo = options.debuginfo;
  }

  std::vector<Error> expand_errors;
  std::vector<std::string> paths =
      batch_mode ? batch::ExpandInputs(options.inputs, &expand_errors) : options.inputs;
  if (!CheckOutputsAreNoInputs(options, paths, options.inputs)) return kExitInputError;
  // The parts of a makedumpfile --split set, given in any order and among
  // other inputs, are one dump: one report, in the place of its first part.
  std::vector<std::vector<std::string>> inputs = vmcore::GroupSplitParts(paths);

  auto output = OutputFile::Open(options.output, options.format == OutputFormat::kJsonl);
  if (!output) {
    PrintError(output.error().OneLine());
    return kExitInputError;
  }
  batch::BatchSummary summary;
  bool any_error = false;
  std::optional<Error> write_error;

  struct Outcome {
    std::string text;
    batch::SummaryEntry entry;
    std::string partial;  // why the report covers only part of the input
  };
  auto emit = [&](Outcome outcome) {
    for (const auto& e : outcome.entry.errors) PrintError(e);
    if (!outcome.partial.empty()) PrintError("warning: " + outcome.partial);
    any_error = any_error || !outcome.entry.errors.empty() || !outcome.partial.empty();
    summary.Add(outcome.entry);
    if (write_error) return;
    // One write per record: a killed run leaves whole lines only.
    if (auto written = output->Write(outcome.text); !written) write_error = written.error();
  };
  // What the directory walk could not read is a failed input like any other.
  for (const Error& e : expand_errors) {
    auto report = pipeline::ErrorReport(e.path, e);
    emit(Outcome{Render(report, options), batch::EntryFor(report), ""});
  }
  batch::RunInOrder<Outcome>(
      inputs.size(), options.jobs,
      [&](size_t i) {
        auto result = pipeline::AnalyzeDumpParts(inputs[i], analyze_options);
        if (!result && !batch_mode) result.error().reason += BatchHint(inputs[i].front());
        pipeline::AnalysisReport report =
            result ? std::move(*result) : pipeline::ErrorReport(inputs[i].front(), result.error());
        std::string partial;
        if (report.partial && !report.warnings.empty())
          partial = report.input + ": " + report.warnings.back().message;
        return Outcome{Render(report, options), batch::EntryFor(report), partial};
      },
      [&](size_t, Outcome outcome) { emit(std::move(outcome)); },
      [&](size_t i, const std::string& what) {
        // A bug, or out of memory, in one input: that input fails, the rest go on.
        Error error{ErrorCode::kIo, inputs[i].front(), std::nullopt,
                    "internal error while analysing: " + what};
        pipeline::AnalysisReport report = pipeline::ErrorReport(inputs[i].front(), error);
        return Outcome{Render(report, options), batch::EntryFor(report), ""};
      });

  if (!write_error) {
    if (auto committed = output->Commit(); !committed) write_error = committed.error();
  }
  if (write_error) {
    PrintError(write_error->OneLine());
    any_error = true;
  }
  if (batch_mode && !WriteSummary(summary, options)) any_error = true;
  return any_error ? kExitInputError : kExitOk;
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
