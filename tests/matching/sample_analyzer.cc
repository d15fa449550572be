#include "tests/matching/sample_analyzer.h"

#include <fstream>
#include <sstream>

#include "analyzer/events/event_splitter.h"
#include "tests/events/dmesg_text.h"

namespace crashsift::testing {

Result<diagnosis::AnalyzedSample> AnalyzeSample(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string(), "cannot open sample");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  events::EventSplitter splitter;
  for (const auto& record : events::testing::RecordsFromDmesgText(text)) splitter.Add(record);
  events::SplitResult split = splitter.Finish();
  return diagnosis::AnalyzedSample{std::move(split.events), std::move(split.systems)};
}

}  // namespace crashsift::testing
