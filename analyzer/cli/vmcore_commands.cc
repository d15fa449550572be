#include "analyzer/cli/vmcore_commands.h"

#include "analyzer/batch/output_file.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/core/print_error.h"
#include "analyzer/pipeline/dmesg.h"

namespace crashsift::cli {

int RunDmesg(const Options& options) {
  auto log = pipeline::ReadDmesg(options.inputs, options.raw);
  if (!log) return InputError(log.error());
  for (const auto& w : log->warnings) {
    PrintError("warning: " + (w.path.empty() ? "" : w.path + ": ") + w.message);
  }
  auto out = batch::OutputFile::Open(options.output);
  Result<void> written = out ? out->Write(log->text) : Result<void>(tl::unexpected(out.error()));
  if (written) written = out->Commit();
  if (!written) return InputError(written.error());
  return kExitOk;
}

}  // namespace crashsift::cli
