// A nesting guard run before toml++ sees a signature file: toml++ parses
// nested tables, arrays and dotted keys recursively, so a file with tens of
// thousands of levels ("a.a.a.a... = 1", "[[[[[[", "x = {a={a={...") overflows
// the stack (SIGSEGV) and takes down every analysis that loads the library.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/core/result.h"

namespace crashsift::matching {

// Scans `text` (strings and comments skipped) and fails with syntax
// "path:LINE: nesting deeper than N levels" when any key path, table
// header, inline table or array nests deeper than `max_depth` levels
// (limits::kMaxTomlNesting). Never fails for any valid signature file.
Result<void> CheckTomlNesting(std::string_view text, const std::string& path, size_t max_depth);

}  // namespace crashsift::matching
