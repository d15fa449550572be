// Member offsets and sizes of the kernel's structures, read from the
// vmlinux's DWARF (drgn's way), never hard-coded per kernel version: a
// member that moved, or was renamed between versions (task_struct.__state,
// 5.14+, was .state), is found where this vmlinux has it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

struct Dwarf;

namespace crashsift::kernel_objects {

struct StructLayout {
  uint64_t size = 0;
  // "tasks" -> 0x..., also members of anonymous unions/structs at their
  // absolute offset, and one level of named nested structs by dotted path
  // ("thread_info.cpu", "se.sum_exec_runtime").
  std::map<std::string, uint64_t, std::less<>> offsets;
};

class KernelTypes {
 public:
  // Finds the first complete definition of each of `structs` and
  // `optional_structs` in `dwarf`. Error (kNotFound) naming the `structs`
  // that are not there; an absent optional one only has no members.
  static Result<KernelTypes> Load(Dwarf* dwarf, const std::vector<std::string>& structs,
                                  const std::string& path,
                                  const std::vector<std::string>& optional_structs = {});

  // Layouts given directly, with no DWARF (unit tests of the readers on
  // memory laid out by hand).
  static KernelTypes FromLayouts(std::map<std::string, StructLayout, std::less<>> structs);

  // Offset of `member` in `structure`; Error kNotFound naming both.
  Result<uint64_t> Offset(std::string_view structure, std::string_view member) const;
  // Like Offset, but nullopt when absent (members that exist only in some versions).
  std::optional<uint64_t> OptionalOffset(std::string_view structure, std::string_view member) const;
  Result<uint64_t> Size(std::string_view structure) const;

 private:
  std::map<std::string, StructLayout, std::less<>> structs_;
  std::string path_;
};

}  // namespace crashsift::kernel_objects
