#include "analyzer/symbols/libdw_error.h"

#include <elfutils/libdwfl.h>

namespace crashsift::symbols {

Error LibdwError(ErrorCode code, const std::string& path, const std::string& what) {
  // dwfl_errmsg(-1) covers libdw and libelf failures too (it falls back to them).
  const char* message = dwfl_errmsg(-1);
  std::string reason = what + ": " + (message != nullptr ? message : "unknown libdw error");
  return Error{code, path, std::nullopt, reason};
}

}  // namespace crashsift::symbols
