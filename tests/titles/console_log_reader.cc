#include "tests/titles/console_log_reader.h"

#include <re2/re2.h>

namespace crashsift::titles::testing {

std::vector<kernel_log::LogRecord> ReadConsoleLog(std::string_view bytes) {
  static const RE2 prefix(
      R"(^(?:\*\* [0-9]+ printk messages dropped \*\* )?(?:.* login: )?(?:\<[0-9]+\>)?\[ *([0-9]+\.[0-9]+)\](\[ *((?:C|T)[0-9]+)\])? )",
      RE2::Latin1);
  std::vector<kernel_log::LogRecord> records;
  uint64_t number = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view line = bytes.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // serial consoles
    ++number;
    kernel_log::LogRecord record;
    record.line = record.last_line = number;
    re2::StringPiece input(line.data(), line.size());
    std::string seconds, caller;
    if (RE2::PartialMatch(input, prefix, &seconds, static_cast<void*>(nullptr), &caller)) {
      record.monotonic = std::strtod(seconds.c_str(), nullptr);
      record.caller = caller;
      // As syzbot does: the text starts after the first "] ".
      size_t start = line.find("] ");
      record.text = std::string(line.substr(start + 2));
    } else {
      record.text = std::string(line);
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace crashsift::titles::testing
