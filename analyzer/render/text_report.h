// AnalysisReport -> the human report printed by `crashsift analyze` (default
// --format text): a headline per diagnosis with evidence lines and their line
// numbers, the detected versions, and the recommended actions; then the
// events that no diagnosis explains.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::render {

struct TextOptions {
  bool explain = false;      // also print near-misses (why a signature was ruled out)
  size_t max_frames = 12;    // frames shown per event
  size_t max_evidence = 12;  // evidence lines shown per diagnosis
};

std::string RenderText(const pipeline::AnalysisReport& report, const TextOptions& options = {});

// A register value as both reports print it: "0x" and 16 hex digits.
std::string RegisterHex(uint64_t value);

}  // namespace crashsift::render
