// `crashsift signatures list|show ID|lint|test`.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunSignatures(const Options& options);

}  // namespace crashsift::cli
