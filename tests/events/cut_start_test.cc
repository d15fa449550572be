// Reports a paste cut at their start (issue 8, class 2): the event is still
// found and marked cut ("cut": "start"). The lines are the issue's own
// examples and a hung-task report's lines (hand-made: the dev split holds one
// real sample of these starts, gh-raspberrypi-linux-4943.log, tested in
// tests/wild).
#include <gtest/gtest.h>

#include <string>

#include "analyzer/events/event_splitter.h"
#include "tests/events/dmesg_text.h"

namespace crashsift::events {
namespace {

SplitResult SplitText(const std::string& text) {
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(text)) splitter.Add(record);
  return splitter.Finish();
}

std::string CutOf(const Event& e) {
  auto cut = e.details.find("cut");
  return cut == e.details.end() ? "" : cut->second;
}

TEST(CutStart, EchoLineOpensTheHungTaskItsHeaderWouldHave) {
  auto r = SplitText(
      "[  912.004511] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this "
      "message.\n"
      "[  912.004600] txg_sync        D    0  1234      2 0x80000000\n"
      "[  912.004700] Call Trace:\n"
      "[  912.004800]  __schedule+0x2ee/0x870\n"
      "[  912.004900]  schedule+0x28/0x80\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[0].task.comm, "txg_sync");
  EXPECT_EQ(CutOf(r.events[0]), "start");
  EXPECT_EQ(r.events[0].frames.size(), 2u);
}

TEST(CutStart, EchoLineInsideAWholeReportIsPartOfIt) {
  auto r = SplitText(
      "[  100.000000] INFO: task txg_sync:1234 blocked for more than 120 seconds.\n"
      "[  100.000001]       Not tainted 5.4.0 #1\n"
      "[  100.000002] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this "
      "message.\n"
      "[  100.000003] txg_sync        D    0  1234      2 0x80000000\n"
      "[  100.000004] Call Trace:\n"
      "[  100.000005]  __schedule+0x2ee/0x870\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kHungTask);
  EXPECT_EQ(CutOf(r.events[0]), "");
}

TEST(CutStart, BareDStateTaskBlockIsABlockedTask) {
  auto r = SplitText(
      "[82015.916407] task:kworker/u2:1    state:D stack:    0 pid:19868 ppid:     2 "
      "flags:0x00000000\n"
      "[82015.916465] Workqueue: events_unbound fsnotify_connector_destroy_workfn\n"
      "[82015.916516] Call Trace:\n"
      "[82015.916566]  __schedule+0x2ee/0x870\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kBlockedTask);
  EXPECT_EQ(r.events[0].task.comm, "kworker/u2:1");
  EXPECT_EQ(CutOf(r.events[0]), "start");
  // A running task's block (an RCU stall's task dump) opens nothing.
  EXPECT_TRUE(SplitText("[    1.000000] task:swapper/0 state:R  running task\n").events.empty());
}

TEST(CutStart, ClippedFirstLineOpensItsReportCut) {
  kernel_log::LogRecord record;
  record.text = "bash invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0";
  record.line = 1;
  record.clipped = true;
  EventSplitter splitter;
  splitter.Add(record);
  auto r = splitter.Finish();
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kOom);
  EXPECT_EQ(CutOf(r.events[0]), "start");
}

}  // namespace
}  // namespace crashsift::events
