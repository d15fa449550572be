// The renderers on their own: a report built here (no log, no pipeline run)
// rendered as text (with and without --explain), JSON and a JSON Lines
// record, each compared with its file in tests/expected/render/.
// CRASHSIFT_UPDATE_EXPECTED=1 rewrites those files (review the diff).
#include <gtest/gtest.h>

#include <string>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/json_text.h"
#include "analyzer/render/text_report.h"
#include "tests/support/expected_file.h"

namespace crashsift::render {
namespace {

using crashsift::testing::ExpectMatchesFile;

events::StackFrame Frame(const std::string& function, uint64_t offset, uint64_t size,
                         const std::string& module, uint64_t line) {
  events::StackFrame f;
  f.function = function;
  f.normalized_function = function;
  f.offset = offset;
  f.size = size;
  f.module = module;
  f.context = "task";
  f.line = line;
  return f;
}

events::Event HungTask() {
  events::Event e;
  e.kind = events::EventKind::kHungTask;
  e.crash = true;
  e.title = "INFO: task hung in txg_sync_thread";
  e.native_title = e.title;
  e.headline = "INFO: task txg_sync:1234 blocked for more than 122 seconds.";
  e.time = 245.5;
  e.cpu = 3;
  e.task = {"txg_sync", 1234};
  e.taint = "P           O";
  e.kernel_release = "6.12.25-amd64";
  e.stack_labels = {"Call Trace:"};
  e.frames = {Frame("__schedule", 0x2f1, 0x7a0, "", 13), Frame("schedule", 0x27, 0xe0, "", 14),
              Frame("txg_sync_thread", 0x1c4, 0x3d0, "zfs", 15)};
  e.details = {{"blocked_seconds", "122"}, {"state", "D"}};
  e.first_line = 10;
  e.last_line = 15;
  e.lines = {{10, e.headline},
             {11, "      Tainted: P           O       6.12.25-amd64 #1"},
             {12, "Call Trace:"},
             {13, " __schedule+0x2f1/0x7a0"},
             {14, " schedule+0x27/0xe0"},
             {15, " txg_sync_thread+0x1c4/0x3d0 [zfs]"}};
  return e;
}

events::Event BlockedTask() {
  events::Event e;
  e.kind = events::EventKind::kBlockedTask;
  e.title = "task blocked in loop_process_work";
  e.native_title = e.title;
  e.headline = "task:kworker/u8:2   state:D stack:0     pid:77    ppid:2      flags:0x00004000";
  e.task = {"kworker/u8:2", 77};
  e.stack_labels = {"Call Trace:"};
  e.frames = {Frame("loop_process_work", 0x3e, 0x5c0, "loop", 31)};
  e.details = {{"state", "D"}};
  e.first_line = 30;
  e.last_line = 31;
  e.lines = {{30, e.headline}, {31, " loop_process_work+0x3e/0x5c0 [loop]"}};
  return e;
}

pipeline::AnalysisReport HangReport() {
  pipeline::AnalysisReport r;
  r.input = "lab/console.log";
  r.format = "dmesg";
  r.compression = "gzip";
  r.records = 42;
  r.bytes = 4096;
  events::SystemFacts& s = r.system;
  s.kernel_release = "6.12.25-amd64";
  s.kernel = ParseVersion("6.12.25-amd64");
  s.arch = "x86_64";
  s.distribution = "debian";
  s.taint = "P           O";
  s.taint_flags = {{'P', "proprietary module was loaded"},
                   {'O', "externally-built (out-of-tree) module was loaded"}};
  s.tainted = true;
  s.zfs_release = "2.3.1-1";
  s.zfs = ParseVersion("2.3.1-1");
  s.zfs_loaded = true;
  r.boots.push_back(pipeline::BootInfo{0, 1, 42, s});
  r.events = {HungTask(), BlockedTask()};

  diagnosis::Diagnosis d;
  d.signature = "openzfs-loop-txg-sync-hang";
  d.title = "txg_sync hangs behind a loop device on ZFS";
  d.summary = "A loop device backed by a file on ZFS waits on txg_sync,\nwhich waits on it.\n";
  d.confidence = 0.9;
  d.reasons = {"hung txg_sync_thread (+0.6)", "loop worker blocked (+0.3)"};
  d.missed = {"no sysrq-w dump (-0.0)"};
  d.affected = diagnosis::Affected::kYes;
  d.affected_reason = "kernel 6.12.25-amd64 has the loop change and ZFS 2.3.1-1 lacks the fix";
  d.evidence = {{10, r.events[0].headline}, {15, " txg_sync_thread+0x1c4/0x3d0 [zfs]"}};
  d.actions = {{"Upgrade OpenZFS to 2.3.3 or later.", true, ""},
               {"Set zfs_loop_fix=1.", false, "ZFS 2.3.1-1 has no such parameter"}};
  d.references = {"https://github.com/openzfs/zfs/issues/17277"};
  d.collect_next = {"echo w > /proc/sysrq-trigger while it hangs"};
  d.event_indexes = {0};
  d.victim_indexes = {1};
  d.bucket = d.signature;
  r.diagnoses.push_back(d);
  r.near_misses.push_back({"openzfs-hung-txg-sync", {"explained by openzfs-loop-txg-sync-hang"}});
  r.collect_next = {"zfs version and uname -r"};
  r.warnings.push_back({"lab/console.log", 40, "a line was cut at 64 KiB"});
  return r;
}

TEST(RenderTest, TextReport) { ExpectMatchesFile(RenderText(HangReport()), "render/hang.txt"); }

TEST(RenderTest, TextReportExplained) {
  ExpectMatchesFile(RenderText(HangReport(), {true}), "render/hang.explain.txt");
}

TEST(RenderTest, JsonReport) {
  ExpectMatchesFile(RenderJson(HangReport(), 2) + "\n", "render/hang.json");
}

TEST(RenderTest, JsonLinesRecord) {
  ExpectMatchesFile(RenderJsonLine(HangReport()) + "\n", "render/hang.jsonl");
}

TEST(RenderTest, ErrorReport) {
  Error error{ErrorCode::kNotFound, "missing.log", std::nullopt, "no such file"};
  pipeline::AnalysisReport r = pipeline::ErrorReport("missing.log", error);
  ExpectMatchesFile(RenderText(r) + RenderJsonLine(r) + "\n", "render/error.txt");
}

}  // namespace
}  // namespace crashsift::render
