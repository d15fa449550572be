// `crashsift tasks`: a dump's task list, read with its vmlinux debuginfo
// (kernel_objects::ReadDumpTasks: the vmlinux is found among `debuginfo` by
// the dump's OSRELEASE). The types are those of kernel_objects, named here
// for the commands.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/kernel_objects/dump_tasks.h"

namespace crashsift::pipeline {

using DumpTasks = kernel_objects::DumpTasks;
using KernelTask = kernel_objects::KernelTask;
// A frame as the kernel prints it ("? func+0x1/0x2 [mod]").
using events::FormatKernelFrame;

// `dump_parts`: one dump file, or the parts of a --split set. Errors as
// kernel_objects::ReadDumpTasks.
Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo);

}  // namespace crashsift::pipeline
