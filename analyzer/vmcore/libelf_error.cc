#include "analyzer/vmcore/libelf_error.h"

#include <libelf.h>

namespace crashsift::vmcore {

Error LibelfError(ErrorCode code, const std::string& path, const std::string& what) {
  const char* message = elf_errmsg(-1);
  std::string reason = what + ": " + (message != nullptr ? message : "unknown libelf error");
  return Error{code, path, std::nullopt, reason};
}

bool EnsureLibelf() {
  static const bool ok = elf_version(EV_CURRENT) != EV_NONE;
  return ok;
}

}  // namespace crashsift::vmcore
