// Input-level collect-next advice: on real samples through the diagnoser, and
// on hand-built events for every rule.
#include "analyzer/diagnosis/collect_next.h"

#include <gtest/gtest.h>

#include "analyzer/diagnosis/diagnoser.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"

namespace crashsift::diagnosis {
namespace {

const matching::SignatureLibrary& Shipped() { return *crashsift::testing::ShippedLibrary(); }

DiagnoseResult DiagnoseSample(const std::string& relative) {
  auto s = crashsift::testing::AnalyzeSample(crashsift::testing::CorpusPath(relative));
  EXPECT_TRUE(s.has_value());
  if (!s) return {};
  auto r = Diagnose(Shipped(), s->events, s->systems);
  EXPECT_TRUE(r.has_value());
  return r ? std::move(*r) : DiagnoseResult{};
}

const char* kSysrqW =
    "echo w > /proc/sysrq-trigger while it hangs (and echo l for busy CPUs): the stacks of every "
    "blocked task, to find the one the others wait for";

// A hung task no specific signature explains (syzkaller's arm64 report): only
// the catch-all names it, below 0.5, so the input's advice asks sysrq-w first.
TEST(CollectNextTest, UnexplainedHungTasksAskForSysrqW) {
  DiagnoseResult r = DiagnoseSample("logs/events/syzkaller-1000-hung-task-arm64.log");
  ASSERT_EQ(r.diagnoses.size(), 1u);
  EXPECT_EQ(r.diagnoses[0].signature, "kernel-hung-task-generic");
  EXPECT_LT(r.diagnoses[0].confidence, 0.5);
  ASSERT_FALSE(r.collect_next.empty());
  EXPECT_EQ(r.collect_next.front(), kSysrqW);
}

// Tasks named txg_sync hang on a frozen ext4: the frozen-filesystem signature
// explains them, so nothing is asked for the input as a whole.
TEST(CollectNextTest, HungTasksOnAFrozenFilesystemAreExplained) {
  DiagnoseResult r = DiagnoseSample(
      "logs/signatures/openzfs-loop-txg-sync-hang/nomatch-lab-loop-ext4-hung-6.1.log");
  ASSERT_FALSE(r.diagnoses.empty());
  EXPECT_EQ(r.diagnoses.front().signature, "kernel-hung-task-frozen-fs");
  EXPECT_TRUE(r.collect_next.empty());
}

// Fully explained, versions known: nothing to add.
TEST(CollectNextTest, AnExplainedCascadeNeedsNothingMore) {
  DiagnoseResult r = DiagnoseSample(
      "logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  ASSERT_EQ(r.diagnoses.size(), 1u);
  EXPECT_TRUE(r.collect_next.empty());
  // Its own advice is withheld too: the verdict is known, confidence 1.0.
  EXPECT_TRUE(r.diagnoses[0].collect_next.empty());
}

events::Event Ev(events::EventKind kind, const std::string& comm, std::vector<std::string> lines,
                 std::vector<std::pair<std::string, std::string>> frames, uint64_t first_line) {
  events::Event e;
  e.kind = kind;
  e.task.comm = comm;
  e.headline = lines.front();
  e.first_line = first_line;
  for (size_t i = 0; i < lines.size(); ++i) e.lines.push_back({first_line + i, lines[i]});
  for (auto& [function, module] : frames) {
    events::StackFrame f;
    f.function = f.normalized_function = function;
    f.module = module;
    e.frames.push_back(f);
  }
  return e;
}

// A parked VERIFY and hung tasks on a loop device, ZFS loaded but its
// version, the kernel and the boot banner not in the log: every rule fires.
TEST(CollectNextTest, EveryRuleInItsOrder) {
  std::vector<events::Event> events = {
      Ev(events::EventKind::kAssertion, "python3",
         {"VERIFY3(0 == zap_add(mos, x)) failed (0 == 17)", "PANIC at zap.c:100:zap_foo()"},
         {{"spl_panic", "spl"}, {"zap_foo", "zfs"}}, 1),
      Ev(events::EventKind::kHungTask, "kworker/u16:4",
         {"INFO: task kworker/u16:4:50907 blocked for more than 122 seconds.",
          "Workqueue: loop2 loop_workfn"},
         {{"zfs_write", "zfs"}, {"lo_rw_aio", ""}}, 20)};
  events::SystemFacts facts;
  facts.modules = {"zfs", "spl", "loop"};
  std::vector<std::string> advice = CollectNextForInput(events, {facts}, {});
  ASSERT_EQ(advice.size(), 7u);
  EXPECT_EQ(advice[0], kSysrqW);
  EXPECT_TRUE(advice[1].starts_with("boot with log_buf_len=16M")) << advice[1];
  EXPECT_TRUE(
      advice[2].starts_with("for a vmcore of the next occurrence: kdump plus 'options spl "
                            "spl_panic_halt=1'"))
      << advice[2];
  EXPECT_TRUE(advice[3].starts_with("cat /proc/spl/kstat/zfs/dbgmsg")) << advice[3];
  EXPECT_TRUE(advice[4].starts_with("zfs version")) << advice[4];
  EXPECT_TRUE(advice[5].starts_with("uname -r")) << advice[5];
  EXPECT_EQ(advice[6],
            "losetup -l: which loop devices are backed by files, and on which filesystem");

  // With a panic after the VERIFY (spl_panic_halt=1 was set) and known
  // versions with their banner, only the hang advice and dbgmsg remain.
  events.push_back(Ev(events::EventKind::kPanic, "python3",
                      {"Kernel panic - not syncing: VERIFY3(0 == zap_add(mos, x)) failed"}, {},
                      40));
  facts.kernel_release = "6.12.25-amd64";
  facts.kernel = ParseVersion("6.12.25-amd64");
  facts.kernel_version_banner = "Linux version 6.12.25-amd64 (debian-kernel@lists.debian.org)";
  facts.zfs_release = "2.3.1-1";
  facts.zfs = ParseVersion("2.3.1-1");
  advice = CollectNextForInput(events, {facts}, {});
  ASSERT_EQ(advice.size(), 3u);
  EXPECT_EQ(advice[0], kSysrqW);
  EXPECT_TRUE(advice[1].starts_with("cat /proc/spl/kstat/zfs/dbgmsg")) << advice[1];
  EXPECT_TRUE(advice[2].starts_with("losetup -l")) << advice[2];
}

// A diagnosis without advice of its own whose verdict waits for a version.
TEST(CollectNextTest, AVersionTheVerdictWaitsFor) {
  Diagnosis d;
  d.confidence = 0.75;
  d.affected = Affected::kUnknown;
  d.affected_reason = "the ZFS version is not in the log (no 'ZFS: Loaded module' line)";
  d.affected_missing.zfs = true;
  d.event_indexes = {0};
  std::vector<events::Event> events = {
      Ev(events::EventKind::kAssertion, "python3", {"VERIFY3(x) failed"}, {}, 1)};
  std::vector<std::string> advice = CollectNextForInput(events, {}, {d});
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_TRUE(advice[0].starts_with("zfs version (or cat /sys/module/zfs/version)")) << advice[0];
  d.collect_next = {"zfs version"};  // its own advice covers it
  EXPECT_TRUE(CollectNextForInput(events, {}, {d}).empty());
}

}  // namespace
}  // namespace crashsift::diagnosis
