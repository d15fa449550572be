// The real text reader (analyzer/kernel_log) feeding the splitter: every
// sample of corpus/logs/events gives the same events (kind, first and last
// line, task) as through the test-only dmesg_text helper the other tests use,
// so those tests also hold for the pipeline.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analyzer/events/event_splitter.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "tests/events/dmesg_text.h"
#include "tests/support/test_support.h"

namespace crashsift::events {
namespace {

std::string Summary(const SplitResult& r) {
  std::string out;
  for (const Event& e : r.events) {
    out += std::string(ToString(e.kind)) + " " + std::to_string(e.first_line) + "-" +
           std::to_string(e.last_line) + " " + e.task.comm + " " + e.headline + "\n";
  }
  return out;
}

TEST(RealReader, SameEventsAsTheTestHelper) {
  auto dir = crashsift::testing::CorpusPath("logs/events");
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name == "README.md") continue;
    std::string text = crashsift::testing::ReadFile(entry.path());
    EventSplitter via_helper;
    for (const auto& r : testing::RecordsFromDmesgText(text)) via_helper.Add(r);

    auto reader = kernel_log::TextLogReader::Open(input::InputSource::FromPath(entry.path()));
    ASSERT_TRUE(reader.has_value()) << name << ": " << reader.error().OneLine();
    EventSplitter via_reader;
    kernel_log::LogRecord record;
    while (true) {
      auto more = reader->Next(record);
      ASSERT_TRUE(more.has_value()) << name << ": " << more.error().OneLine();
      if (!*more) break;
      via_reader.Add(record);
    }
    EXPECT_EQ(Summary(via_reader.Finish()), Summary(via_helper.Finish()))
        << name << " read as " << reader->format();
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace crashsift::events
