// The only place libelf errors become crashsift Errors (drgn's
// drgn_error_libelf): the reason carries elf_errmsg() of the last failure.
#pragma once

#include <string>

#include "analyzer/core/result.h"

namespace crashsift::vmcore {

// An Error for a failed libelf call `what` ("elf_memory", "gelf_getphdr")
// on `path`, with libelf's own message appended.
Error LibelfError(ErrorCode code, const std::string& path, const std::string& what);

// Initialises libelf once (elf_version); false if the library is unusable.
bool EnsureLibelf();

}  // namespace crashsift::vmcore
