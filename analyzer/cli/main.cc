// crashsift: the command-line edge. Parses options, runs the pipeline, renders,
// and maps errors to one stderr line ("crashsift: <path>: <reason>") and an exit
// status. The only place that catches exceptions (a last resort).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <variant>

#include "analyzer/cli/command_line.h"
#include "analyzer/cli/commands.h"
#include "analyzer/cli/exit_codes.h"

int main(int argc, char** argv) {
  using namespace crashsift::cli;
  try {
    auto parsed = ParseCommandLine(argc, argv);
    if (auto* usage = std::get_if<UsageError>(&parsed)) {
      std::fprintf(stderr, "crashsift: %s\n", usage->message.c_str());
      return kExitUsage;
    }
    int status = RunCommand(std::get<Options>(parsed));
    // Whatever went to stdout through stdio (dmesg, signatures, help) is
    // checked here: a full disk or a closed pipe is an error, not exit 0.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      std::fprintf(stderr, "crashsift: <stdout>: write: %s\n", std::strerror(errno));
      return kExitInputError;
    }
    return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crashsift: %s\n", e.what());
    return kExitInputError;
  }
}
