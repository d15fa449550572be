// `crashsift dmesg VMCORE...`: the kernel log of a vmcore as makedumpfile
// --dump-dmesg (or, with --raw, vmcore-dmesg) prints it.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunDmesg(const Options& options);

}  // namespace crashsift::cli
