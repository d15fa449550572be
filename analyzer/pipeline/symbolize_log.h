// Debuginfo for the commands: the symbolizer behind --debuginfo, and
// `crashsift symbolize`, a text log written back with each frame's source
// added (symbols::LogDecorator), for pasting into a bug.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/symbols/symbolizer.h"

namespace crashsift::pipeline {

using symbols::Symbolizer;

// The libdw symbolizer over the --debuginfo paths. An Error when a path is
// missing or unreadable, or none holds a kernel debuginfo (DwarfSymbolizer).
Result<std::unique_ptr<Symbolizer>> OpenSymbolizer(const std::vector<std::string>& debuginfo);

class LogSymbolization {
 public:
  // Opens the debuginfo, then the text log at `path` ("-" stdin; compressed
  // logs are decompressed). Errors: those of OpenSymbolizer, then of
  // input::OpenTextInput.
  static Result<std::unique_ptr<LogSymbolization>> Open(const std::vector<std::string>& debuginfo,
                                                        const std::string& path);
  ~LogSymbolization();

  // Calls `write` with each line of the log, sources added, '\n' ended. An
  // Error when reading stops (what was written stays written).
  Result<void> Run(const std::function<void(std::string_view)>& write);

  size_t frames() const;
  size_t symbolized() const;
  // Why frames were left alone: reason -> count.
  const std::map<std::string, size_t>& failures() const;

 private:
  struct State;
  explicit LogSymbolization(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace crashsift::pipeline
