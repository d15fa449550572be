// Helpers of the EventSplitter tests: a sample of corpus/logs/events split,
// and look-ups in the result.
#pragma once

#include <string>
#include <vector>

#include "analyzer/events/event_splitter.h"
#include "tests/events/dmesg_text.h"
#include "tests/support/test_support.h"

namespace crashsift::events {

inline SplitResult Split(const std::string& sample) {
  std::string text =
      crashsift::testing::ReadFile(crashsift::testing::CorpusPath("logs/events/" + sample));
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(text)) splitter.Add(record);
  return splitter.Finish();
}

inline std::vector<const Event*> OfKind(const SplitResult& r, EventKind kind) {
  std::vector<const Event*> out;
  for (const Event& e : r.events) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

inline std::vector<std::string> Functions(const Event& e, size_t n, bool reliable_only = false) {
  std::vector<std::string> out;
  for (const StackFrame& f : e.frames) {
    if (out.size() >= n) break;
    if (reliable_only && !f.reliable) continue;
    out.push_back(f.function);
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace crashsift::events
