// `crashsift tasks`: a dump plus its vmlinux debuginfo in, the task list out.
// Opens the dump (vmcore/), finds the vmlinux among the --debuginfo paths by
// the dump's OSRELEASE (refusing one built for another release), reads the
// layouts from its DWARF and walks the tasks.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/kernel_objects/task_list.h"

namespace crashsift::kernel_objects {

struct DumpTasks {
  std::string osrelease;
  std::string vmlinux;  // the debuginfo file used
  TaskList list;
};

// Errors: those of opening the dump, kNotFound (no vmlinux for the dump's
// release among `debuginfo`, a structure or member missing from DWARF),
// kBadMagic (the only vmlinux is for another release), kUnsupported (no
// VMCOREINFO, no kernel address space).
Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo);

}  // namespace crashsift::kernel_objects
