#include "analyzer/pipeline/analyze.h"

#include <chrono>
#include <cstdio>
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
// and its registers (NT_PRSTATUS: "vmcore.panic_regs.rip" = "0xffffffff...").
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
  system.extra["vmcore.osrelease"] = facts.osrelease;
  system.extra["vmcore.arch"] = facts.arch;
  system.extra["vmcore.vmcoreinfo_source"] = facts.vmcoreinfo_source;
  system.extra["vmcore.ring_layout"] = facts.ring_layout;
  system.extra["vmcore.page_size"] = std::to_string(facts.page_size);
  system.extra["vmcore.cpus"] = std::to_string(facts.cpus.size());
  if (facts.panic_cpu) system.extra["vmcore.panic_cpu"] = std::to_string(*facts.panic_cpu);
  if (const vmcore::CpuRegisters* regs = facts.PanicCpuRegisters()) {
    system.extra["vmcore.panic_regs.pid"] = std::to_string(regs->pid);
    for (const auto& [name, value] : vmcore::NamedRegisters(*regs)) {
      char hex[19];
      std::snprintf(hex, sizeof hex, "0x%016llx", static_cast<unsigned long long>(value));
      system.extra["vmcore.panic_regs." + std::string(name)] = hex;
    }
  }
}

}  // namespace

Result<AnalysisReport> AnalyzeVmcoreLog(vmcore::VmcoreLog log, const std::string& name,
                                        const AnalyzeOptions& options,
                                        const std::vector<std::string>& parts) {
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
    analysis.AddOutsideEvents(DumpTaskEvents(parts, options.debuginfo, name, report.warnings));
  analysis.Finish(report, [&](events::SystemFacts& system) { AddVmcoreFacts(log.facts, system); });
  diagnosis::AdaptAdviceToInput(diagnosis::InputNature::kVmcore, report.system, report.input,
                                report.diagnoses, report.collect_next);
  return report;
}

namespace {

Result<AnalysisReport> AnalyzeText(const input::InputSource& source,
                                   const AnalyzeOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto text = input::OpenTextInput(source);
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

}  // namespace

Result<AnalysisReport> AnalyzeInput(const std::string& path, const AnalyzeOptions& options) {
  auto source = input::InputSource::FromPath(path);
  // Dumps are mapped and read at random; only a regular file can be one.
  if (!source.is_stdin()) {
    auto kind = input::SniffInput(source);
    if (!kind) return Fail(kind.error());
    if (input::IsVmcore(*kind)) {
      auto log = vmcore::ReadVmcoreLog({path}, options.max_memory_bytes);
      if (!log) return Fail(log.error());
      return AnalyzeVmcoreLog(std::move(*log), path, options, {path});
    }
  }
  return AnalyzeText(source, options);
}

Result<AnalysisReport> AnalyzeDumpParts(const std::vector<std::string>& parts,
                                        const AnalyzeOptions& options) {
  if (parts.size() == 1) return AnalyzeInput(parts.front(), options);
  auto log = vmcore::ReadVmcoreLog(parts, options.max_memory_bytes);
  if (!log) return Fail(log.error());
  std::string name;
  for (const std::string& part : parts) name += (name.empty() ? "" : ", ") + part;
  return AnalyzeVmcoreLog(std::move(*log), name, options, parts);
}

Result<AnalysisReport> AnalyzeBytes(std::string_view bytes, const std::string& name,
                                    const AnalyzeOptions& options) {
  auto source = input::InputSource::FromBytes(bytes, name);
  if (input::IsVmcore(input::Sniff(bytes.substr(0, input::kMagicBytes)))) {
    auto dump = vmcore::DumpBytes::FromMemory(
        std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()), name);
    auto log = vmcore::ReadVmcoreLogFromBytes({dump});
    if (!log) return Fail(log.error());
    return AnalyzeVmcoreLog(std::move(*log), name, options);
  }
  return AnalyzeText(source, options);
}

AnalysisReport ErrorReport(const std::string& path, const Error& error) {
  AnalysisReport report;
  report.input = path;
  report.errors.push_back(error);
  return report;
}

}  // namespace crashsift::pipeline
