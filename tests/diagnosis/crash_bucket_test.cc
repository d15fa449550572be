#include "analyzer/diagnosis/crash_bucket.h"

#include <gtest/gtest.h>

namespace crashsift::diagnosis {
namespace {

events::StackFrame F(const char* name, bool reliable = true) {
  events::StackFrame f;
  f.function = name;
  f.normalized_function = name;
  f.reliable = reliable;
  return f;
}

TEST(CrashBucketTest, SkipsReportingAndSchedulingFrames) {
  events::Event e;
  e.kind = events::EventKind::kHungTask;
  e.frames = {F("__schedule"),     F("schedule"),       F("try_to_wake_up", false),
              F("cv_wait_common"), F("zio_wait"),       F("dsl_pool_sync"),
              F("spa_sync"),       F("txg_sync_thread")};
  EXPECT_EQ(BucketFrames(e, 3),
            (std::vector<std::string>{"zio_wait", "dsl_pool_sync", "spa_sync"}));
}

// Issue 11: two "INFO: task hung in rtnl_lock" reports whose keys differed
// only in context_switch/__schedule; KASAN's report frames before the bug.
TEST(CrashBucketTest, SchedulerLockAndSanitizerFramesAreNoise) {
  events::Event a, b;
  a.frames = {
      F("context_switch"), F("__schedule"), F("schedule"),      F("schedule_preempt_disabled"),
      F("__mutex_lock"),   F("rtnl_lock"),  F("tun_chr_close"), F("__fput")};
  b.frames = {F("__schedule"),
              F("schedule"),
              F("__mutex_lock_common"),
              F("mutex_lock_nested"),
              F("rtnl_lock"),
              F("tun_chr_close"),
              F("__fput")};
  EXPECT_EQ(BucketFrames(a, 3), (std::vector<std::string>{"rtnl_lock", "tun_chr_close", "__fput"}));
  EXPECT_EQ(BucketFrames(a, 3), BucketFrames(b, 3));
  events::Event kasan;
  kasan.frames = {F("dump_stack_lvl"), F("print_address_description"),
                  F("print_report"),   F("kasan_report"),
                  F("__asan_load8"),   F("hci_conn_del"),
                  F("hci_dev_close")};
  EXPECT_EQ(BucketFrames(kasan, 2), (std::vector<std::string>{"hci_conn_del", "hci_dev_close"}));
  // syzkaller's "corrupted stack end in wb_workfn" reports: preemption and
  // interrupt-return frames on top.
  events::Event preempted;
  preempted.frames = {F("___preempt_schedule"), F("_raw_spin_unlock_irqrestore"),
                      F("retint_kernel"), F("__remove_mapping")};
  EXPECT_EQ(BucketFrames(preempted, 3), (std::vector<std::string>{"__remove_mapping"}));
}

TEST(CrashBucketTest, SignatureBucketUsesCaptures) {
  matching::Signature s;
  s.id = "openzfs-assertion";
  s.bucket = {"file", "func"};
  EXPECT_EQ(SignatureBucket(s, {{"file", "dbuf.c"}, {"func", "dbuf_create"}}),
            "openzfs-assertion:dbuf.c:dbuf_create");
  EXPECT_EQ(SignatureBucket(s, {{"file", "dbuf.c"}}), "openzfs-assertion:dbuf.c:?");
}

}  // namespace
}  // namespace crashsift::diagnosis
