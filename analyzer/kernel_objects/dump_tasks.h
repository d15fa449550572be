// `crashsift tasks`: a dump plus its vmlinux debuginfo in, the task list out.
// Opens the dump (vmcore/), finds the vmlinux among the --debuginfo paths by
// the dump's OSRELEASE and build id (refusing one built for another release
// or another build), reads the layouts from its DWARF, walks the tasks, the
// runqueues and the module list, and unwinds the stacks of the D-state
// tasks, the panic task and each CPU's running task.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/kernel_objects/task_list.h"
#include "analyzer/vmcore/dump_bytes.h"

namespace crashsift::kernel_objects {

struct DumpTasks {
  std::string osrelease;
  std::string build_id;  // VMCOREINFO BUILD-ID (5.9+), "" when absent
  std::string vmlinux;   // the debuginfo file used
  TaskList list;
  std::optional<uint32_t> panic_cpu;
  size_t modules = 0;  // modules read from the dump's module list
};

// Errors: those of opening the dump, kNotFound (no vmlinux for the dump's
// release among `debuginfo`, a structure or member missing from DWARF),
// kBadMagic (the only vmlinux is for another release, or its build id is not
// the dump's), kUnsupported (no VMCOREINFO, no kernel address space).
Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo);
// The same on dump parts the caller has already opened (`analyze` maps each
// input once and reads both the log and the tasks from that mapping).
Result<DumpTasks> ReadDumpTasks(std::vector<vmcore::DumpBytes> dumps,
                                const std::vector<std::string>& debuginfo);

// The one-line refusal of a vmlinux at `path` whose GNU build id `file_id`
// is not the dump's `dump_id` (VMCOREINFO BUILD-ID); nullopt when they
// agree or either is unknown (a kernel before 5.9 exports none). Hex digits
// compare case-insensitively.
std::optional<Error> BuildIdMismatch(const std::string& path, std::string_view file_id,
                                     std::string_view dump_id);

}  // namespace crashsift::kernel_objects
