// Exit status of the crashsift command (documented in man/crashsift.1).
#pragma once

#include "analyzer/core/error.h"
#include "analyzer/core/print_error.h"

namespace crashsift::cli {

inline constexpr int kExitOk = 0;  // every input analysed
inline constexpr int kExitInputError =
    1;                                // some input could not be read or parsed (others still were)
inline constexpr int kExitUsage = 2;  // bad command line

// Prints why an input could not be read and returns kExitInputError.
inline int InputError(const Error& error) {
  PrintError(error.OneLine());
  return kExitInputError;
}

}  // namespace crashsift::cli
