// Everything crashsift says about one input. Renderers see only this.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"

namespace crashsift::pipeline {

struct BootInfo {
  uint32_t index = 0;
  uint64_t first_line = 0;
  uint64_t last_line = 0;
  events::SystemFacts system;
};

struct AnalysisReport {
  std::string input;   // path as given, or "-" for stdin
  std::string format;  // detected: "dmesg", "dmesg-T", "journalctl-short", "vmcore-kdump-lzo", ...
  std::string compression;     // "", "gzip", "xz", "zstd"
  events::SystemFacts system;  // of the boot that holds the first crash (else the last boot)
  std::vector<BootInfo> boots;
  std::vector<events::Event> events;
  std::vector<diagnosis::Diagnosis> diagnoses;
  std::vector<diagnosis::NearMiss> near_misses;  // filled with --explain
  std::vector<std::string> collect_next;         // for the whole input, when evidence is thin
  std::vector<Warning> warnings;
  std::vector<Error> errors;
  // True when a cap stopped the reading early (--max-input-time): the report
  // covers only the start of the input, and a warning says where it stopped.
  bool partial = false;
  uint64_t records = 0;  // log records read
  uint64_t bytes = 0;    // input bytes read
};

}  // namespace crashsift::pipeline
