// fuzz-deps: crashsift_render
// The renderers on reports built from arbitrary bytes (titles, task names,
// frames, evidence, file names: any byte, valid UTF-8 or not): the JSON and
// JSON Lines text must always be one valid JSON document, and the text
// report must not crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "analyzer/render/json_report.h"
#include "analyzer/render/text_report.h"

namespace {

// Hands out pieces of the input, split at NUL bytes.
struct Pieces {
  std::string_view rest;
  std::string Next() {
    size_t nul = rest.find('\0');
    std::string out(rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
    return out;
  }
  uint8_t Byte() { return rest.empty() ? 0 : static_cast<uint8_t>(Next().size()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift;
  Pieces in{std::string_view(reinterpret_cast<const char*>(data), size)};
  pipeline::AnalysisReport report;
  report.input = in.Next();
  report.format = in.Next();
  report.system.kernel_release = in.Next();
  report.system.hardware = in.Next();
  report.system.modules.push_back(in.Next());
  auto& dump = report.system.dump.emplace();
  dump.osrelease = in.Next();
  dump.vmcoreinfo_source = in.Next();
  dump.panic_regs.emplace().named.emplace_back(in.Next(), in.Byte());
  for (int e = 0; e < 3 && !in.rest.empty(); ++e) {
    events::Event event;
    event.kind = static_cast<events::EventKind>(in.Byte() % 17);
    event.title = in.Next();
    event.headline = in.Next();
    event.task.comm = in.Next();
    event.crash = in.Byte() & 1;
    event.corrupted = in.Byte() & 1;
    event.corrupted_reason = in.Next();
    event.details[in.Next()] = in.Next();
    event.lines.push_back({1, in.Next()});
    for (int f = 0; f < 3; ++f) {
      events::StackFrame frame;
      frame.function = in.Next();
      frame.module = in.Next();
      frame.context = in.Next();
      event.frames.push_back(frame);
    }
    report.events.push_back(event);
  }
  diagnosis::Diagnosis d;
  d.signature = in.Next();
  d.title = in.Next();
  d.confidence = in.Byte() / 255.0;
  d.evidence.push_back({2, in.Next()});
  d.reasons.push_back(in.Next());
  report.diagnoses.push_back(d);
  report.warnings.push_back({in.Next(), std::nullopt, in.Next()});
  report.errors.push_back({ErrorCode::kCorrupt, in.Next(), 7, in.Next()});
  for (int indent : {-1, 2}) {
    std::string text = render::RenderJson(report, indent);
    if (!nlohmann::json::accept(text)) abort();
  }
  if (!nlohmann::json::accept(render::RenderJsonLine(report))) abort();
  (void)render::RenderText(report, {true});
  return 0;
}
