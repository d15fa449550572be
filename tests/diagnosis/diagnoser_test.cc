// The diagnoser on real samples (corpus/logs/signatures, read through the
// events splitter) and on hand-built events for cause/symptom folding.
#include "analyzer/diagnosis/diagnoser.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/matching/signature_loader.h"
#include "tests/diagnosis/diagnoser_samples.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"

namespace crashsift::diagnosis {
namespace {

TEST(DiagnoserTest, ZapVerify3FromIssue16157VersionUnknown) {
  DiagnoseResult r = DiagnoseSample(
      Sample("logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log"));
  const Diagnosis* d = FindDiagnosis(r, kZap);
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->confidence, 1.0);  // 0.6 + 0.2 + 0.15 + 0.05
  EXPECT_EQ(d->affected, Affected::kUnknown);
  EXPECT_EQ(d->affected_reason, "the ZFS version is not in the log (no 'ZFS: Loaded module' line)");
  ASSERT_FALSE(d->evidence.empty());
  EXPECT_EQ(d->evidence[0].line, 1u);
  EXPECT_TRUE(d->evidence[0].text.starts_with(
      "VERIFY3(NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)) failed"));
  EXPECT_EQ(d->evidence[1].text, "PANIC at zap.c:441:zap_create_leaf()");
  EXPECT_EQ(d->reasons[0],
            "required: VERIFY3(NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)) failed (line 1)");
  EXPECT_EQ(d->reasons[1], "support +0.20: PANIC at zap.c:NNN:zap_create_leaf() (line 2)");
  EXPECT_TRUE(d->missed.empty());
  // Unknown version: what to collect is attached, and every action still applies.
  EXPECT_FALSE(d->collect_next.empty());
  for (const auto& a : d->actions) EXPECT_TRUE(a.applies);
  EXPECT_EQ(d->bucket, kZap);
}

// From a vmcore, evidence is located by printk record, not by line.
TEST(DiagnoserTest, VmcoreEvidenceIsNamedByRecord) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log");
  auto r = Diagnose(Shipped(), s.events, s.systems, DiagnoseOptions{false, "record"});
  ASSERT_TRUE(r.has_value());
  const Diagnosis* d = FindDiagnosis(*r, kZap);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->reasons[0],
            "required: VERIFY3(NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)) failed (record 1)");
}

TEST(DiagnoserTest, ZapVerify3OnAMasterBuildInsideTheWindow) {
  DiagnoseResult r = DiagnoseSample(Sample(
      "logs/signatures/openzfs-zap-create-leaf-verify3/assembled-16157-master-2.2.99-474.log"));
  const Diagnosis* d = FindDiagnosis(r, kZap);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kYes);
  EXPECT_EQ(d->affected_reason,
            "ZFS 2.2.99-474_g8f1b7a6fa6 is a master build inside the ZAP-shrink window "
            "(5044c4e3ff..34906f8bbe, 2.2.99-458..507)");
  EXPECT_TRUE(d->collect_next.empty());  // strong evidence, known version
}

TEST(DiagnoserTest, ZapVerify3OnAReleaseIsNotAffectedAndUpgradeNoLongerApplies) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log");
  ASSERT_EQ(s.systems.size(), 1u);
  s.systems[0].zfs_release = "2.3.1-1";
  s.systems[0].zfs = ParseVersion("2.3.1-1");
  DiagnoseResult r = DiagnoseSample(s);
  const Diagnosis* d = FindDiagnosis(r, kZap);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kNo);
  EXPECT_EQ(d->affected_reason,
            "ZFS 2.3.1-1 is outside the ZAP-shrink window (only master builds 2.2.99-458..507 have "
            "the bug; 2.3.0-rc1 and later have the fix 34906f8bbe)");
  EXPECT_DOUBLE_EQ(d->confidence, 0.8);
  ASSERT_EQ(d->actions.size(), 4u);
  EXPECT_TRUE(d->actions[0].applies);   // reboot
  EXPECT_FALSE(d->actions[1].applies);  // upgrade
  EXPECT_EQ(d->actions[1].why_not, d->affected_reason);
  EXPECT_FALSE(d->actions[2].applies);  // zfs_zap_shrink_enabled=0
}

TEST(DiagnoserTest, DifferentZapVerify3IsANearMissNamingTheAbsentFrame) {
  DiagnoseResult r = DiagnoseSample(
      Sample(
          "logs/signatures/openzfs-zap-create-leaf-verify3/nomatch-zfs-13763-zap-add-verify3.log"),
      /*explain=*/true);
  EXPECT_EQ(FindDiagnosis(r, kZap), nullptr);
  // It came close (a ZFS VERIFY3 in zap code): --explain says why, down to the frame.
  const NearMiss* n = FindNearMiss(r, kZap);
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->reasons.size(), 4u);
  EXPECT_EQ(n->reasons[0],
            "missing: VERIFY3(NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)) failed (no line "
            "matches /VERIFY3\\(NULL == dmu_buf_set_user\\(l->l_dbuf, &l->l_dbu\\)\\) failed/)");
  EXPECT_EQ(n->reasons[2],
            "also missing (support): stack zap_expand_leaf -> fzap_add_cd (ZAP add path) (frame "
            "zap_expand_leaf absent in the top 12 frames)");
  // The generic assertion signature is what it is.
  const Diagnosis* generic = FindDiagnosis(r, "openzfs-assertion-generic");
  ASSERT_NE(generic, nullptr);
  EXPECT_EQ(generic->evidence[1].text, "PANIC at dsl_dir.c:951:dsl_dir_create_sync()");
}

TEST(DiagnoserTest, LoopHangNamesTheLoopWorkerAsRootAndListsVictims) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  // mount (hung), txg_sync and kworker (sysrq-w), kworker (sysrq-l)
  ASSERT_EQ(s.events.size(), 4u);
  DiagnoseResult r = DiagnoseSample(s);
  const Diagnosis* d = FindDiagnosis(r, kLoop);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kYes);
  EXPECT_EQ(d->affected_reason,
            "kernel 6.12.25 has the loop change (6.12.25+, the 6.14.y backport, 6.15+) and ZFS "
            "2.3.1-1 lacks the fix (2.3.3, 2.2.8)");
  ASSERT_EQ(d->event_indexes.size(), 1u);
  EXPECT_EQ(s.events[d->event_indexes[0]].task.comm, "kworker/u16:4");  // root
  EXPECT_EQ(d->reasons[0],
            "required: loop I/O stuck: the loop worker in ZFS or a mount/sync on the loop device "
            "(line 60)");
  EXPECT_EQ(d->reasons[1], "required: a loop device appears in the log");
  EXPECT_EQ(d->reasons[2],
            "support +0.30: the loop worker is inside ZFS's write path (zpl_iter_write/zfs_write) "
            "(line 60)");
  EXPECT_EQ(d->reasons[3], "support +0.05: txg_sync blocked (line 35)");
  // The hung mount and the blocked txg_sync are victims, not separate findings.
  ASSERT_EQ(d->victim_indexes.size(), 2u);
  EXPECT_EQ(s.events[d->victim_indexes[0]].task.comm, "mount");
  EXPECT_EQ(s.events[d->victim_indexes[1]].task.comm, "txg_sync");
  EXPECT_EQ(r.diagnoses.size(), 1u) << "only the root cause is reported";
  EXPECT_DOUBLE_EQ(d->confidence, 1.0);
}

// The real reproduction (corpus/tools/make-loop-zfs-hang.sh: Debian 6.12.57, zfs-dkms
// 2.3.2): the loop worker is not in D state but spinning, seen only in the sysrq-l
// NMI backtrace; txg_sync is not blocked; sync hangs behind the mount.
TEST(DiagnoserTest, LoopHangInTheRealLabLogIsTheSpinningLoopWorker) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/lab-loop-zfs-2.3.2-6.12.57.console.log");
  DiagnoseResult r = DiagnoseSample(s);
  ASSERT_EQ(r.diagnoses.size(), 1u);
  const Diagnosis* d = FindDiagnosis(r, kLoop);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kYes);
  EXPECT_EQ(d->affected_reason,
            "kernel 6.12.57+deb12-amd64 has the loop change (6.12.25+, the 6.14.y backport, "
            "6.15+) and ZFS 2.3.2-2~bpo12+2 lacks the fix (2.3.3, 2.2.8)");
  ASSERT_FALSE(d->event_indexes.empty());
  const events::Event& root = s.events[d->event_indexes[0]];
  EXPECT_EQ(root.kind, events::EventKind::kCpuBacktrace);
  EXPECT_EQ(root.task.comm, "kworker/u8:0");
  EXPECT_EQ(root.first_line, 788u);  // "NMI backtrace for cpu 1"
  EXPECT_EQ(d->reasons[0],
            "required: loop I/O stuck: the loop worker in ZFS or a mount/sync on the loop device "
            "(line 788)");
  EXPECT_EQ(d->reasons[1], "required: a loop device appears in the log");
  // 10 hung-task reports of sync, then sysrq-w: mount and sync.
  ASSERT_EQ(d->victim_indexes.size(), 12u);
  EXPECT_EQ(s.events[d->victim_indexes[10]].task.comm, "mount");
  EXPECT_DOUBLE_EQ(d->confidence, 1.0);  // the worker in zfs_write: no txg_sync needed
}

// The loop hang as most users report it (issue 8, class 9): the same real lab
// log cut before its sysrq-l dump, so the spinning worker's stack is absent;
// only the mount and sync blocked on loop0, ZFS loaded, versions affected. Still
// the loop hang on top, with a lower confidence that names what is missing.
TEST(DiagnoserTest, LoopHangWithoutTheWorkerStackIsStillTheLoopHang) {
  AnalyzedSample s = Sample(
      "logs/signatures/openzfs-loop-txg-sync-hang/cut-lab-loop-zfs-no-worker-stack.console.log");
  DiagnoseResult r = DiagnoseSample(s);
  ASSERT_FALSE(r.diagnoses.empty());
  const Diagnosis& d = r.diagnoses[0];
  EXPECT_EQ(d.signature, kLoop);
  EXPECT_EQ(d.affected, Affected::kYes);
  const events::Event& root = s.events[d.event_indexes[0]];
  EXPECT_EQ(root.task.comm, "mount");
  EXPECT_DOUBLE_EQ(d.confidence, 0.75);
  EXPECT_NE(
      std::find(d.reasons.begin(), d.reasons.end(), "required: a loop device appears in the log"),
      d.reasons.end());
  bool worker_missing = false;
  for (const std::string& missed : d.missed) {
    if (missed.find("the loop worker is inside ZFS's write path") != std::string::npos)
      worker_missing = true;
  }
  EXPECT_TRUE(worker_missing);
  bool sysrq_l = false;
  for (const std::string& c : d.collect_next) sysrq_l |= c.find("echo l >") != std::string::npos;
  EXPECT_TRUE(sysrq_l) << "collect-next asks for the spinning CPU's stack";
}

TEST(DiagnoserTest, LoopHangOnAKernelWithoutTheLoopChangeIsRuledOut) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  s.systems[0].kernel_release = "6.6.30-amd64";
  s.systems[0].kernel = ParseVersion("6.6.30-amd64");
  s.systems[0].kernel_upstream.reset();
  DiagnoseResult r = DiagnoseSample(s, /*explain=*/true);
  EXPECT_EQ(FindDiagnosis(r, kLoop), nullptr);
  const NearMiss* n = FindNearMiss(r, kLoop);
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->reasons.size(), 1u);
  EXPECT_EQ(n->reasons[0],
            "kernel 6.6.30-amd64 is outside the affected range '>=6.12.25 <6.13-rc1', '>=6.14.4 "
            "<6.15-rc1', '>=6.15-rc3'");
}

TEST(DiagnoserTest, LoopHangWithAFixedZfsIsNotAffected) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  s.systems[0].zfs_release = "2.3.3-1";
  s.systems[0].zfs = ParseVersion("2.3.3-1");
  DiagnoseResult r = DiagnoseSample(s);
  const Diagnosis* d = FindDiagnosis(r, kLoop);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kNo);
  EXPECT_EQ(
      d->affected_reason,
      "ZFS 2.3.3-1 has the fix (2.3.3, 2.2.8) or predates the iov_iter code (2.0.1), although "
      "kernel 6.12.25 has the loop change (6.12.25+, the 6.14.y backport, 6.15+)");
  EXPECT_NEAR(d->confidence, 0.8, 1e-9);  // 0.6 + 0.3 + 0.05 + 0.05, not affected -0.2
  EXPECT_TRUE(d->actions[0].applies);
  EXPECT_FALSE(d->actions[1].applies);
  EXPECT_EQ(d->actions[1].why_not, d->affected_reason);
}

// Nothing in these logs triggers the loop signature (no loop worker, no ZFS
// write path in a worker): it is not even a near-miss; the hangs stay
// unexplained (ext4) or go to the generic txg_sync signature (#2934).
TEST(DiagnoserTest, LoopHangOnExt4IsNotConsidered) {
  DiagnoseResult r = DiagnoseSample(
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/nomatch-lab-loop-ext4-hung-6.1.log"),
      /*explain=*/true);
  EXPECT_EQ(FindDiagnosis(r, kLoop), nullptr);
  EXPECT_EQ(FindNearMiss(r, kLoop), nullptr);
}

TEST(DiagnoserTest, TxgSyncHangWithoutLoopIsNotTheLoopSignature) {
  DiagnoseResult r = DiagnoseSample(
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/nomatch-zfs-2934-txg-sync-no-loop.log"),
      /*explain=*/true);
  EXPECT_EQ(FindDiagnosis(r, kLoop), nullptr);
  EXPECT_EQ(FindNearMiss(r, kLoop), nullptr);
  EXPECT_NE(FindDiagnosis(r, "openzfs-hung-txg-sync"), nullptr);
}

TEST(DiagnoserTest, SpecificSignatureWinsOverTheGenericAssertion) {
  DiagnoseResult r = DiagnoseSample(
      Sample("logs/signatures/openzfs-zap-create-leaf-verify3/zfs-16157-verify3-6.8.8.log"), true);
  ASSERT_EQ(r.diagnoses.size(), 1u);
  EXPECT_EQ(r.diagnoses[0].signature, kZap);
  const NearMiss* n = FindNearMiss(r, "openzfs-assertion-generic");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->reasons[0],
            "explained by openzfs-zap-create-leaf-verify3 (same event, stronger match)");
}

TEST(DiagnoserTest, GenericAssertionBucketsByFunctionAndExpression) {
  DiagnoseResult r = DiagnoseSample(
      Sample("logs/signatures/openzfs-assertion-generic/zfs-6332-space-delta-cb-el7.log"));
  const Diagnosis* d = FindDiagnosis(r, "openzfs-assertion-generic");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->bucket,
            "openzfs-assertion-generic:zfs_space_delta_cb:VERIFY3(sa.sa_magic == 0x2F505A)");
  EXPECT_EQ(d->affected, Affected::kUnknown);
  EXPECT_EQ(d->affected_reason, "the signature names no affected versions");
  EXPECT_FALSE(d->collect_next.empty());
}

TEST(DiagnoserTest, UsageZapShrinkAssertDependsOnTheZfsBuild) {
  AnalyzedSample s = Sample(
      "logs/signatures/openzfs-dbuf-undirty-usage-zap-shrink/"
      "zfs-17602-dbuf-undirty-zap-shrink.log");
  ASSERT_EQ(s.systems.size(), 1u);
  for (auto [release, expected] :
       {std::pair{"2.3.4-1", Affected::kYes}, std::pair{"2.4.0-1", Affected::kNo},
        std::pair{"2.2.6-1", Affected::kNo}}) {
    s.systems[0].zfs_release = release;
    s.systems[0].zfs = ParseVersion(release);
    DiagnoseResult r = DiagnoseSample(s);
    const Diagnosis* d = FindDiagnosis(r, "openzfs-dbuf-undirty-usage-zap-shrink");
    ASSERT_NE(d, nullptr) << release;
    EXPECT_EQ(d->affected, expected) << release << ": " << d->affected_reason;
  }
  DiagnoseResult r = DiagnoseSample(s);  // 2.2.6-1
  EXPECT_EQ(
      FindDiagnosis(r, "openzfs-dbuf-undirty-usage-zap-shrink")->affected_reason,
      "ZFS 2.2.6-1 is outside 2.2.99-458 .. 2.3.99-551 (no ZAP shrinking, or the fix 077269bfed, "
      "2.4.0-rc1+)");
}

// Scale: a day of repeated hung-task reports after one parked VERIFY must stay
// linear (one finding, every report a victim), not compare every pair.
TEST(DiagnoserTest, TwentyThousandHungTasksAfterAVerifyAreOneFinding) {
  auto frame = [](const char* name) {
    events::StackFrame f;
    f.function = f.normalized_function = name;
    f.module = "zfs";
    return f;
  };
  std::vector<events::Event> events;
  events::Event verify;
  verify.kind = events::EventKind::kAssertion;
  verify.headline = "VERIFY3(x == y) failed (1 == 2)";
  verify.lines = {{1, verify.headline}, {2, "PANIC at dbuf.c:100:dbuf_foo()"}};
  verify.first_line = 1;
  verify.frames = {frame("spl_panic"), frame("dbuf_foo")};
  events.push_back(verify);
  for (uint64_t i = 0; i < 20000; ++i) {
    events::Event hung;
    hung.kind = events::EventKind::kHungTask;
    hung.task.comm = "txg_sync";
    hung.headline = "INFO: task txg_sync:123 blocked for more than 120 seconds.";
    hung.first_line = 10 + i * 20;
    hung.lines = {{hung.first_line, hung.headline}};
    hung.frames = {frame("zio_wait"), frame("spa_sync"), frame("txg_sync_thread")};
    events.push_back(std::move(hung));
  }
  events::SystemFacts facts;
  facts.zfs_loaded = true;
  auto r = Diagnose(Shipped(), events, {facts}, DiagnoseOptions{false});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->diagnoses.size(), 1u);
  EXPECT_EQ(r->diagnoses[0].signature, "openzfs-assertion-generic");
  EXPECT_EQ(r->diagnoses[0].event_indexes, std::vector<size_t>{0});
  EXPECT_EQ(r->diagnoses[0].victim_indexes.size(), 20000u);
  // --explain says where the 20,000 went in a few lines, not 20,000.
  auto explained = Diagnose(Shipped(), events, {facts}, DiagnoseOptions{true});
  ASSERT_TRUE(explained.has_value());
  EXPECT_LT(explained->near_misses.size(), 20u);
  const NearMiss* txg = FindNearMiss(*explained, "openzfs-hung-txg-sync");
  ASSERT_NE(txg, nullptr);
  EXPECT_EQ(txg->reasons[0],
            "symptom of openzfs-assertion-generic (20000 events are listed under it: 1, 2, 3, 4, "
            "5, ...)");
}

// A hang cascade: the real #17277 sample (loop worker, txg_sync, a hung mount)
// plus 40 D-state victims of the same boot, some of which another signature
// would claim on its own (txg_quiesce, XFS log force). One finding: the loop
// worker is named as the root blocker, every victim is listed under it.
TEST(DiagnoserTest, LoopHangCascadeNamesTheRootBlockerAndListsEveryVictim) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  ASSERT_EQ(s.events.size(), 4u);
  auto frame = [](const char* name, const char* module) {
    events::StackFrame f;
    f.function = f.normalized_function = name;
    f.module = module;
    return f;
  };
  const size_t first_victim = s.events.size();
  for (uint64_t i = 0; i < 40; ++i) {
    events::Event e;
    e.kind = events::EventKind::kBlockedTask;
    e.boot = s.events[0].boot;
    e.first_line = 1000 + i * 30;
    if (i == 0) {
      e.task.comm = "txg_quiesce";
      e.frames = {frame("cv_wait_common", "spl"), frame("txg_quiesce_thread", "zfs")};
    } else if (i % 2 == 0) {
      e.task.comm = "xfsaild/loop2";
      e.frames = {frame("xlog_wait", ""), frame("xfs_log_force", ""), frame("xfsaild", "")};
    } else {
      e.task.comm = "rsync";
      e.frames = {frame("zfs_rangelock_enter_impl", "zfs"), frame("zfs_write", "zfs"),
                  frame("zpl_iter_write", "zfs"), frame("vfs_write", "")};
    }
    e.headline = "task:" + e.task.comm + " state:D stack:0 pid:" + std::to_string(60000 + i);
    e.lines = {{e.first_line, e.headline}};
    e.last_line = e.first_line;
    s.events.push_back(std::move(e));
  }
  DiagnoseResult r = DiagnoseSample(s, /*explain=*/true);
  ASSERT_EQ(r.diagnoses.size(), 1u) << r.diagnoses[1].signature;
  const Diagnosis& d = r.diagnoses[0];
  EXPECT_EQ(d.signature, kLoop);
  EXPECT_EQ(s.events[d.event_indexes[0]].task.comm, "kworker/u16:4");  // the root blocker
  // the hung mount, txg_sync and the 40 D-state tasks
  ASSERT_EQ(d.victim_indexes.size(), 42u);
  EXPECT_EQ(s.events[d.victim_indexes[0]].task.comm, "mount");
  EXPECT_EQ(s.events[d.victim_indexes[1]].task.comm, "txg_sync");
  EXPECT_EQ(d.victim_indexes[2], first_victim);
  EXPECT_EQ(d.victim_indexes.back(), first_victim + 39);
  EXPECT_EQ(d.reasons.back(),
            "42 other event(s) of the same boot are listed as symptoms of this one");
  // Signatures that would have claimed a victim say where it went.
  const NearMiss* quiesce = FindNearMiss(r, "openzfs-hung-txg-quiesce");
  ASSERT_NE(quiesce, nullptr);
  EXPECT_EQ(quiesce->reasons[0],
            "symptom of openzfs-loop-txg-sync-hang (event 4 is listed under it)");
  // Nineteen xfsaild victims, one note.
  int xfs_notes = 0;
  for (const auto& n : r.near_misses) {
    if (n.signature != "kernel-hung-task-xfs-log") continue;
    ++xfs_notes;
    EXPECT_EQ(n.reasons[0],
              "symptom of openzfs-loop-txg-sync-hang (19 events are listed under it: 6, 8, 10, 12, "
              "14, ...)");
  }
  EXPECT_EQ(xfs_notes, 1);
}

// The spinning loop worker seen by the soft-lockup watchdog instead of
// sysrq-w: still the root blocker, and the generic soft-lockup signature
// yields to the specific one on that event.
TEST(DiagnoserTest, LoopHangRootCanBeTheSoftLockupOfTheSpinningWorker) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  ASSERT_EQ(s.events.size(), 4u);
  events::Event& worker = s.events[2];
  ASSERT_EQ(worker.task.comm, "kworker/u16:4");
  worker.kind = events::EventKind::kSoftLockup;
  worker.headline = "watchdog: BUG: soft lockup - CPU#3 stuck for 26s! [kworker/u16:4:50907]";
  worker.lines.insert(worker.lines.begin(), {worker.first_line, worker.headline});
  DiagnoseResult r = DiagnoseSample(s, /*explain=*/true);
  ASSERT_EQ(r.diagnoses.size(), 1u) << r.diagnoses[1].signature;
  EXPECT_EQ(r.diagnoses[0].signature, kLoop);
  EXPECT_EQ(r.diagnoses[0].event_indexes[0], 2u);
  const NearMiss* n = FindNearMiss(r, "kernel-soft-lockup");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->reasons[0], "explained by openzfs-loop-txg-sync-hang (same event, stronger match)");
}

// Cause and symptom, with an in-memory library.
matching::SignatureLibrary TwoSignatures() {
  std::vector<matching::Signature> sigs;
  for (const char* text : {R"(id = "verify-generic"
title = "t"
summary = "s"
[[require]]
kind = "assertion"
line = 'VERIFY'
[[symptom]]
kind = ["hung_task", "blocked_task"]
)",
                           R"(id = "hung-generic"
title = "t"
summary = "s"
[[require]]
kind = "hung_task"
)"}) {
    auto s = matching::ParseSignature(text, "");
    EXPECT_TRUE(s.has_value()) << s.error().OneLine();
    sigs.push_back(std::move(*s));
  }
  return std::move(*matching::SignatureLibrary::Build(std::move(sigs)));
}

events::Event Ev(events::EventKind kind, const std::string& line, uint64_t first_line) {
  events::Event e;
  e.kind = kind;
  e.headline = line;
  e.lines.push_back({first_line, line});
  e.first_line = first_line;
  return e;
}

TEST(DiagnoserTest, HungTasksAfterAParkedVerifyAreSymptoms) {
  auto lib = TwoSignatures();
  std::vector<events::Event> events = {
      Ev(events::EventKind::kHungTask, "INFO: task a:1 blocked for more than 120 seconds.", 1),
      Ev(events::EventKind::kAssertion, "VERIFY3(x) failed", 10),
      Ev(events::EventKind::kHungTask, "INFO: task b:2 blocked for more than 120 seconds.", 20),
      Ev(events::EventKind::kHungTask, "INFO: task c:3 blocked for more than 120 seconds.", 30)};
  auto r = Diagnose(lib, events, {}, DiagnoseOptions{true});
  ASSERT_TRUE(r.has_value());
  // The hung task before the VERIFY is its own finding; the two after it are symptoms.
  ASSERT_EQ(r->diagnoses.size(), 2u);
  EXPECT_EQ(r->diagnoses[0].signature, "hung-generic");
  EXPECT_EQ(r->diagnoses[0].event_indexes, std::vector<size_t>{0});
  EXPECT_EQ(r->diagnoses[1].signature, "verify-generic");
  EXPECT_EQ(r->diagnoses[1].victim_indexes, (std::vector<size_t>{2, 3}));
  EXPECT_EQ(r->diagnoses[1].reasons.back(),
            "2 later event(s) of the same boot are listed as symptoms of this one");
  // One note for both folded findings.
  int symptom_notes = 0;
  for (const auto& n : r->near_misses) {
    if (n.signature == "hung-generic" && n.reasons[0].starts_with("symptom of verify-generic")) {
      ++symptom_notes;
      EXPECT_EQ(n.reasons[0], "symptom of verify-generic (2 events are listed under it: 2, 3)");
    }
  }
  EXPECT_EQ(symptom_notes, 1);
}

TEST(DiagnoserTest, ThinEvidenceStaysBelowTheConfidentThreshold) {
  // The signature's own base confidence (kernel-oom-kill: 0.35) plus what holds: an OOM header
  // with its page-allocator stack but no kill line is 0.55, a full report 0.75.
  auto header = DiagnoseSample(
      Sample("logs/library/kernel-oom-kill/db1000n-555-header-only-5.13-oracle.log"));
  const Diagnosis* oom = FindDiagnosis(header, "kernel-oom-kill");
  ASSERT_NE(oom, nullptr);
  EXPECT_NEAR(oom->confidence, 0.55, 1e-9);
  auto kills = DiagnoseSample(Sample("logs/library/kernel-oom-kill/docker-1001-global-oom.log"));
  ASSERT_NE(FindDiagnosis(kills, "kernel-oom-kill"), nullptr);
  EXPECT_NEAR(FindDiagnosis(kills, "kernel-oom-kill")->confidence, 0.55, 1e-9);
  // A hung task no specific signature explains: the catch-all leads, never confidently.
  auto hung = DiagnoseSample(Sample(
      "logs/library/kernel-hung-task-generic/pve-manager-electrified-2-pve-firewall-6.8.log"));
  ASSERT_FALSE(hung.diagnoses.empty());
  EXPECT_EQ(hung.diagnoses[0].signature, "kernel-hung-task-generic");
  EXPECT_LT(hung.diagnoses[0].confidence, 0.5);
  // A specific hung-task signature explains its event before the catch-all does.
  auto jbd2 = DiagnoseSample(
      Sample("logs/library/kernel-hung-task-jbd2/zfs-4774-jbd2-header-cut-4.5-bpo.log"));
  ASSERT_FALSE(jbd2.diagnoses.empty());
  EXPECT_EQ(jbd2.diagnoses[0].signature, "kernel-hung-task-jbd2");
}

}  // namespace
}  // namespace crashsift::diagnosis
