// RenderDmesg and the printk -> LogRecord conversion (declared in
// vmcore_log_reader.h).
#include <cstdio>

#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::vmcore {
namespace {

// C-locale isprint() || isspace() on a byte value 0..127.
bool PrintableOrSpace(unsigned char c) {
  return (c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r');
}

void AppendPrefix(std::string& out, uint64_t ts_nsec) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "[%5llu.%06llu] ",
                        static_cast<unsigned long long>(ts_nsec / 1000000000ull),
                        static_cast<unsigned long long>(ts_nsec % 1000000000ull / 1000));
  out.append(buf, static_cast<size_t>(n));
}

}  // namespace

std::string RenderDmesg(const VmcoreLog& log, DmesgStyle style) {
  std::string out;
  out.reserve(log.printk.size() * 80);
  for (const PrintkRecord& record : log.printk) {
    const size_t start = out.size();
    AppendPrefix(out, record.ts_nsec);
    const size_t indent = out.size() - start;
    for (char ch : record.text) {
      const unsigned char c = static_cast<unsigned char>(ch);
      char esc[16];
      if (c == '\n') {
        out.push_back('\n');
        if (style == DmesgStyle::kMakedumpfile) out.append(indent, ' ');
      } else if (c < 0x80 && PrintableOrSpace(c)) {
        out.push_back(ch);
      } else if (style == DmesgStyle::kMakedumpfile) {
        // makedumpfile passes a plain (signed) char to "\\x%02x": bytes
        // >= 0x80 sign-extend to "\xffffffc3".
        int n = std::snprintf(esc, sizeof esc, "\\x%02x",
                              static_cast<int>(static_cast<signed char>(c)));
        out.append(esc, static_cast<size_t>(n));
      } else {
        int n = std::snprintf(esc, sizeof esc, "\\x%02x", c);
        out.append(esc, static_cast<size_t>(n));
      }
    }
    out.push_back('\n');
  }
  return out;
}

std::vector<kernel_log::LogRecord> ToLogRecords(const std::vector<PrintkRecord>& printk) {
  std::vector<kernel_log::LogRecord> records;
  records.reserve(printk.size());
  for (const PrintkRecord& p : printk) {
    std::string caller;
    if (p.has_caller && p.caller_id != 0) {
      caller = (p.caller_id & 0x80000000u) ? "C" + std::to_string(p.caller_id & 0x7fffffffu)
                                           : "T" + std::to_string(p.caller_id);
    }
    std::string line;
    auto flush = [&] {
      kernel_log::LogRecord r;
      r.text = std::move(line);
      r.monotonic = static_cast<double>(p.ts_nsec) / 1e9;
      r.level = p.level;
      r.facility = p.facility;
      r.caller = caller;
      r.line = p.seq;
      r.last_line = p.seq;
      r.from_vmcore = true;
      records.push_back(std::move(r));
      line.clear();
    };
    for (char ch : p.text) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c == '\n') {
        flush();
      } else if (c < 0x80 && PrintableOrSpace(c)) {
        line.push_back(ch);
      } else {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\x%02x", c);
        line += esc;
      }
    }
    flush();
  }
  return records;
}

}  // namespace crashsift::vmcore
