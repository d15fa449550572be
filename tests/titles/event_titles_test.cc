// TitleForEvent on events cut by the real EventSplitter from real logs
// (corpus/logs/events: OpenZFS issue pastes, the QEMU lab, syzkaller).
#include "analyzer/titles/event_titles.h"

#include <gtest/gtest.h>

#include "analyzer/events/event_splitter.h"
#include "tests/support/test_support.h"
#include "tests/titles/console_log_reader.h"

namespace crashsift::titles {
namespace {

std::vector<events::Event> Split(const std::string& sample) {
  std::string bytes =
      crashsift::testing::ReadFile(crashsift::testing::CorpusPath("logs/events/" + sample));
  events::EventSplitter splitter;
  for (const auto& record : testing::ReadConsoleLog(bytes)) splitter.Add(record);
  return splitter.Finish().events;
}

const events::Event* First(const std::vector<events::Event>& list, events::EventKind kind) {
  for (const auto& event : list) {
    if (event.kind == kind) return &event;
  }
  return nullptr;
}

TEST(TitleForEvent, ZfsAssertionNamesTheAssertingFunction) {
  auto list = Split("github-openzfs-16157-zap-create-leaf.log");
  const events::Event* event = First(list, events::EventKind::kAssertion);
  ASSERT_NE(event, nullptr);
  EventTitle title = TitleForEvent(*event);
  EXPECT_EQ(title.title, "VERIFY3 failed in zap_create_leaf");
  EXPECT_FALSE(title.corrupted);
}

TEST(TitleForEvent, HungTaskUsesTheReportRules) {
  auto list = Split("github-openzfs-2934-txg-sync-hung.log");
  const events::Event* event = First(list, events::EventKind::kHungTask);
  ASSERT_NE(event, nullptr);
  EventTitle title = TitleForEvent(*event);
  // io_schedule, cv_wait_common, __cv_wait_io and zio_wait only wait.
  EXPECT_EQ(title.title, "INFO: task hung in spa_sync");
  EXPECT_FALSE(title.corrupted);
}

TEST(TitleForEvent, BlockIoError) {
  auto list = Split("github-khadas-linux-113-blk-io-error.log");
  const events::Event* event = First(list, events::EventKind::kIoError);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(TitleForEvent(*event).title.rfind("I/O error on ", 0), 0u)
      << TitleForEvent(*event).title;
}

TEST(TitleForEvent, ErrorsAreNotCrashes) {
  auto list = Split("github-openzfs-12799-zio-errors.log");
  const events::Event* event = First(list, events::EventKind::kIoError);
  ASSERT_NE(event, nullptr);
  EventTitle title = TitleForEvent(*event);
  EXPECT_FALSE(title.crash);
  EXPECT_FALSE(title.title.empty());
  auto assertion = Split("github-openzfs-16157-zap-create-leaf.log");
  ASSERT_NE(First(assertion, events::EventKind::kAssertion), nullptr);
  EXPECT_TRUE(TitleForEvent(*First(assertion, events::EventKind::kAssertion)).crash);
}

TEST(TitleForEvent, SyzkallerEventsMatchScannerTitles) {
  auto list = Split("syzkaller-147-kasan-use-after-free.log");
  const events::Event* event = First(list, events::EventKind::kKasan);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(TitleForEvent(*event).title, "KASAN: use-after-free Read in remove_wait_queue");
}

TEST(TitleForEvent, EmptyEventFallsBackToKind) {
  events::Event event;
  event.kind = events::EventKind::kOom;
  EventTitle title = TitleForEvent(event);
  EXPECT_EQ(title.title, "out of memory");
  EXPECT_FALSE(title.corrupted);
  event.kind = events::EventKind::kHungTask;
  title = TitleForEvent(event);
  EXPECT_EQ(title.title, "INFO: task hung in corrupted");
  EXPECT_TRUE(title.corrupted);
}

}  // namespace
}  // namespace crashsift::titles
