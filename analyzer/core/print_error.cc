#include "analyzer/core/print_error.h"

#include <cstdio>

namespace crashsift {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

}  // namespace crashsift
