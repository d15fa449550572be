// Cause chains (analyzer/diagnosis/cause_chain.h) on hand-built events, and
// through the whole pipeline on the project's own lab logs and dump: the
// report leads with the cause, shows the chain and keeps the effects folded
// under it.
#include "analyzer/diagnosis/cause_chain.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"
#include "analyzer/render/text_report.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::diagnosis {
namespace {

using events::Event;
using events::EventKind;

Event Ev(EventKind kind, std::string headline, double time, std::string comm = "",
         std::optional<int> cpu = std::nullopt, uint32_t boot = 0) {
  Event e;
  e.kind = kind;
  e.headline = std::move(headline);
  e.time = time;
  e.task.comm = std::move(comm);
  e.cpu = cpu;
  e.boot = boot;
  return e;
}

TEST(CauseChainTest, PolicyPanicsNameTheReportBeforeThem) {
  std::vector<Event> events = {
      Ev(EventKind::kWarning, "WARNING: CPU: 1 PID: 7 at fs/foo.c:12 foo+0x1/0x2", 1),
      Ev(EventKind::kPanic, "Kernel panic - not syncing: kernel: panic_on_warn set ...", 1.1),
      Ev(EventKind::kOops, "BUG: kernel NULL pointer dereference, address: 0000000000000008", 5),
      Ev(EventKind::kPanic, "Kernel panic - not syncing: Fatal exception", 5.1),
  };
  std::vector<CauseLink> links = FindCauseLinks(events);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].cause, 0u);
  EXPECT_EQ(links[0].effect, 1u);
  EXPECT_NE(links[0].relation.find("panic_on_warn"), std::string::npos);
  EXPECT_EQ(links[1].cause, 2u);
  EXPECT_EQ(links[1].effect, 3u);
  EXPECT_NE(links[1].relation.find("panic_on_oops"), std::string::npos);
}

TEST(CauseChainTest, RcuStallOnASoftLockedCpuNamesTheLockupEvenWhenItComesFirst) {
  std::vector<Event> events = {
      Ev(EventKind::kRcuStall, "rcu: INFO: rcu_preempt self-detected stall on CPU", 6.8, "z_spin",
         0),
      Ev(EventKind::kRcuStall, "rcu: INFO: rcu_preempt self-detected stall on CPU", 6.9, "x", 1),
      Ev(EventKind::kSoftLockup, "watchdog: BUG: soft lockup - CPU#0 stuck for 10s! [z_spin:109]",
         14.6, "z_spin", 0),
  };
  std::vector<CauseLink> links = FindCauseLinks(events);
  ASSERT_EQ(links.size(), 1u);  // CPU 1 was not locked up
  EXPECT_EQ(links[0].cause, 2u);
  EXPECT_EQ(links[0].effect, 0u);
}

TEST(CauseChainTest, IoErrorsBeforeTxgSyncHangAreItsCauseInTheSameBootOnly) {
  std::vector<Event> events = {
      Ev(EventKind::kIoError, "blk_update_request: I/O error, dev sdb, sector 8", 10),
      Ev(EventKind::kHungTask, "INFO: task txg_sync:1234 blocked for more than 120 seconds.", 250,
         "txg_sync"),
      Ev(EventKind::kHungTask, "INFO: task txg_sync:99 blocked for more than 120 seconds.", 250,
         "txg_sync", std::nullopt, 1),
  };
  std::vector<CauseLink> links = FindCauseLinks(events);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].cause, 0u);
  EXPECT_EQ(links[0].effect, 1u);
}

pipeline::AnalysisReport Analyze(const std::string& path) {
  pipeline::AnalyzeOptions options;
  options.signatures = crashsift::testing::ShippedLibrary();
  auto report = pipeline::AnalyzeInput(path, options);
  if (!report) {
    ADD_FAILURE() << report.error().OneLine();
    return {};
  }
  return std::move(*report);
}

// hung_task_panic after two writers blocked on a frozen ext4: the writers are
// the cause, the panic the policy that turned them into a dump.
void ExpectFrozenFilesystemLeads(const pipeline::AnalysisReport& r) {
  ASSERT_FALSE(r.diagnoses.empty());
  const Diagnosis& d = r.diagnoses.front();
  EXPECT_EQ(d.signature, "kernel-hung-task-frozen-fs");
  for (const Diagnosis& other : r.diagnoses) EXPECT_NE(other.signature, "kernel-hung-task-panic");
  ASSERT_FALSE(d.event_indexes.empty());
  EXPECT_EQ(r.events[d.event_indexes.front()].kind, EventKind::kHungTask);
  EXPECT_EQ(r.events[d.event_indexes.front()].task.comm, "txg_sync");
  ASSERT_EQ(d.chain.size(), 1u);
  const Event& panic = r.events[d.chain[0].effect];
  EXPECT_EQ(panic.kind, EventKind::kPanic);
  EXPECT_NE(panic.headline.find("hung_task: blocked tasks"), std::string::npos);
  EXPECT_EQ(r.events[d.chain[0].cause].kind, EventKind::kHungTask);
  EXPECT_NE(d.chain[0].relation.find("hung_task_panic"), std::string::npos);
  EXPECT_NE(std::find(d.victim_indexes.begin(), d.victim_indexes.end(), d.chain[0].effect),
            d.victim_indexes.end());
  nlohmann::json j = nlohmann::json::parse(render::RenderJson(r));
  EXPECT_EQ(j["headline"], d.title);
  EXPECT_EQ(j["diagnoses"][0]["chain"][0]["effect"], d.chain[0].effect);
  std::string text = render::RenderText(r, {});
  EXPECT_NE(text.find("cause chain:"), std::string::npos);
  EXPECT_NE(text.find("effects (what it led to):"), std::string::npos);
}

TEST(LabCauseChainTest, HungTaskPanicConsoleLogLeadsWithTheFrozenFilesystemWriters) {
  ExpectFrozenFilesystemLeads(
      Analyze(crashsift::testing::CorpusPath("logs/events/lab-hungpanic.console.log").string()));
}

TEST(LabCauseChainTest, HungTaskPanicVmcoreLeadsWithTheFrozenFilesystemWriters) {
  pipeline::AnalysisReport r =
      Analyze(crashsift::testing::VmcoreSample("hungpanic.kdump-zstd-d31").string());
  ExpectFrozenFilesystemLeads(r);
  // The dump's advice: the debuginfo that opens it, not another dump.
  std::string text = render::RenderText(r, {});
  EXPECT_NE(text.find("Collect next (to read this dump further):"), std::string::npos);
  EXPECT_NE(text.find("apt-get install linux-image-6.1.0-56-amd64-dbg"), std::string::npos);
  EXPECT_EQ(text.find("The vmcore this panic produced"), std::string::npos);
}

// softlockup_panic after a task spun in labcrash.ko with a spinlock held: the
// RCU stall came first in time but is the lockup seen by RCU.
TEST(LabCauseChainTest, SoftLockupDumpLeadsWithTheSpinningFunctionNotTheRcuStall) {
  pipeline::AnalysisReport r =
      Analyze(crashsift::testing::CorpusPath("logs/events/lab-softlockup.console.log").string());
  ASSERT_EQ(r.diagnoses.size(), 1u);
  const Diagnosis& d = r.diagnoses.front();
  EXPECT_EQ(d.signature, "kernel-soft-lockup");
  const Event& root = r.events[d.event_indexes.front()];
  EXPECT_EQ(root.kind, EventKind::kSoftLockup);
  EXPECT_NE(root.native_title.find("lab_spin"), std::string::npos) << root.native_title;
  EXPECT_NE(root.native_title.find("[labcrash]"), std::string::npos) << root.native_title;
  bool rcu_effect = false, panic_effect = false;
  for (const CauseLink& l : d.chain) {
    EXPECT_EQ(l.cause, d.event_indexes.front());
    rcu_effect |= r.events[l.effect].kind == EventKind::kRcuStall;
    panic_effect |= r.events[l.effect].kind == EventKind::kPanic;
  }
  EXPECT_TRUE(rcu_effect);
  EXPECT_TRUE(panic_effect);
  // Whole reports: no "corrupted" for people, in JSON's headline or the text.
  nlohmann::json j = nlohmann::json::parse(render::RenderJson(r));
  EXPECT_EQ(j["headline"], d.title);
  for (const Event& e : r.events) {
    EXPECT_EQ(e.native_title.find("corrupted"), std::string::npos) << e.native_title;
    EXPECT_TRUE(e.damage.empty()) << e.damage;
  }
  std::string text = render::RenderText(r, {});
  EXPECT_EQ(text.find("corrupted"), std::string::npos) << text;
}

}  // namespace
}  // namespace crashsift::diagnosis
