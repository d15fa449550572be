// `batch --files-from FILE|-`: the input paths listed in a file or on
// standard input, one a line (find(1) and ls(1) output). Lines are taken as
// they are (a path may hold spaces); blank lines are skipped, a trailing '\r'
// is dropped. With NUL bytes in the list (find -print0), NUL separates
// instead of the newline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace crashsift::batch {

// Errors: not_found / io naming `path` ("-" reads standard input).
Result<std::vector<std::string>> ReadInputList(const std::string& path);

// The paths in a list's text (as above).
std::vector<std::string> ParseInputList(std::string_view text);

}  // namespace crashsift::batch
