// Issue 11: past the caps the report must say what it left out, with the
// right numbers: "only the first N are reported" names the events the report
// lists (it said 4623 while 4794 were listed: reports without a splitter
// event were added after the count), and boots beyond EventSplitter::kMaxBoots
// are said in a warning instead of being merged into the last one silently.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "analyzer/core/limits.h"
#include "analyzer/events/event_splitter.h"
#include "analyzer/pipeline/analyze.h"

namespace crashsift::pipeline {
namespace {

std::string Stamp(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "[%12.6f] ", seconds);
  return buf;
}

// A WARNING report with a two-frame call trace at `t` seconds.
std::string Warning(double t, int i) {
  std::string out;
  out += Stamp(t) + "WARNING: CPU: 0 PID: " + std::to_string(100 + i) +
         " at fs/foo.c:12 foo_write+0x1/0x2\n";
  out += Stamp(t) + "Call Trace:\n";
  out += Stamp(t) + " foo_write+0x1/0x2\n";
  out += Stamp(t) + " vfs_write+0x3/0x4\n";
  out += Stamp(t + 0.5) + "ordinary line\n";
  return out;
}

std::vector<std::string> Warnings(const AnalysisReport& report) {
  std::vector<std::string> out;
  for (const auto& w : report.warnings) out.push_back(w.message);
  return out;
}

TEST(PipelineCapsTest, EventCapCountsTheEventsTheReportLists) {
  // Ten reports the event splitter has no headline for (the title scanner
  // makes them events of their own), then more WARNINGs than the cap.
  std::string log;
  double t = 1.0;
  for (int i = 0; i < 10; ++i, t += 1) {
    log +=
        Stamp(t) +
        "VFS: Busy inodes after unmount of sda1. Self-destruct in 5 seconds.  Have a nice day...\n";
    log += Stamp(t + 0.5) + "ordinary line\n";
  }
  const int warnings = static_cast<int>(limits::kMaxEventsPerInput) + 123;
  for (int i = 0; i < warnings; ++i, t += 1) log += Warning(t, i);
  auto report = AnalyzeBytes(log, "capped.log", {});
  ASSERT_TRUE(report) << report.error().OneLine();
  ASSERT_EQ(report->events.size(), limits::kMaxEventsPerInput + 10);
  EXPECT_EQ(Warnings(*report),
            std::vector<std::string>{"too many events; only the first 5010 are reported; 123 more "
                                     "were counted, not kept (123 warning)"});
}

TEST(PipelineCapsTest, BootsBeyondTheCapAreSaid) {
  const uint32_t boots = events::EventSplitter::kMaxBoots + 4;
  std::string log;
  for (uint32_t b = 0; b < boots; ++b) {
    log += Stamp(0) + "Linux version 6.1.0-" + std::to_string(b) + " (gcc) #1 SMP\n";
    log += Stamp(12.5) + "ordinary line\n";
  }
  auto report = AnalyzeBytes(log, "boots.log", {});
  ASSERT_TRUE(report) << report.error().OneLine();
  EXPECT_EQ(report->boots.size(), events::EventSplitter::kMaxBoots);
  EXPECT_EQ(Warnings(*report),
            std::vector<std::string>{"too many boots; 4100 were seen, only the first 4096 are told "
                                     "apart; the last 5 are reported as one (boot 4095)"});
}

TEST(PipelineCapsTest, NoWarningAtTheBootCap) {
  std::string log;
  for (uint32_t b = 0; b < events::EventSplitter::kMaxBoots; ++b) {
    log += Stamp(0) + "Linux version 6.1.0 (gcc) #1 SMP\n";
    log += Stamp(12.5) + "ordinary line\n";
  }
  auto report = AnalyzeBytes(log, "boots.log", {});
  ASSERT_TRUE(report) << report.error().OneLine();
  EXPECT_EQ(report->boots.size(), events::EventSplitter::kMaxBoots);
  EXPECT_TRUE(report->warnings.empty());
}

}  // namespace
}  // namespace crashsift::pipeline
