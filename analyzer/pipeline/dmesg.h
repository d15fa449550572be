// `crashsift dmesg VMCORE...`: the kernel log of a vmcore as makedumpfile
// --dump-dmesg (or vmcore-dmesg) prints it.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/core/result.h"

namespace crashsift::pipeline {

struct DmesgText {
  std::vector<Warning> warnings;  // what was lost and why
  std::string text;               // "[%5llu.%06llu] text\n" per record
};

// Reads the log of one dump, or of every part of a makedumpfile --split set
// (any order); "-" is standard input, copied to an unlinked temporary file in
// $TMPDIR first (a dump is read at random, a pipe cannot be). `raw`: as
// vmcore-dmesg prints continuation lines (column 0), else as makedumpfile
// (indented to the text). Errors as vmcore::ReadVmcoreLog, plus io when
// standard input cannot be spooled and truncated when it is empty.
Result<DmesgText> ReadDmesg(const std::vector<std::string>& inputs, bool raw);

}  // namespace crashsift::pipeline
