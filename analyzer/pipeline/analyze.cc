#include "analyzer/pipeline/analyze.h"

#include <chrono>
#include <memory>

#include "analyzer/core/limits.h"
#include "analyzer/core/version.h"
#include "analyzer/diagnosis/input_advice.h"
#include "analyzer/input/deadline_chunk_source.h"
#include "analyzer/input/input_kind.h"
#include "analyzer/input/input_source.h"
#include "analyzer/input/text_input.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "analyzer/pipeline/dump_task_events.h"
#include "analyzer/pipeline/record_analysis.h"
#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::pipeline {
namespace {

// Facts a dump has and a log may not: OSRELEASE, crash time, the panic CPU
// and its registers (NT_PRSTATUS), as typed fields of the boot's facts.
void AddVmcoreFacts(const vmcore::VmcoreFacts& facts, events::SystemFacts& system) {
  if (system.kernel_release.empty() && !facts.osrelease.empty()) {
    // The ring wrapped past the "Linux version" banner (a long uptime): the
    // dump's own VMCOREINFO names the release; parsed here, before diagnosis,
    // so the affected verdict and collect-next use it.
    system.kernel_release = facts.osrelease;
    system.kernel = ParseVersion(system.kernel_release);
    if (!system.kernel_upstream) system.kernel_upstream = system.kernel;
  }
  if (facts.crash_time) system.crash_time = static_cast<double>(*facts.crash_time);
  if (system.arch.empty()) system.arch = facts.arch;
  events::DumpFacts& dump = system.dump.emplace();
  dump.osrelease = facts.osrelease;
  dump.arch = facts.arch;
  dump.vmcoreinfo_source = facts.vmcoreinfo_source;
  dump.ring_layout = facts.ring_layout;
  dump.page_size = facts.page_size;
  dump.cpus = facts.cpus.size();
  dump.panic_cpu = facts.panic_cpu;
  if (const vmcore::CpuRegisters* regs = facts.PanicCpuRegisters()) {
    auto& out = dump.panic_regs.emplace();
    out.pid = regs->pid;
    out.arm64 = regs->arm64;
    out.ip = regs->arm64 ? regs->pc : regs->rip;
    out.sp = regs->arm64 ? regs->sp : regs->rsp;
    for (const auto& [name, value] : vmcore::NamedRegisters(*regs))
      out.named.emplace_back(name, value);
  }
}

}  // namespace

Result<AnalysisReport> AnalyzeVmcoreLog(vmcore::VmcoreLog log, const std::string& name,
                                        const AnalyzeOptions& options,
                                        std::vector<vmcore::DumpBytes> parts) {
  // Exit status 0 says "analysed": a dump that gave nothing is not that.
  if (log.records.empty()) {
    std::string why = log.warnings.empty() ? "" : " (" + log.warnings.front().message + ")";
    return Fail(ErrorCode::kCorrupt, name,
                "no kernel log record could be recovered from the dump" + why);
  }
  AnalysisReport report;
  report.input = name;
  report.format = log.facts.format;
  report.warnings = std::move(log.warnings);
  RecordAnalysis analysis(options);
  for (const auto& record : log.records) analysis.Add(record);
  if (!options.debuginfo.empty() && !parts.empty())
    analysis.AddOutsideEvents(
        DumpTaskEvents(std::move(parts), options.debuginfo, name, report.warnings));
  analysis.Finish(report, [&](events::SystemFacts& system) { AddVmcoreFacts(log.facts, system); });
  diagnosis::AdaptAdviceToInput(diagnosis::InputNature::kVmcore, report.system, report.input,
                                report.diagnoses, report.collect_next);
  return report;
}

namespace {

Result<AnalysisReport> AnalyzeText(input::OpenedInput& in, const AnalyzeOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const input::InputSource& source = in.source();
  auto text = input::OpenTextInput(in);
  if (!text) return Fail(text.error());
  const unsigned seconds =
      options.max_input_seconds ? options.max_input_seconds : limits::kDefaultMaxInputSeconds;
  auto timed = std::make_unique<input::DeadlineChunkSource>(
      std::move(text->chunks), started + std::chrono::seconds(seconds));
  const input::DeadlineChunkSource* clock = timed.get();
  auto reader =
      kernel_log::TextLogReader::FromChunks(std::move(timed), source.name(), text->compression);
  if (!reader) return Fail(reader.error());
  AnalysisReport report;
  report.input = source.is_stdin() ? "-" : source.name();
  RecordAnalysis analysis(options);
  kernel_log::LogRecord record;
  for (;;) {
    auto more = reader->Next(record);
    if (!more) return Fail(more.error());
    if (!*more) break;
    analysis.Add(record);
  }
  report.format = std::string(reader->format());
  report.compression = std::string(reader->compression());
  if (clock->expired()) {
    report.partial = true;
    report.warnings.push_back({report.input, std::nullopt,
                               "partial: reading stopped after " + std::to_string(seconds) +
                                   " s (--max-input-time); the report covers the first " +
                                   std::to_string(reader->lines_read()) + " lines"});
  }
  if (reader->cut_lines() > 0) {
    report.warnings.push_back({report.input, std::nullopt,
                               std::to_string(reader->cut_lines()) + " line(s) longer than " +
                                   std::to_string(limits::kMaxLineBytes / 1024) + " KiB were cut"});
  }
  analysis.Finish(report);
  return report;
}

// A dump's bytes as the vmcore readers take them: its mapping (read at
// random), or the bytes of a small one read whole.
vmcore::DumpBytes DumpBytesOf(const input::OpenedInput& in, uint64_t max_memory) {
  vmcore::DumpBytes dump;
  if (const auto& file = in.mapping()) {
    file->AdviseRandom();
    dump = vmcore::DumpBytes{file, file->bytes(), in.name(), nullptr};
  } else {
    dump = vmcore::DumpBytes::FromMemory(std::as_bytes(std::span(in.bytes())), in.name());
  }
  if (max_memory != 0) dump.max_memory = max_memory;
  return dump;
}

}  // namespace

Result<AnalysisReport> AnalyzeOpened(input::OpenedInput& in, const AnalyzeOptions& options) {
  std::vector<input::OpenedInput> one;
  if (!input::IsVmcore(in.kind())) return AnalyzeText(in, options);
  one.push_back(in);
  return AnalyzeDumpParts(one, options);
}

Result<AnalysisReport> AnalyzeInput(const std::string& path, const AnalyzeOptions& options) {
  auto in = input::OpenedInput::Open(input::InputSource::FromPath(path));
  if (!in) return Fail(in.error());
  return AnalyzeOpened(*in, options);
}

Result<AnalysisReport> AnalyzeBytes(std::string_view bytes, const std::string& name,
                                    const AnalyzeOptions& options) {
  auto in = input::OpenedInput::Open(input::InputSource::FromBytes(bytes, name));
  if (!in) return Fail(in.error());
  return AnalyzeOpened(*in, options);
}

Result<AnalysisReport> AnalyzeDumpParts(std::vector<input::OpenedInput>& parts,
                                        const AnalyzeOptions& options) {
  std::vector<vmcore::DumpBytes> dumps;
  std::string name;
  for (const input::OpenedInput& part : parts) {
    dumps.push_back(DumpBytesOf(part, options.max_memory_bytes));
    name += (name.empty() ? "" : ", ") + part.name();
  }
  // The task walk (--debuginfo) reads the same mappings as the log reader.
  std::vector<vmcore::DumpBytes> for_tasks;
  if (!options.debuginfo.empty()) for_tasks = dumps;
  auto log = vmcore::ReadVmcoreLogFromBytes(std::move(dumps));
  if (!log) return Fail(log.error());
  return AnalyzeVmcoreLog(std::move(*log), name, options, std::move(for_tasks));
}

AnalysisReport ErrorReport(const std::string& path, const Error& error) {
  AnalysisReport report;
  report.input = path;
  report.errors.push_back(error);
  return report;
}

}  // namespace crashsift::pipeline
