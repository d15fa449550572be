// The part of the pipeline shared by text logs and vmcores: LogRecords in,
// an AnalysisReport (events with titles, facts per boot, diagnoses) out.
// Streaming: records are consumed one at a time and never all kept.
#pragma once

#include <functional>
#include <memory>

#include "analyzer/events/event_splitter.h"
#include "analyzer/kernel_log/log_record.h"
#include "analyzer/pipeline/analysis_report.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/titles/report_scanner.h"

namespace crashsift::pipeline {

class RecordAnalysis {
 public:
  explicit RecordAnalysis(const AnalyzeOptions& options) : options_(options) {
    scanner_.KeepText(false);  // titles and positions are all Finish reads
  }

  void Add(const kernel_log::LogRecord& record) {
    splitter_.Add(record);
    scanner_.Add(record);
  }

  // Facts the source has beyond its records (a dump's OSRELEASE, crash time,
  // registers), merged into every boot's SystemFacts before diagnosis.
  using SourceFactsMerger = std::function<void(events::SystemFacts&)>;
  // Events found outside the log (the dump's blocked tasks), added before
  // diagnosis unless the log already reports a hung or blocked task of the
  // same pid; they belong to the last boot.
  void AddOutsideEvents(std::vector<events::Event> events) {
    for (auto& e : events) outside_.push_back(std::move(e));
  }

  // Closes the streams and fills events, boots, system and diagnoses of
  // `report` (input, format and warnings are the caller's).
  void Finish(AnalysisReport& report, const SourceFactsMerger& merge_source_facts = {});

 private:
  const AnalyzeOptions& options_;
  events::EventSplitter splitter_;
  titles::ReportScanner scanner_;
  std::vector<events::Event> outside_;
};

}  // namespace crashsift::pipeline
