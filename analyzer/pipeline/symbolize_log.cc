#include "analyzer/pipeline/symbolize_log.h"

#include "analyzer/core/line_reader.h"
#include "analyzer/input/input_source.h"
#include "analyzer/input/text_input.h"
#include "analyzer/symbols/dwarf_symbolizer.h"
#include "analyzer/symbols/log_decorator.h"

namespace crashsift::pipeline {

Result<std::unique_ptr<Symbolizer>> OpenSymbolizer(const std::vector<std::string>& debuginfo) {
  auto opened = symbols::DwarfSymbolizer::Open(debuginfo);
  if (!opened) return Fail(opened.error());
  return std::unique_ptr<Symbolizer>(std::move(*opened));
}

struct LogSymbolization::State {
  std::unique_ptr<Symbolizer> symbolizer;
  input::TextInput text;
  std::unique_ptr<symbols::LogDecorator> decorator;
};

LogSymbolization::LogSymbolization(std::unique_ptr<State> state) : state_(std::move(state)) {}
LogSymbolization::~LogSymbolization() = default;

Result<std::unique_ptr<LogSymbolization>> LogSymbolization::Open(
    const std::vector<std::string>& debuginfo, const std::string& path) {
  auto state = std::make_unique<State>();
  auto symbolizer = OpenSymbolizer(debuginfo);
  if (!symbolizer) return Fail(symbolizer.error());
  state->symbolizer = std::move(*symbolizer);
  auto text = input::OpenTextInput(input::InputSource::FromPath(path));
  if (!text) return Fail(text.error());
  state->text = std::move(*text);
  state->decorator = std::make_unique<symbols::LogDecorator>(*state->symbolizer);
  return std::unique_ptr<LogSymbolization>(new LogSymbolization(std::move(state)));
}

Result<void> LogSymbolization::Run(const std::function<void(std::string_view)>& write) {
  LineReader reader(*state_->text.chunks);
  Line line;
  for (;;) {
    auto more = reader.Next(line);
    if (!more) return Fail(more.error());
    if (!*more) return {};
    std::string decorated = state_->decorator->Decorate(line.text);
    decorated += '\n';
    write(decorated);
  }
}

size_t LogSymbolization::frames() const { return state_->decorator->frames(); }
size_t LogSymbolization::symbolized() const { return state_->decorator->symbolized(); }
const std::map<std::string, size_t>& LogSymbolization::failures() const {
  return state_->decorator->failures();
}

}  // namespace crashsift::pipeline
