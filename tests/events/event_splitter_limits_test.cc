// The splitter's bounds on hostile input (fed from memory: the inputs are
// sizes, not samples).
#include <gtest/gtest.h>

#include <string>

#include "analyzer/core/limits.h"
#include "analyzer/events/event_splitter.h"

namespace crashsift::events {
namespace {

kernel_log::LogRecord Record(std::string text, uint64_t line) {
  kernel_log::LogRecord r;
  r.text = std::move(text);
  r.line = r.last_line = line;
  return r;
}

TEST(EventSplitterLimits, EventCountIsCapped) {
  EventSplitter splitter;
  uint64_t n = limits::kMaxEventsPerInput + 10;
  for (uint64_t i = 1; i <= n; ++i) splitter.Add(Record("Kernel panic - not syncing: x", i));
  SplitResult r = splitter.Finish();
  EXPECT_EQ(r.events.size(), limits::kMaxEventsPerInput);
  EXPECT_TRUE(r.events_capped);
  EXPECT_EQ(r.records, n);
  // The rest are counted by kind, and where they began is known.
  ASSERT_EQ(r.dropped.size(), 1u);
  EXPECT_EQ(r.dropped.at(EventKind::kPanic), 10u);
  EXPECT_EQ(r.first_dropped_line, limits::kMaxEventsPerInput + 1);
}

TEST(EventSplitterLimits, KeptEventMemoryIsCapped) {
  EventSplitter splitter;
  // Reports of 4000 frames with long names, about 4 MB each: far fewer
  // than kMaxEventsPerInput fit in kMaxKeptEventBytes.
  std::string frame = " " + std::string(200, 'f') + "+0x1/0x2 [zfs]";
  uint64_t line = 0;
  for (int report = 0; report < 60; ++report) {
    splitter.Add(Record("BUG: kernel NULL pointer dereference, address: 0000000000000004", ++line));
    splitter.Add(Record("Call Trace:", ++line));
    for (int i = 0; i < 4000; ++i) splitter.Add(Record(frame, ++line));
  }
  SplitResult r = splitter.Finish();
  EXPECT_TRUE(r.events_capped);
  EXPECT_LT(r.events.size(), 60u);
  EXPECT_EQ(r.events.size() + r.dropped.at(EventKind::kOops), 60u);
  size_t bytes = 0;
  for (const Event& e : r.events) {
    for (const EvidenceLine& l : e.lines) bytes += l.text.size();
  }
  EXPECT_LE(bytes, limits::kMaxKeptEventBytes);
}

TEST(EventSplitterLimits, EvidenceLinesAreCapped) {
  EventSplitter splitter;
  splitter.Add(Record("BUG: kernel NULL pointer dereference, address: 0000000000000004", 1));
  splitter.Add(Record("Call Trace:", 2));
  for (uint64_t i = 3; i < 3 + 3 * limits::kMaxEventLines; ++i) {
    splitter.Add(Record(" lab_write+0x15/0x1e [labcrash]", i));
  }
  SplitResult r = splitter.Finish();
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].lines.size(), limits::kMaxEventLines);
  EXPECT_LE(r.events[0].frames.size(), limits::kMaxEventLines);
  EXPECT_EQ(r.events[0].details.at("evidence_capped"), "true");
}

TEST(EventSplitterLimits, EvidenceBytesAreCapped) {
  EventSplitter splitter;
  splitter.Add(Record("BUG: kernel NULL pointer dereference, address: 0000000000000004", 1));
  std::string huge(limits::kMaxLineBytes, 'x');
  // Frames of a module with a 64 KiB name: all part of the report.
  for (uint64_t i = 2; i < 200; ++i) splitter.Add(Record(" f+0x1/0x2 [" + huge + "]", i));
  SplitResult r = splitter.Finish();
  ASSERT_EQ(r.events.size(), 1u);
  size_t bytes = 0;
  for (const EvidenceLine& l : r.events[0].lines) bytes += l.text.size();
  EXPECT_LE(bytes, EventSplitter::kMaxEventBytes + limits::kMaxLineBytes + 16);
  EXPECT_EQ(r.events[0].details.at("evidence_capped"), "true");
  EXPECT_EQ(r.events[0].frames.size(), r.events[0].lines.size() - 1);
}

TEST(EventSplitterLimits, ManyCallersAreBounded) {
  EventSplitter splitter;
  for (uint64_t i = 1; i <= 1000; ++i) {
    kernel_log::LogRecord r = Record("INFO: task x:1 blocked for more than 120 seconds.", i);
    r.caller = "T" + std::to_string(i);
    splitter.Add(r);
  }
  SplitResult r = splitter.Finish();
  EXPECT_EQ(r.events.size(), 1000u);  // old streams are closed, not dropped
}

TEST(EventSplitterLimits, BinaryGarbageIsHarmless) {
  EventSplitter splitter;
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131) & 0xff));
  for (uint64_t i = 1; i <= 100; ++i) splitter.Add(Record(garbage, i));
  SplitResult r = splitter.Finish();
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.systems.size(), 1u);
}

TEST(EventSplitterLimits, AnIoErrorStormIsOneEvent) {
  // A disk failing every request: 3x the evidence cap of the same real line,
  // 1 ms apart. One event, capped evidence, every error counted.
  EventSplitter splitter;
  uint64_t n = 3 * limits::kMaxEventLines;
  for (uint64_t i = 1; i <= n; ++i) {
    kernel_log::LogRecord r = Record(
        "blk_update_request: I/O error, dev sdp, sector 1665922784 op 0x0:(READ) flags 0x700 "
        "phys_seg 1 prio class 0",
        i);
    r.monotonic = 71546.0 + static_cast<double>(i) / 1000;
    splitter.Add(r);
  }
  SplitResult r = splitter.Finish();
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kIoError);
  EXPECT_EQ(r.events[0].lines.size(), limits::kMaxEventLines);
  EXPECT_EQ(r.events[0].first_line, 1u);
  EXPECT_EQ(r.events[0].last_line, n);
  EXPECT_EQ(r.events[0].details.at("errors"), std::to_string(n));
  EXPECT_EQ(r.events[0].details.at("evidence_capped"), "true");
}

TEST(EventSplitterLimits, IoErrorsMinutesApartAreSeparateEvents) {
  EventSplitter splitter;
  for (uint64_t i = 1; i <= 3; ++i) {
    kernel_log::LogRecord r = Record("I/O error, dev sda, sector 8 op 0x0:(READ) flags 0x0", i);
    r.monotonic = 100.0 * static_cast<double>(i);
    splitter.Add(r);
  }
  EXPECT_EQ(splitter.Finish().events.size(), 3u);
}

TEST(EventSplitterLimits, OpenDeviceGroupsAreBounded) {
  // More failing devices at once than groups kept open: the oldest closes
  // early; nothing is lost.
  EventSplitter splitter;
  size_t devices = 3 * DeviceErrorGroups::kMaxOpen;
  uint64_t line = 0;
  for (int round = 0; round < 2; ++round) {
    for (size_t d = 0; d < devices; ++d) {
      splitter.Add(Record("I/O error, dev sd" + std::to_string(d) + ", sector 8", ++line));
    }
  }
  SplitResult r = splitter.Finish();
  EXPECT_EQ(r.events.size(), 2 * devices);
  size_t lines = 0;
  for (const Event& e : r.events) lines += e.lines.size();
  EXPECT_EQ(lines, 2 * devices);
}

}  // namespace
}  // namespace crashsift::events
