// The streamed report: pieces concatenate to the one-buffer text, and a
// report of many events is handed out in pieces of about kPieceBytes.
#include "analyzer/render/json_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace crashsift::render {
namespace {

pipeline::AnalysisReport ManyEvents(size_t count) {
  pipeline::AnalysisReport report;
  report.input = "many.log";
  report.format = "dmesg";
  for (size_t i = 0; i < count; ++i) {
    events::Event e;
    e.kind = events::EventKind::kWarning;
    e.title = "WARNING in foo_" + std::to_string(i);
    e.crash = true;
    e.headline = "WARNING: CPU: 0 PID: 1 at fs/foo.c:12 foo+0x1/0x2 \xff";
    e.first_line = e.last_line = i + 1;
    for (int f = 0; f < 8; ++f) {
      events::StackFrame frame;
      frame.function = "function_" + std::to_string(f);
      frame.offset = 0x10;
      frame.size = 0x80;
      e.frames.push_back(frame);
    }
    report.events.push_back(std::move(e));
  }
  return report;
}

TEST(JsonReportTest, PiecesAreTheSameTextInPieces) {
  const pipeline::AnalysisReport report = ManyEvents(3000);
  for (bool json_line : {false, true}) {
    const std::vector<std::string> pieces = RenderJsonPieces(report, json_line);
    const std::string whole = json_line ? RenderJsonLine(report) : RenderJson(report, 2);
    ASSERT_GT(whole.size(), 2 * JsonWriter::kPieceBytes);
    EXPECT_GE(pieces.size(), whole.size() / (JsonWriter::kPieceBytes * 2));
    std::string joined;
    for (const auto& p : pieces) {
      EXPECT_LE(p.size(), JsonWriter::kPieceBytes + 64 * 1024);
      joined += p;
    }
    EXPECT_EQ(joined, whole);
    ASSERT_TRUE(nlohmann::json::accept(whole));
    EXPECT_EQ(nlohmann::json::parse(whole)["events"].size(), 3000u);
  }
}

TEST(JsonReportTest, JsonLineAddsTheFlatKeysInKeyOrder) {
  const pipeline::AnalysisReport report = ManyEvents(1);
  const nlohmann::json line = nlohmann::json::parse(RenderJsonLine(report));
  EXPECT_EQ(line["file"], "many.log");
  EXPECT_EQ(line["title"], "WARNING in foo_0");
  EXPECT_EQ(line["corrupted"], false);
  EXPECT_TRUE(line["bucket"].contains("id"));
  // nlohmann re-dumps a parsed object in key order: equal text, equal order.
  EXPECT_EQ(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            RenderJsonLine(report));
}

}  // namespace
}  // namespace crashsift::render
