#include "tests/kernel_log/read_all.h"

#include <gtest/gtest.h>

#include "analyzer/kernel_log/text_log_reader.h"
#include "tests/support/test_support.h"

namespace crashsift::kernel_log {

const LogRecord& ReadAllResult::Find(const std::string& prefix) const {
  for (const auto& r : records) {
    if (r.text.compare(0, prefix.size(), prefix) == 0) return r;
  }
  ADD_FAILURE() << "no record starts with: " << prefix;
  static const LogRecord kNone;
  return kNone;
}

size_t ReadAllResult::CountBoot(uint32_t boot) const {
  size_t n = 0;
  for (const auto& r : records) n += r.boot == boot;
  return n;
}

ReadAllResult ReadAll(const input::InputSource& source) {
  ReadAllResult out;
  auto reader = TextLogReader::Open(source);
  if (!reader) {
    out.error = reader.error().OneLine();
    return out;
  }
  out.format = reader->format();
  out.quoted_format = reader->quoted_format();
  out.compression = reader->compression();
  LogRecord record;
  for (;;) {
    auto more = reader->Next(record);
    if (!more) {
      out.error = more.error().OneLine();
      return out;
    }
    if (!*more) break;
    out.records.push_back(record);
  }
  out.ok = true;
  return out;
}

ReadAllResult ReadCorpus(const std::string& name) {
  return ReadAll(input::InputSource::FromPath(
      crashsift::testing::CorpusPath("logs/formats/" + name).string()));
}

}  // namespace crashsift::kernel_log
