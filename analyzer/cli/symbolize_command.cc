#include "analyzer/cli/symbolize_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/core/print_error.h"
#include "analyzer/pipeline/symbolize_log.h"

namespace crashsift::cli {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

int RunSymbolize(const Options& options) {
  auto symbolization = pipeline::LogSymbolization::Open(options.debuginfo, options.inputs.front());
  if (!symbolization) return InputError(symbolization.error());
  std::unique_ptr<FILE, FileCloser> file;
  if (!options.output.empty() && options.output != "-") {
    file.reset(std::fopen(options.output.c_str(), "w"));
    if (!file) {
      PrintError(options.output + ": " + std::strerror(errno));
      return kExitInputError;
    }
  }
  FILE* out = file ? file.get() : stdout;

  pipeline::LogSymbolization& log = **symbolization;
  auto run = log.Run([out](std::string_view decorated) {
    std::fwrite(decorated.data(), 1, decorated.size(), out);
  });
  if (!run) return InputError(run.error());
  // What was left alone, and why, goes to stderr: stdout stays the log.
  for (const auto& [reason, count] : log.failures()) {
    PrintError("debuginfo: " + reason + " (" + std::to_string(count) +
               (count == 1 ? " frame" : " frames") + " left as printed)");
  }
  std::fprintf(stderr, "crashsift: %zu of %zu frames symbolized\n", log.symbolized(), log.frames());
  return kExitOk;
}

}  // namespace crashsift::cli
