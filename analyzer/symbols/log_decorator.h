// `crashsift symbolize`: a kernel log in, the same log out with each call
// frame's source added after it, the way the kernel's
// scripts/decode_stacktrace.sh rewrites a trace for a bug report:
//   " loop_process_work+0x81/0x3f0 [loop]"
//   " loop_process_work+0x81/0x3f0 [loop] (drivers/block/loop.c:1958 drivers/block/loop.c:1956)"
// (innermost first: an inlined callee's line, then each call site). Lines
// without frames, and frames without debuginfo, pass through unchanged.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "analyzer/symbols/symbolizer.h"

namespace crashsift::symbols {

class LogDecorator {
 public:
  explicit LogDecorator(Symbolizer& symbolizer) : symbolizer_(symbolizer) {}

  // One line without its newline -> the line with sources added. The kernel
  // release is learnt from "Linux version R" and "... tainted R #N" lines.
  std::string Decorate(std::string_view line);

  size_t frames() const { return frames_; }
  size_t symbolized() const { return symbolized_; }
  // Why frames were left alone: reason -> count (for a summary on stderr).
  const std::map<std::string, size_t>& failures() const { return failures_; }

 private:
  void LearnRelease(std::string_view line);

  Symbolizer& symbolizer_;
  std::string release_;
  size_t frames_ = 0;
  size_t symbolized_ = 0;
  std::map<std::string, size_t> failures_;
};

}  // namespace crashsift::symbols
