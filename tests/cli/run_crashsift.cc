#include "tests/cli/run_crashsift.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "tests/support/test_support.h"

namespace crashsift::testing {

std::string CrashsiftBinary() { return CRASHSIFT_BINARY; }

RunResult RunShell(const std::string& command) {
  auto dir = std::filesystem::temp_directory_path();
  std::string err_path = (dir / ("crashsift-cli-err-" + std::to_string(::getpid()))).string();
  std::string cmd = "( " + command + " ) 2>" + err_path;
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = ReadFile(err_path);
  std::filesystem::remove(err_path);
  return r;
}

RunResult RunCrashsift(const std::string& args, const std::string& stdin_file,
                       const std::string& prefix) {
  return RunShell(prefix + CrashsiftBinary() + " " + args + " <" + stdin_file);
}

std::string Quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

size_t CountLines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace crashsift::testing
