#include "analyzer/cli/commands.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "analyzer/batch/batch_runner.h"
#include "analyzer/batch/batch_summary.h"
#include "analyzer/batch/input_job.h"
#include "analyzer/batch/input_list.h"
#include "analyzer/batch/resume.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/output_file.h"
#include "analyzer/cli/progress.h"
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

namespace crashsift::cli {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

// --resume: drops the inputs the results file already holds (their records
// go into the summary as they are) and cuts a half-written last line off it.
Result<bool> ResumeFrom(const std::string& path, std::vector<std::string>& inputs,
                        batch::BatchSummary& summary) {
  auto state = batch::LoadResume(path);
  if (!state) return Fail(state.error());
  if (auto cut = batch::TruncateToComplete(path, state->complete_bytes); !cut) {
    return Fail(cut.error());
  }
  for (const auto& entry : state->entries) summary.Add(entry);
  std::erase_if(inputs, [&](const std::string& in) { return batch::IsDone(*state, in); });
  return true;
}

// One report's text, in pieces (a capped report's JSON is tens of MB: see
// render::RenderJsonPieces), ending with a newline.
using Text = std::vector<std::string>;

Text Render(const pipeline::AnalysisReport& report, const Options& options) {
  Text text;
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
    // Only a regular file can be one a directory walk found (every other
    // input is among `named`): for a new output, or /dev/null, there is
    // nothing to look for, and no stat per input (issue 11: ~4% of a batch
    // of small files went to these stats).
    struct stat target {};
    if (::stat(out->c_str(), &target) != 0 || !S_ISREG(target.st_mode)) continue;
    std::erase_if(inputs, [&](const std::string& in) {
      struct stat st {};
      if (in == "-" || ::stat(in.c_str(), &st) != 0 || st.st_dev != target.st_dev ||
          st.st_ino != target.st_ino)
        return false;
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
    if (!options.quiet) std::fputs(summary.ToText().c_str(), stderr);
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

  std::vector<std::string> given = options.inputs;
  if (!options.files_from.empty()) {
    auto listed = batch::ReadInputList(options.files_from);
    if (!listed) {
      PrintError(listed.error().OneLine());
      return kExitInputError;
    }
    given.insert(given.end(), listed->begin(), listed->end());
  }
  std::vector<Error> expand_errors;
  std::vector<std::string> inputs = batch_mode ? batch::ExpandInputs(given, &expand_errors) : given;
  if (!CheckOutputsAreNoInputs(options, inputs, given)) return kExitInputError;
  batch::BatchSummary summary;
  if (!options.resume.empty()) {
    auto resumed = ResumeFrom(options.resume, inputs, summary);
    if (!resumed) {
      PrintError(resumed.error().OneLine());
      return kExitInputError;
    }
  }
  // The parts of a makedumpfile --split set, given in any order and among
  // other inputs, are one dump: one report, in the place of its first part.
  batch::InputJobs jobs(inputs, analyze_options);
  jobs.SetShard(options.shard_index, options.shard_count);
  Progress progress(inputs.size(), batch_mode && !options.quiet && StderrIsTerminal());

  auto output = options.resume.empty()
                    ? OutputFile::Open(options.output, options.format == OutputFormat::kJsonl)
                    : OutputFile::OpenForAppend(options.resume);
  if (!output) {
    PrintError(output.error().OneLine());
    return kExitInputError;
  }
  bool any_error = false;
  std::optional<Error> write_error;
  auto write = [&](const auto& text) {
    if (write_error) return;
    // One write per record: a killed run leaves whole lines only.
    if (auto written = output->Write(text); !written) write_error = written.error();
  };
  // A report of many events is JSON of megabytes: it is rendered where it is
  // written, in pieces that go out as they are made, never held whole (issue
  // 11: its text was a fifth of a crash-dense log's peak memory).
  const bool streamed_format = options.format != OutputFormat::kText;
  auto stream = [&](const pipeline::AnalysisReport& report) {
    if (write_error) return;
    auto write_piece = [&](std::string_view piece) {
      if (write_error) return;
      if (auto written = output->Write(piece); !written) write_error = written.error();
    };
    const bool json_line = options.format == OutputFormat::kJsonl;
    output->BeginRecord();
    std::string rest;
    render::JsonWriter w(rest, json_line ? -1 : 2,
                         [&](std::string&& piece) { write_piece(piece); });
    render::WriteReport(w, report, json_line);
    rest.push_back('\n');
    write_piece(rest);
    if (auto ended = output->EndRecord(); !ended && !write_error) write_error = ended.error();
  };
  // --format json: one object, or an array when there are several reports
  // (an archive gives one per member), so they are held until the end.
  const bool json = options.format == OutputFormat::kJson;
  struct Rendered {
    Text text;
    batch::ReportPtr streamed;  // instead of `text`: rendered when written
    batch::SummaryEntry entry;
    uint64_t bytes = 0;
    std::string partial;  // why the report covers only part of the input
  };
  std::vector<Rendered> json_reports;
  auto write_rendered = [&](const Rendered& r) {
    if (r.streamed) {
      stream(*r.streamed);
    } else {
      write(r.text);
    }
  };
  auto rendered_of = [&](const batch::ReportPtr& ptr, const std::string& input) {
    const pipeline::AnalysisReport& report = *ptr;
    constexpr size_t kStreamedEvents = 1000;
    const bool streamed = streamed_format && report.events.size() >= kStreamedEvents;
    Rendered r{streamed ? Text{} : Render(report, options), streamed ? ptr : nullptr,
               batch::EntryFor(report), report.bytes, ""};
    if (report.partial && !report.warnings.empty())
      r.partial = report.input + ": " + report.warnings.back().message;
    if (!batch_mode) {
      for (std::string& e : r.entry.errors) e += BatchHint(input);
    }
    return r;
  };
  auto emit = [&](Rendered r) {
    for (const auto& e : r.entry.errors) PrintError(e);
    if (!r.partial.empty()) PrintError("warning: " + r.partial);
    any_error = any_error || !r.entry.errors.empty() || !r.partial.empty();
    summary.Add(r.entry);
    if (json) {
      json_reports.push_back(std::move(r));
    } else {
      write_rendered(r);
    }
  };
  // What the directory walk could not read is a failed input like any other.
  auto error_report = [](const std::string& path, const Error& e) {
    return std::make_shared<const pipeline::AnalysisReport>(pipeline::ErrorReport(path, e));
  };
  for (const Error& e : expand_errors) emit(rendered_of(error_report(e.path, e), e.path));
  using Outcome = std::vector<Rendered>;  // none: a later part of a split set
  batch::RunInOrder<Outcome>(
      inputs.size(), options.jobs,
      [&](size_t i) {
        Outcome outcome;
        for (const auto& report : jobs.Run(i)) outcome.push_back(rendered_of(report, inputs[i]));
        return outcome;
      },
      [&](size_t, Outcome outcome) {
        uint64_t bytes = 0;
        bool failed = false;
        for (const auto& r : outcome) {
          bytes += r.bytes;
          failed = failed || !r.entry.errors.empty();
        }
        progress.Done(bytes, failed);
        for (auto& r : outcome) {
          if (!r.entry.errors.empty()) progress.Finish();
          emit(std::move(r));
        }
      },
      [&](size_t i, const std::string& what) {
        // A bug, or out of memory, in one input: that input fails, the rest go on.
        Error error{ErrorCode::kIo, inputs[i], std::nullopt,
                    "internal error while analysing: " + what};
        return Outcome{rendered_of(error_report(inputs[i], error), inputs[i])};
      });
  if (json_reports.size() == 1) write_rendered(json_reports.front());
  if (json_reports.size() > 1) {
    write("[\n");
    for (size_t i = 0; i < json_reports.size(); ++i) {
      if (i > 0) write(",\n");
      write_rendered(json_reports[i]);
    }
    write("]\n");
  }
  progress.Finish();

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
