#include "analyzer/cli/vmcore_commands.h"

#include <cstdio>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::cli {

int RunDmesg(const Options& options) {
  // All inputs together: they are the parts of one (possibly split) dump.
  auto log = vmcore::ReadVmcoreLog(options.inputs);
  if (!log) {
    std::fprintf(stderr, "crashsift: %s\n", log.error().OneLine().c_str());
    return kExitInputError;
  }
  for (const auto& w : log->warnings) {
    std::fprintf(stderr, "crashsift: warning: %s%s\n",
                 w.path.empty() ? "" : (w.path + ": ").c_str(), w.message.c_str());
  }
  std::string text = vmcore::RenderDmesg(
      *log, options.raw ? vmcore::DmesgStyle::kRaw : vmcore::DmesgStyle::kMakedumpfile);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace crashsift::cli
