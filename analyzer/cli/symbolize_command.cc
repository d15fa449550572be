#include "analyzer/cli/symbolize_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/core/line_reader.h"
#include "analyzer/input/input_source.h"
#include "analyzer/input/text_input.h"
#include "analyzer/symbols/dwarf_symbolizer.h"
#include "analyzer/symbols/log_decorator.h"

namespace crashsift::cli {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

int RunSymbolize(const Options& options) {
  auto symbolizer = symbols::DwarfSymbolizer::Open(options.debuginfo);
  if (!symbolizer) {
    PrintError(symbolizer.error().OneLine());
    return kExitInputError;
  }
  const std::string& path = options.inputs.front();
  auto text = input::OpenTextInput(input::InputSource::FromPath(path));
  if (!text) {
    PrintError(text.error().OneLine());
    return kExitInputError;
  }
  std::unique_ptr<FILE, FileCloser> file;
  if (!options.output.empty() && options.output != "-") {
    file.reset(std::fopen(options.output.c_str(), "w"));
    if (!file) {
      PrintError(options.output + ": " + std::strerror(errno));
      return kExitInputError;
    }
  }
  FILE* out = file ? file.get() : stdout;

  symbols::LogDecorator decorator(**symbolizer);
  LineReader reader(*text->chunks);
  Line line;
  for (;;) {
    auto more = reader.Next(line);
    if (!more) {
      PrintError(more.error().OneLine());
      return kExitInputError;
    }
    if (!*more) break;
    std::string decorated = decorator.Decorate(line.text);
    decorated += '\n';
    std::fwrite(decorated.data(), 1, decorated.size(), out);
  }
  // What was left alone, and why, goes to stderr: stdout stays the log.
  for (const auto& [reason, count] : decorator.failures()) {
    PrintError("debuginfo: " + reason + " (" + std::to_string(count) +
               (count == 1 ? " frame" : " frames") + " left as printed)");
  }
  std::fprintf(stderr, "crashsift: %zu of %zu frames symbolized\n", decorator.symbolized(),
               decorator.frames());
  return kExitOk;
}

}  // namespace crashsift::cli
