// One function per verb; each returns the process exit status.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunCommand(const Options& options);

}  // namespace crashsift::cli
