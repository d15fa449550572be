// fuzz-deps: crashsift_render crashsift_pipeline
// The whole pipeline on arbitrary bytes, as `crashsift analyze --format json`
// runs it: sniffing, decompression, text or vmcore reading, event splitting,
// titles, matching against the shipped signature library, diagnosis, and the
// JSON report, which must be valid JSON whatever the input bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "analyzer/matching/signature_library.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"

namespace {

const crashsift::matching::SignatureLibrary* Shipped() {
  static auto library = crashsift::matching::SignatureLibrary::Load(CRASHSIFT_SIGNATURES_DIR);
  if (!library) abort();  // the shipped library must load
  return &*library;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift;
  // The per-input time cap (2 s) stays well under libFuzzer's -timeout=10:
  // with both at 10 s a decompression bomb among the seeds (corpus/bad)
  // raced the cap and was reported as a hang.
  pipeline::AnalyzeOptions options{Shipped(), /*explain=*/size % 2 == 0, 2, 0};
  auto report = pipeline::AnalyzeBytes(std::string_view(reinterpret_cast<const char*>(data), size),
                                       "fuzz", options);
  pipeline::AnalysisReport out =
      report ? std::move(*report) : pipeline::ErrorReport("fuzz", report.error());
  if (!nlohmann::json::accept(render::RenderJsonLine(out))) abort();
  return 0;
}
