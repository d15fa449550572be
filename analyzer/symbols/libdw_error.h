// The only place libdw/libdwfl errors become crashsift Errors (drgn's
// drgn_error_libdw): the reason carries dwfl_errmsg() of the last failure.
#pragma once

#include <string>

#include "analyzer/core/error.h"

namespace crashsift::symbols {

// An Error for a failed libdwfl/libdw call `what` ("dwfl_report_offline") on
// `path`, with the library's own message appended.
Error LibdwError(ErrorCode code, const std::string& path, const std::string& what);

}  // namespace crashsift::symbols
