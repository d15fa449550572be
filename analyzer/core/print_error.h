// The one way the commands print a message for the user: "crashsift: " plus
// the message and a newline, on standard error (errors, warnings, notes).
#pragma once

#include <string>

namespace crashsift {

void PrintError(const std::string& message);

}  // namespace crashsift
