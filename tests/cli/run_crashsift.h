// Runs the crashsift binary as a user would, for the CLI tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace crashsift::testing {

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// Runs crashsift with `args` (shell-quoted by the caller), capturing stdout
// and stderr; `prefix` runs it through another command (setpriv ...).
RunResult RunCrashsift(const std::string& args, const std::string& stdin_file = "/dev/null",
                       const std::string& prefix = "");
// Runs a shell command line (use CrashsiftBinary()), capturing stdout and
// stderr; for redirections RunCrashsift cannot express (stdout to /dev/full).
RunResult RunShell(const std::string& command);
std::string CrashsiftBinary();
// 'path' quoted for the shell.
std::string Quote(const std::filesystem::path& p);
size_t CountLines(const std::string& s);
// The lines of `text`, without their '\n' (JSON Lines records, for sorting).
std::vector<std::string> Lines(const std::string& text);

}  // namespace crashsift::testing
