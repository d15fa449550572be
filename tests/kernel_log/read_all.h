// Test helper: every record of an input, with the reader's format names.
#pragma once

#include <string>
#include <vector>

#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/log_record.h"

namespace crashsift::kernel_log {

struct ReadAllResult {
  bool ok = false;
  std::string error;  // Error::OneLine() when !ok
  std::string format, quoted_format, compression;
  std::vector<LogRecord> records;

  // The first record whose text starts with `prefix`; fails the test if none.
  const LogRecord& Find(const std::string& prefix) const;
  size_t CountBoot(uint32_t boot) const;
};

ReadAllResult ReadAll(const input::InputSource& source);
ReadAllResult ReadCorpus(const std::string& name);  // corpus/logs/formats/<name>

}  // namespace crashsift::kernel_log
