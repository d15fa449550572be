#include "analyzer/matching/signature_matcher.h"

#include <gtest/gtest.h>

#include "analyzer/matching/signature_loader.h"

namespace crashsift::matching {
namespace {

using events::Event;
using events::EventKind;
using events::StackFrame;

StackFrame Frame(const std::string& name, const std::string& module = "", bool reliable = true) {
  StackFrame f;
  f.function = name;
  f.normalized_function = name;
  f.module = module;
  f.reliable = reliable;
  return f;
}

Event MakeEvent(EventKind kind, const std::string& comm, std::vector<std::string> lines,
                std::vector<StackFrame> frames, uint64_t first_line, uint32_t boot = 0) {
  Event e;
  e.kind = kind;
  e.task.comm = comm;
  e.headline = lines.empty() ? "" : lines.front();
  e.first_line = first_line;
  for (size_t i = 0; i < lines.size(); ++i) e.lines.push_back({first_line + i, lines[i]});
  e.last_line = first_line + lines.size();
  e.frames = std::move(frames);
  e.boot = boot;
  return e;
}

SignatureLibrary Library(std::vector<std::string> texts) {
  std::vector<Signature> sigs;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto s = ParseSignature(texts[i], "");
    EXPECT_TRUE(s.has_value()) << s.error().OneLine();
    sigs.push_back(std::move(*s));
  }
  auto lib = SignatureLibrary::Build(std::move(sigs));
  EXPECT_TRUE(lib.has_value());
  return std::move(*lib);
}

const char* kVerify = R"(id = "zap-verify"
title = "t"
summary = "s"
[[require]]
kind = "assertion"
line = '''VERIFY3\(NULL == dmu_buf_set_user\(.*\)\) failed'''
[[require]]
name = "zap frames"
frames = ["zap_expand_leaf", "fzap_add_cd"]
[[support]]
line = 'PANIC at zap\.c:\d+:zap_create_leaf'
weight = 0.2
[[symptom]]
kind = "hung_task"
[system]
zfs = true
)";

events::SystemFacts ZfsFacts() {
  events::SystemFacts f;
  f.zfs_loaded = true;
  f.zfs_release = "2.3.1-1";
  f.zfs = ParseVersion("2.3.1-1");
  return f;
}

Event VerifyEvent(std::vector<StackFrame> frames) {
  return MakeEvent(EventKind::kAssertion, "python3",
                   {"VERIFY3(NULL == dmu_buf_set_user(l->l_dbuf, &l->l_dbu)) failed (0 == ffff)",
                    "PANIC at zap.c:441:zap_create_leaf()", "Call Trace:"},
                   std::move(frames), 10);
}

TEST(SignatureMatcherTest, EventScopeMatchWithEvidenceAndSymptoms) {
  auto lib = Library({kVerify});
  std::vector<Event> events = {
      VerifyEvent({Frame("spl_panic", "spl"), Frame("zap_expand_leaf", "zfs"),
                   Frame("fzap_add_cd", "zfs")}),
      MakeEvent(EventKind::kHungTask, "rm", {"INFO: task rm:12 blocked for more than 120 seconds."},
                {}, 40)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  const Match& m = (*matches)[0];
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.root_event, 0u);
  ASSERT_EQ(m.require.size(), 2u);
  EXPECT_EQ(m.require[0].line, 10u);
  EXPECT_TRUE(m.support[0].hit);
  EXPECT_EQ(m.support[0].line, 11u);
  EXPECT_EQ(m.symptoms, std::vector<size_t>{1});
}

TEST(SignatureMatcherTest, NearMissSaysWhichFrameIsAbsent) {
  auto lib = Library({kVerify});
  std::vector<Event> events = {
      VerifyEvent({Frame("spl_panic", "spl"), Frame("fzap_add_cd", "zfs")})};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_FALSE((*matches)[0].matched);
  ASSERT_EQ((*matches)[0].ruled_out.size(), 1u);
  EXPECT_EQ((*matches)[0].ruled_out[0], "missing: zap frames (frame zap_expand_leaf absent)");
}

TEST(SignatureMatcherTest, OrderedFramesAndUnreliableFrames) {
  auto lib = Library({kVerify});
  // Reversed order: present but out of order.
  auto reversed = MatchSignatures(
      lib, {VerifyEvent({Frame("fzap_add_cd"), Frame("zap_expand_leaf")})}, {ZfsFacts()});
  ASSERT_TRUE(reversed.has_value());
  EXPECT_EQ((*reversed)[0].ruled_out[0], "missing: zap frames (frame fzap_add_cd out of order)");
  // A "? " frame does not count.
  auto unreliable = MatchSignatures(
      lib, {VerifyEvent({Frame("zap_expand_leaf", "zfs", false), Frame("fzap_add_cd")})},
      {ZfsFacts()});
  ASSERT_TRUE(unreliable.has_value());
  EXPECT_FALSE((*unreliable)[0].matched);
}

TEST(SignatureMatcherTest, ZfsRequirementRulesOut) {
  auto lib = Library({kVerify});
  std::vector<Event> events = {VerifyEvent({Frame("zap_expand_leaf"), Frame("fzap_add_cd")})};
  auto matches = MatchSignatures(lib, events, {events::SystemFacts{}});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_FALSE((*matches)[0].matched);
  EXPECT_EQ(
      (*matches)[0].ruled_out,
      std::vector<std::string>{"zfs module not loaded (no ZFS banner, module or [zfs] frame)"});
}

TEST(SignatureMatcherTest, UnrelatedEventsDoNotTriggerTheSignature) {
  auto lib = Library({kVerify});
  std::vector<Event> events = {MakeEvent(EventKind::kAssertion, "txg_sync",
                                         {"VERIFY3(0 == zap_add(mos, x)) failed (0 == 17)"},
                                         {Frame("zap_add_impl")}, 1)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()}, MatchOptions{.near_misses = false});
  ASSERT_TRUE(matches.has_value());
  EXPECT_TRUE(matches->empty());
}

// A different VERIFY3 in zap code on a ZFS system came close (same event kind,
// the signature's [system] holds): --explain says why, down to the frame.
TEST(SignatureMatcherTest, ADifferentZapVerifyIsANearMissNamingTheAbsentFrame) {
  auto lib = Library({kVerify});
  std::vector<Event> events = {MakeEvent(EventKind::kAssertion, "txg_sync",
                                         {"VERIFY3(0 == zap_add(mos, x)) failed (0 == 17)",
                                          "PANIC at dsl_dir.c:951:dsl_dir_create_sync()"},
                                         {Frame("spl_panic", "spl"), Frame("zap_add_impl", "zfs")},
                                         1)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_FALSE((*matches)[0].matched);
  EXPECT_EQ(
      (*matches)[0].ruled_out,
      (std::vector<std::string>{
          "missing: kind assertion, line /VERIFY3\\(NULL == dmu_buf_set_user\\(.*\\)\\) "
          "failed/ (no line matches /VERIFY3\\(NULL == dmu_buf_set_user\\(.*\\)\\) failed/)",
          "missing: zap frames (frame zap_expand_leaf absent)",
          "also missing (support): line /PANIC at zap\\.c:\\d+:zap_create_leaf/ (no line matches "
          "/PANIC at zap\\.c:\\d+:zap_create_leaf/)"}));
  // Without ZFS the same kind of event is not close: no near-miss.
  auto no_zfs = MatchSignatures(lib, events, {events::SystemFacts{}});
  ASSERT_TRUE(no_zfs.has_value());
  EXPECT_TRUE(no_zfs->empty());
}

const char* kLoop = R"(id = "loop-hang"
title = "t"
summary = "s"
scope = "boot"
[[require]]
name = "loop worker"
task = '^(kworker/|loop\d)'
frames_any = ["lo_rw_aio", "loop_process_work"]
[[require]]
name = "txg_sync blocked"
kind = ["hung_task", "blocked_task"]
task = '^txg_sync$'
[[exclude]]
name = "ext4 on the loop device"
line = 'EXT4-fs \(loop\d+\)'
[[symptom]]
kind = "hung_task"
)";

TEST(SignatureMatcherTest, BootScopeCoOccurrence) {
  auto lib = Library({kLoop});
  std::vector<Event> events = {
      MakeEvent(EventKind::kHungTask, "txg_sync", {"INFO: task txg_sync:1 blocked"},
                {Frame("zio_wait")}, 5),
      MakeEvent(EventKind::kBlockedTask, "kworker/u16:4", {"task:kworker/u16:4 state:D"},
                {Frame("zfs_write", "zfs"), Frame("lo_rw_aio", "loop")}, 20),
      MakeEvent(EventKind::kHungTask, "mount", {"INFO: task mount:7 blocked"},
                {Frame("xfs_buf_lock")}, 40)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  const Match& m = (*matches)[0];
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.root_event, 1u);  // the loop worker is the root
  EXPECT_EQ(m.events, (std::vector<size_t>{1, 0}));
  EXPECT_EQ(m.symptoms, std::vector<size_t>{2});
}

TEST(SignatureMatcherTest, BootScopeNeedsTheSameBoot) {
  auto lib = Library({kLoop});
  std::vector<Event> events = {
      MakeEvent(EventKind::kHungTask, "txg_sync", {"INFO: task txg_sync:1 blocked"}, {}, 5, 0),
      MakeEvent(EventKind::kBlockedTask, "kworker/u16:4", {"task:kworker/u16:4 state:D"},
                {Frame("lo_rw_aio")}, 20, 1)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts(), ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  for (const Match& m : *matches) EXPECT_FALSE(m.matched);
  ASSERT_FALSE(matches->empty());
}

TEST(SignatureMatcherTest, ExcludeRulesOutWithItsName) {
  auto lib = Library({kLoop});
  std::vector<Event> events = {
      MakeEvent(EventKind::kHungTask, "txg_sync",
                {"INFO: task txg_sync:1 blocked", "EXT4-fs (loop0): x"}, {}, 5),
      MakeEvent(EventKind::kBlockedTask, "loop0", {"task:loop0 state:D"},
                {Frame("loop_process_work")}, 20)};
  auto matches = MatchSignatures(lib, events, {ZfsFacts()});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_FALSE((*matches)[0].matched);
  EXPECT_EQ((*matches)[0].ruled_out,
            std::vector<std::string>{"excluded: ext4 on the loop device (line 6)"});
}

const char* kWarnWithFragment = R"(id = "warn"
title = "t"
summary = "s"
fragment_confidence = 0.3
[[require]]
kind = "warning"
line = 'WARNING: CPU: \d+ PID: \d+ at \S+'
[[fragment]]
details = { tail = '^warning$' }
)";

// A stack fragment is judged by the [[fragment]] clauses, a whole report by
// [[require]]; a fragment with another tail is not triggered at all.
TEST(SignatureMatcherTest, FragmentClausesStandInForRequireOnAStackFragment) {
  auto lib = Library({kWarnWithFragment});
  Event warning =
      MakeEvent(EventKind::kWarning, "x", {"WARNING: CPU: 1 PID: 2 at a.c:3 f+0x1/0x2"}, {}, 1);
  Event tail = MakeEvent(EventKind::kStackFragment, "", {" do_init_module+0x5c/0x250"}, {}, 10);
  tail.details["tail"] = "warning";
  Event oops_tail = MakeEvent(EventKind::kStackFragment, "", {"CR2: 0000000000001234"}, {}, 20);
  oops_tail.details["tail"] = "oops";
  auto matches = MatchSignatures(lib, {warning, tail, oops_tail}, {});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_TRUE((*matches)[0].matched);
  EXPECT_FALSE((*matches)[0].on_fragment);
  EXPECT_EQ((*matches)[0].root_event, 0u);
  EXPECT_TRUE((*matches)[1].matched);
  EXPECT_TRUE((*matches)[1].on_fragment);
  EXPECT_EQ((*matches)[1].root_event, 1u);
}

// A fact clause among the fragment clauses holds on the boot: an (O)/(P)
// module in the boot's module list.
TEST(SignatureMatcherTest, FragmentClauseOnTheOutOfTreeFact) {
  auto lib = Library({R"(id = "oot"
title = "t"
summary = "s"
[[require]]
kind = "oops"
line = '^RIP: .* \[\w+\]'
[[fragment]]
line = '^RIP: .* \[\w+\]'
[[fragment]]
fact = "out_of_tree_code"
)"});
  std::vector<Event> events = {
      MakeEvent(EventKind::kStackFragment, "",
                {"RIP: 0010:freeRpcInfrastructure_VGPU+0x25/0xe0 [nvidia]"}, {}, 1)};
  events::SystemFacts in_tree;
  auto matches = MatchSignatures(lib, events, {in_tree});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_FALSE((*matches)[0].matched);
  events::SystemFacts listed;
  listed.out_of_tree_module_listed = true;
  matches = MatchSignatures(lib, events, {listed});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_TRUE((*matches)[0].matched);
  EXPECT_TRUE((*matches)[0].on_fragment);
}

TEST(SignatureMatcherTest, NamedCapturesForBuckets) {
  auto lib = Library({R"(id = "generic"
title = "t"
summary = "s"
bucket = ["func"]
[[require]]
line = 'PANIC at (?P<file>[^:]+):\d+:(?P<func>{{FUNC}})\(\)'
)"});
  std::vector<Event> events = {MakeEvent(EventKind::kAssertion, "z",
                                         {"VERIFY(x) failed", "PANIC at dbuf.c:2347:dbuf_create()"},
                                         {}, 1)};
  auto matches = MatchSignatures(lib, events, {});
  ASSERT_TRUE(matches.has_value());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].captures.at("func"), "dbuf_create");
  EXPECT_EQ((*matches)[0].captures.at("file"), "dbuf.c");
}

}  // namespace
}  // namespace crashsift::matching
