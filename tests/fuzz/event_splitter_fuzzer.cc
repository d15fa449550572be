// fuzz-deps: crashsift_events
// libFuzzer target: arbitrary bytes, cut into lines, as LogRecords through the
// EventSplitter, plus the line parsers on their own. Checks the contract:
// no crash, no hang, bounded output (events and evidence lines within limits).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzer/core/limits.h"
#include "analyzer/core/version.h"
#include "analyzer/events/event_splitter.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/events/task_context.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  events::EventSplitter splitter;
  uint64_t line = 0;
  uint32_t boot = 0;
  while (!input.empty()) {
    size_t nl = input.find('\n');
    std::string_view text = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    kernel_log::LogRecord record;
    record.text = std::string(text);
    record.line = record.last_line = ++line;
    // A byte of the line picks the caller and the boot, so that interleaving
    // and boot changes are explored too.
    unsigned char salt = text.empty() ? 0 : static_cast<unsigned char>(text.back());
    if (salt % 7 == 1) record.caller = "T" + std::to_string(salt % 5);
    if (salt == 0xff) ++boot;
    record.boot = boot;
    record.monotonic = static_cast<double>(salt);
    splitter.Add(record);
    (void)events::ParseStackFrame(text, line);
    (void)events::ParseInstructionPointer(text, line);
    (void)events::ParseTaskContext(text);
    (void)events::DecodeTaint(text);
    (void)ParseVersion(text);
    (void)UpstreamKernelFromBanner(text);
  }
  events::SplitResult result = splitter.Finish();
  if (result.events.size() > limits::kMaxEventsPerInput) std::abort();
  for (const events::Event& e : result.events) {
    if (e.lines.size() > limits::kMaxEventLines) std::abort();
    if (e.first_line > e.last_line || e.last_line > line) std::abort();
    for (const events::StackFrame& f : e.frames) {
      if (f.stack >= e.stack_labels.size()) std::abort();
    }
  }
  return 0;
}
