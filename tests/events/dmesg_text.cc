#include "tests/events/dmesg_text.h"

#include <cstdlib>
#include <string>

namespace crashsift::events::testing {
namespace {

// "[   12.345678]" at the start of `line` -> seconds; advances `line`.
bool TakeTimestamp(std::string_view& line, double& seconds) {
  if (line.size() < 3 || line.front() != '[') return false;
  size_t close = line.find(']');
  if (close == std::string_view::npos) return false;
  std::string_view inner = line.substr(1, close - 1);
  while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
  if (inner.empty() || inner.find('.') == std::string_view::npos) return false;
  for (char c : inner) {
    if ((c < '0' || c > '9') && c != '.') return false;
  }
  seconds = std::strtod(std::string(inner).c_str(), nullptr);  // "1.2.3" -> 1.2, never throws
  line.remove_prefix(close + 1);
  return true;
}

// "[ T123]" / "[    C1]" right after the timestamp -> "T123"; advances `line`.
bool TakeCaller(std::string_view& line, std::string& caller) {
  if (line.size() < 4 || line.front() != '[') return false;
  size_t close = line.find(']');
  if (close == std::string_view::npos || close > 16) return false;
  std::string_view inner = line.substr(1, close - 1);
  while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
  if (inner.size() < 2 || (inner[0] != 'T' && inner[0] != 'C')) return false;
  for (char c : inner.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  caller = std::string(inner);
  line.remove_prefix(close + 1);
  return true;
}

// "Apr 18 02:17:55 host kernel: msg" (syslog) -> "msg"; false for other
// programs' syslog lines, which are not kernel records.
enum class Syslog { kNotSyslog, kKernel, kOtherProgram };
Syslog StripSyslogPrefix(std::string_view& line) {
  if (line.size() < 16 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':') {
    return Syslog::kNotSyslog;
  }
  size_t kernel = line.find(" kernel: ");
  if (kernel == std::string_view::npos || kernel > 80) return Syslog::kOtherProgram;
  line.remove_prefix(kernel + 9);
  return Syslog::kKernel;
}

}  // namespace

std::vector<kernel_log::LogRecord> RecordsFromDmesgText(std::string_view text) {
  std::vector<kernel_log::LogRecord> out;
  uint64_t number = 0;
  uint32_t boot = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    std::string cleaned;
    cleaned.reserve(line.size());
    for (char c : line) {
      if (c != '\r') cleaned.push_back(c);
    }
    std::string_view rest = cleaned;
    if (StripSyslogPrefix(rest) == Syslog::kOtherProgram) continue;
    kernel_log::LogRecord record;
    double seconds = 0;
    if (TakeTimestamp(rest, seconds)) {
      record.monotonic = seconds;
      TakeCaller(rest, record.caller);
      if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
    record.text = std::string(rest);
    record.line = number;
    record.last_line = number;
    if (record.text.starts_with("Linux version ") && !out.empty()) ++boot;
    record.boot = boot;
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace crashsift::events::testing
