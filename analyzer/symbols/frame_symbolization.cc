#include "analyzer/symbols/frame_symbolization.h"

#include <map>

#include "analyzer/core/limits.h"

namespace crashsift::symbols {

std::optional<FrameQuery> QueryFor(const events::StackFrame& frame,
                                   const std::string& kernel_release) {
  if (!frame.offset || frame.function.empty() || !frame.source.empty()) return std::nullopt;
  FrameQuery query;
  query.function = frame.function;
  query.offset = *frame.offset;
  query.size = frame.size;
  query.module = frame.module;
  query.module_build_id = frame.module_build_id;
  query.kernel_release = kernel_release;
  return query;
}

std::vector<Warning> SymbolizeEvents(Symbolizer& symbolizer, std::vector<events::Event>& events,
                                     const std::vector<std::string>& releases,
                                     const std::string& input) {
  std::map<std::string, size_t> failures;  // reason -> frames without a source
  size_t done = 0;
  auto symbolize = [&](events::StackFrame& frame, const std::string& release) {
    auto query = QueryFor(frame, release);
    if (!query || done >= limits::kMaxSymbolizedFramesPerInput) return;
    ++done;
    auto chain = symbolizer.Symbolize(*query);
    if (chain) {
      frame.source = std::move(*chain);
    } else {
      ++failures[chain.error().OneLine()];
    }
  };
  for (auto& e : events) {
    std::string release = e.kernel_release;
    if (release.empty() && e.boot < releases.size()) release = releases[e.boot];
    if (e.rip_frame) symbolize(*e.rip_frame, release);
    for (auto& frame : e.frames) symbolize(frame, release);
  }
  std::vector<Warning> warnings;
  for (const auto& [reason, frames] : failures) {
    warnings.push_back({input, std::nullopt,
                        "debuginfo: " + reason + " (" + std::to_string(frames) +
                            (frames == 1 ? " frame" : " frames") + " without source)"});
  }
  return warnings;
}

}  // namespace crashsift::symbols
