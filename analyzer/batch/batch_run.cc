#include "analyzer/batch/batch_run.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "analyzer/batch/batch_runner.h"
#include "analyzer/batch/batch_summary.h"
#include "analyzer/batch/input_job.h"
#include "analyzer/batch/input_list.h"
#include "analyzer/batch/output_file.h"
#include "analyzer/batch/progress.h"
#include "analyzer/batch/resume.h"
#include "analyzer/batch/summary_output.h"
#include "analyzer/core/print_error.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/json_writer.h"

namespace crashsift::batch {
namespace {

// --resume: drops the inputs the results file already holds (their records
// go into the summary as they are) and cuts a half-written last line off it.
Result<bool> ResumeFrom(const std::string& path, std::vector<std::string>& inputs,
                        BatchSummary& summary) {
  auto state = LoadResume(path);
  if (!state) return Fail(state.error());
  if (auto cut = TruncateToComplete(path, state->complete_bytes); !cut) {
    return Fail(cut.error());
  }
  for (const auto& entry : state->entries) summary.Add(entry);
  std::erase_if(inputs, [&](const std::string& in) { return IsDone(*state, in); });
  return true;
}

// Every message of a run names inputs and outputs: with --redact it goes
// through the run's redactor, as the records do.
class Messages {
 public:
  explicit Messages(redact::Redactor* redactor) : redactor_(redactor) {}
  void operator()(const std::string& message) const { PrintError(Redacted(redactor_, message)); }
  redact::Redactor* redactor() const { return redactor_; }

 private:
  redact::Redactor* redactor_;
};

// Inputs are never written: an output or summary that names an input is
// refused; one found only by searching a directory (this run's own earlier
// output) is left out of the inputs.
bool CheckOutputsAreNoInputs(const RunOptions& options, std::vector<std::string>& inputs,
                             const std::vector<std::string>& named, const Messages& say) {
  for (const std::string* out : {&options.output, &options.summary}) {
    if (out->empty() || *out == "-") continue;
    for (const std::string& in : named) {
      if (SameFile(*out, in)) {
        say(*out + ": is also an input; refusing to overwrite it");
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
      say("note: " + in + ": skipped, it is this run's output");
      return true;
    });
  }
  if (!options.output.empty() && options.output != "-" &&
      SameFile(options.output, options.summary)) {
    say(options.output + ": given as both --output and --summary");
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

// The batch summary to --summary (JSON unless --summary-format), or to
// stderr (text unless --summary-format).
bool WriteSummary(const BatchSummary& summary, const RunOptions& options, const Messages& say) {
  if (options.summary.empty()) {
    if (!options.quiet) {
      const auto format = SummaryFormatOr(options.summary_format, SummaryFormat::kText);
      std::fputs(Redacted(say.redactor(), RenderSummary(summary, format)).c_str(), stderr);
    }
    return true;
  }
  const auto format = SummaryFormatOr(options.summary_format, SummaryFormat::kJson);
  auto written = WriteSummaryFile(summary, format, options.summary, say.redactor());
  if (!written) say(written.error().OneLine());
  return written.has_value();
}

// The inputs of the run: as given plus --files-from, directories walked in
// batch mode (what the walk could not read goes to `errors`), minus outputs
// and what --resume finds done (whose records go into `summary`). nullopt
// after an error, said on stderr.
std::optional<std::vector<std::string>> CollectInputs(const RunOptions& options,
                                                      std::vector<Error>& errors,
                                                      BatchSummary& summary, const Messages& say) {
  std::vector<std::string> given = options.inputs;
  if (!options.files_from.empty()) {
    auto listed = ReadInputList(options.files_from);
    if (!listed) {
      say(listed.error().OneLine());
      return std::nullopt;
    }
    given.insert(given.end(), listed->begin(), listed->end());
  }
  std::vector<std::string> inputs = options.batch ? ExpandInputs(given, &errors) : given;
  if (!CheckOutputsAreNoInputs(options, inputs, given, say)) return std::nullopt;
  if (!options.resume.empty()) {
    auto resumed = ResumeFrom(options.resume, inputs, summary);
    if (!resumed) {
      say(resumed.error().OneLine());
      return std::nullopt;
    }
  }
  return inputs;
}

ReportPtr ErrorReportPtr(const std::string& path, const Error& e) {
  return std::make_shared<const pipeline::AnalysisReport>(pipeline::ErrorReport(path, e));
}

// A report as it goes to the output and the summary.
struct Rendered {
  std::vector<std::string> text;
  ReportPtr streamed;  // instead of `text`: rendered as it is written
  SummaryEntry entry;
  uint64_t bytes = 0;
  std::string partial;  // why the report covers only part of the input
};

// The output side of a run: writes, the --format json framing, what went
// wrong, the summary.
class RunOutput {
 public:
  RunOutput(const RunOptions& options, OutputFile output, const Messages& say)
      : options_(options), output_(std::move(output)), say_(say) {}

  Rendered RenderedOf(const ReportPtr& ptr, const std::string& input) const {
    const pipeline::AnalysisReport& report = *ptr;
    // A report of many events is JSON of megabytes: it is rendered where it
    // is written, in pieces that go out as they are made, never held whole
    // (issue 11: its text was a fifth of a crash-dense log's peak memory).
    // Not with --redact: a placeholder must see a value whole.
    constexpr size_t kStreamedEvents = 1000;
    const bool streamed = options_.framing != Framing::kStream && !options_.redact &&
                          report.events.size() >= kStreamedEvents;
    Rendered r{streamed ? std::vector<std::string>{} : options_.render(report),
               streamed ? ptr : nullptr, EntryFor(report), report.bytes, ""};
    if (report.partial && !report.warnings.empty())
      r.partial = report.input + ": " + report.warnings.back().message;
    if (!options_.batch) {
      for (std::string& e : r.entry.errors) e += BatchHint(input);
    }
    return r;
  }

  void Emit(Rendered r) {
    for (const auto& e : r.entry.errors) say_(e);
    if (!r.partial.empty()) say_("warning: " + r.partial);
    any_error_ = any_error_ || !r.entry.errors.empty() || !r.partial.empty();
    summary_.Add(r.entry);
    if (options_.framing == Framing::kJsonArray) {
      json_reports_.push_back(std::move(r));
    } else {
      WriteRendered(r);
    }
  }

  // Writes the --format json reports held until the end.
  void WriteHeld() {
    if (json_reports_.size() == 1) WriteRendered(json_reports_.front());
    if (json_reports_.size() > 1) {
      Write("[\n");
      for (size_t i = 0; i < json_reports_.size(); ++i) {
        if (i > 0) Write(",\n");
        WriteRendered(json_reports_[i]);
      }
      Write("]\n");
    }
  }

  // Commits the output and writes the summary; false when anything failed.
  bool Commit() {
    if (!write_error_) {
      if (auto committed = output_.Commit(); !committed) write_error_ = committed.error();
    }
    if (write_error_) {
      say_(write_error_->OneLine());
      any_error_ = true;
    }
    if (options_.batch && !WriteSummary(summary_, options_, say_)) any_error_ = true;
    return !any_error_;
  }

  BatchSummary& summary() { return summary_; }

 private:
  void Write(std::string_view text) {
    if (write_error_) return;
    if (auto written = output_.Write(text); !written) write_error_ = written.error();
  }

  void WriteRendered(const Rendered& r) {
    if (write_error_) return;
    if (r.streamed) return Stream(*r.streamed);
    // One write per record: a killed run leaves whole lines only. Redacted
    // here, in output order, so placeholders do not depend on --jobs.
    Result<void> written;
    if (say_.redactor() != nullptr) {
      std::string whole;
      for (const std::string& piece : r.text) whole += piece;
      written = output_.Write(Redacted(say_.redactor(), std::move(whole)));
    } else {
      written = output_.Write(r.text);
    }
    if (!written) write_error_ = written.error();
  }

  // Renders a report as JSON into the output, a piece at a time, as one record.
  void Stream(const pipeline::AnalysisReport& report) {
    const bool json_line = options_.framing == Framing::kJsonLines;
    output_.BeginRecord();
    std::string rest;
    render::JsonWriter w(rest, json_line ? -1 : 2, [&](std::string&& piece) { Write(piece); });
    render::WriteReport(w, report, json_line);
    rest.push_back('\n');
    Write(rest);
    if (auto ended = output_.EndRecord(); !ended && !write_error_) write_error_ = ended.error();
  }

  const RunOptions& options_;
  OutputFile output_;
  const Messages& say_;
  BatchSummary summary_;
  bool any_error_ = false;
  std::optional<Error> write_error_;
  std::vector<Rendered> json_reports_;
};

}  // namespace

bool RunBatch(const RunOptions& options, const pipeline::AnalyzeOptions& analyze) {
  // Made first: every message below goes through it too.
  auto redactor = MakeRedactor(options.redact);
  if (!redactor) {
    PrintError(redactor.error().OneLine());
    return false;
  }
  const Messages say(redactor->get());
  std::vector<Error> expand_errors;
  BatchSummary resumed;
  auto collected = CollectInputs(options, expand_errors, resumed, say);
  if (!collected) return false;
  const std::vector<std::string>& inputs = *collected;
  // The parts of a makedumpfile --split set, given in any order and among
  // other inputs, are one dump: one report, in the place of its first part.
  InputJobs jobs(inputs, analyze);
  jobs.SetShard(options.shard_index, options.shard_count);
  Progress progress(inputs.size(), options.batch && !options.quiet && StderrIsTerminal());

  auto output = options.resume.empty()
                    ? OutputFile::Open(options.output, options.framing == Framing::kJsonLines)
                    : OutputFile::OpenForAppend(options.resume);
  if (!output) {
    say(output.error().OneLine());
    return false;
  }
  RunOutput out(options, std::move(*output), say);
  out.summary() = std::move(resumed);
  // What the directory walk could not read is a failed input like any other.
  for (const Error& e : expand_errors) out.Emit(out.RenderedOf(ErrorReportPtr(e.path, e), e.path));
  using Outcome = std::vector<Rendered>;  // none: a later part of a split set
  RunInOrder<Outcome>(
      inputs.size(), options.jobs,
      [&](size_t i) {
        Outcome outcome;
        for (const auto& report : jobs.Run(i)) outcome.push_back(out.RenderedOf(report, inputs[i]));
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
          out.Emit(std::move(r));
        }
      },
      [&](size_t i, const std::string& what) {
        // A bug, or out of memory, in one input: that input fails, the rest go on.
        Error error{ErrorCode::kIo, inputs[i], std::nullopt,
                    "internal error while analysing: " + what};
        return Outcome{out.RenderedOf(ErrorReportPtr(inputs[i], error), inputs[i])};
      });
  out.WriteHeld();
  progress.Finish();
  return out.Commit();
}

}  // namespace crashsift::batch
