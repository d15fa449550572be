#include "tests/matching/sample_analyzer.h"

#include <cstdio>

#include "analyzer/events/event_splitter.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "tests/support/test_support.h"

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

const matching::SignatureLibrary* ShippedLibrary() {
  static const matching::SignatureLibrary* library = [] {
    auto loaded = matching::SignatureLibrary::Load(SignaturesPath());
    if (!loaded) {
      std::fprintf(stderr, "shipped signatures do not load: %s\n",
                   loaded.error().OneLine().c_str());
      return static_cast<const matching::SignatureLibrary*>(nullptr);
    }
    return static_cast<const matching::SignatureLibrary*>(
        new matching::SignatureLibrary(std::move(*loaded)));
  }();
  return library;
}

}  // namespace crashsift::testing
