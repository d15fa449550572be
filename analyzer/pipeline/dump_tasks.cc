#include "analyzer/pipeline/dump_tasks.h"

namespace crashsift::pipeline {

Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo) {
  return kernel_objects::ReadDumpTasks(dump_parts, debuginfo);
}

}  // namespace crashsift::pipeline
