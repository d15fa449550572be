// fuzz-deps: crashsift_titles
// libFuzzer target: arbitrary bytes, cut into lines, as LogRecords through the
// ReportScanner (with printk caller ids and timestamps chosen from the input
// so that context switches are explored), then the event-title path, the
// normaliser and the demangler on the same bytes. Checks the contract: no
// crash, no hang, titles bounded and normalised.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analyzer/titles/demangle.h"
#include "analyzer/titles/event_titles.h"
#include "analyzer/titles/normalize.h"
#include "analyzer/titles/report_scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  titles::ReportScanner scanner;
  events::Event event;
  event.kind = static_cast<events::EventKind>(size % 17);
  uint64_t line = 0;
  std::string_view rest = input;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view text = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    kernel_log::LogRecord record;
    record.text = std::string(text);
    record.line = record.last_line = ++line;
    unsigned char pick = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
    if (pick & 1) record.monotonic = static_cast<double>(line);
    if (pick & 2) record.caller = (pick & 4 ? "T" : "C") + std::to_string(pick >> 5);
    if (event.lines.size() < 256) event.lines.push_back({line, record.text});
    if (event.headline.empty()) event.headline = record.text;
    scanner.Add(record);
  }
  for (const auto& report : scanner.Finish()) {
    if (report.title.size() > titles::kMaxTitleBytes) abort();
    if (report.last_line < report.first_line) abort();
    if (report.corrupted != !report.corrupted_reason.empty()) abort();
  }
  titles::EventTitle title = titles::TitleForEvent(event);
  if (title.title.empty() || title.title.size() > titles::kMaxTitleBytes) abort();
  if (titles::NormalizeTitle(input).size() > titles::kMaxTitleBytes) abort();
  (void)titles::DemangleNoParams(input.substr(0, 4096));
  return 0;
}
