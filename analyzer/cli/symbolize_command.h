// `crashsift symbolize --debuginfo PATH [FILE|-]`: the log written back with
// each frame's source added (symbols::LogDecorator), for pasting into a bug.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunSymbolize(const Options& options);

}  // namespace crashsift::cli
