#include "tests/matching/sample_analyzer.h"

#include "analyzer/events/event_splitter.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"

namespace crashsift::testing {

Result<diagnosis::AnalyzedSample> AnalyzeSample(const std::filesystem::path& path) {
  auto reader = kernel_log::TextLogReader::Open(input::InputSource::FromPath(path.string()));
  if (!reader) return tl::unexpected<Error>(reader.error());
  events::EventSplitter splitter;
  kernel_log::LogRecord record;
  while (true) {
    auto more = reader->Next(record);
    if (!more) return tl::unexpected<Error>(more.error());
    if (!*more) break;
    splitter.Add(record);
  }
  events::SplitResult split = splitter.Finish();
  return diagnosis::AnalyzedSample{std::move(split.events), std::move(split.systems)};
}

}  // namespace crashsift::testing
