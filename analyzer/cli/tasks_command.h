// `crashsift tasks --debuginfo VMLINUX [--state D] DUMP...`: the dump's task
// list, as crash's `ps` or drgn's for_each_task() print it.
#pragma once

#include "analyzer/cli/command_line.h"

namespace crashsift::cli {

int RunTasks(const Options& options);

}  // namespace crashsift::cli
