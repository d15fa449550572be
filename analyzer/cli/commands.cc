#include "analyzer/cli/commands.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "analyzer/batch/batch_runner.h"
#include "analyzer/batch/batch_summary.h"
#include "analyzer/batch/input_job.h"
#include "analyzer/batch/input_list.h"
#include "analyzer/batch/resume.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/progress.h"
#include "analyzer/cli/signature_commands.h"
#include "analyzer/cli/vmcore_commands.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/text_report.h"

namespace crashsift::cli {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

// Where reports go: a file given with --output, else stdout.
class Output {
 public:
  static std::optional<Output> Open(const std::string& path, bool append = false) {
    Output out;
    if (path.empty() || path == "-") return out;
    out.file_.reset(std::fopen(path.c_str(), append ? "a" : "w"));
    if (!out.file_) {
      PrintError(path + ": " + std::strerror(errno));
      return std::nullopt;
    }
    return out;
  }
  void Write(const std::string& text) {
    FILE* f = file_ ? file_.get() : stdout;
    std::fwrite(text.data(), 1, text.size(), f);
  }

 private:
  struct Closer {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<FILE, Closer> file_;
};

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

std::string Render(const pipeline::AnalysisReport& report, const Options& options) {
  switch (options.format) {
    case OutputFormat::kText:
      return render::RenderText(report, {options.explain});
    case OutputFormat::kJson:
      return render::ReportToJson(report).dump(2) + "\n";
    case OutputFormat::kJsonl:
      return render::ReportToJsonLine(report).dump() + "\n";
  }
  return {};
}

int Analyze(const Options& options, bool batch_mode) {
  // One library for all inputs; a broken one is fatal (better than silently diagnosing nothing).
  auto signatures = pipeline::SignatureSource::Load(options.signatures_dir);
  if (!signatures) {
    PrintError(signatures.error().OneLine());
    return kExitInputError;
  }
  pipeline::AnalyzeOptions analyze_options{signatures->library(), options.explain};

  std::vector<std::string> given = options.inputs;
  if (!options.files_from.empty()) {
    auto listed = batch::ReadInputList(options.files_from);
    if (!listed) {
      PrintError(listed.error().OneLine());
      return kExitInputError;
    }
    given.insert(given.end(), listed->begin(), listed->end());
  }
  std::vector<std::string> expand_errors;
  std::vector<std::string> inputs = batch_mode ? batch::ExpandInputs(given, &expand_errors) : given;
  for (const auto& e : expand_errors) PrintError(e);
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

  auto output = Output::Open(options.resume.empty() ? options.output : options.resume,
                             !options.resume.empty());
  if (!output) return kExitInputError;
  bool any_error = !expand_errors.empty();
  // --format json: one object, or an array when there are several reports
  // (an archive gives one per member), so they are held until the end.
  const bool json = options.format == OutputFormat::kJson;
  std::vector<std::string> json_reports;

  struct Rendered {
    std::string text;
    batch::SummaryEntry entry;
    uint64_t bytes = 0;
  };
  using Outcome = std::vector<Rendered>;  // none: a later part of a split set
  batch::RunInOrder<Outcome>(
      inputs.size(), options.jobs,
      [&](size_t i) {
        Outcome outcome;
        for (const auto& report : jobs.Run(i)) {
          outcome.push_back({Render(*report, options), batch::EntryFor(*report), report->bytes});
        }
        return outcome;
      },
      [&](size_t, Outcome outcome) {
        uint64_t bytes = 0;
        bool failed = false;
        for (const auto& rendered : outcome) {
          bytes += rendered.bytes;
          failed = failed || !rendered.entry.errors.empty();
        }
        progress.Done(bytes, failed);
        for (auto& rendered : outcome) {
          if (!rendered.entry.errors.empty()) progress.Finish();
          for (const auto& e : rendered.entry.errors) PrintError(e);
          any_error = any_error || !rendered.entry.errors.empty();
          summary.Add(rendered.entry);
          if (json) {
            json_reports.push_back(std::move(rendered.text));
          } else {
            output->Write(rendered.text);
          }
        }
      });
  if (json_reports.size() == 1) output->Write(json_reports.front());
  if (json_reports.size() > 1) {
    output->Write("[\n");
    for (size_t i = 0; i < json_reports.size(); ++i) {
      if (i > 0) output->Write(",\n");
      output->Write(json_reports[i]);
    }
    output->Write("]\n");
  }
  progress.Finish();

  if (batch_mode) {
    if (!options.summary.empty()) {
      std::ofstream out(options.summary);
      out << summary.ToJson().dump(2) << "\n";
      if (!out) {
        PrintError(options.summary + ": cannot write summary");
        any_error = true;
      }
    } else if (!options.quiet) {
      std::fputs(summary.ToText().c_str(), stderr);
    }
  }
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
    case Verb::kDmesg:
      return RunDmesg(options);
    case Verb::kSignatures:
      return RunSignatures(options);
  }
  return kExitUsage;
}

}  // namespace crashsift::cli
