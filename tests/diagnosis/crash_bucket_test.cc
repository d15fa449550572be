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
  EXPECT_EQ(FramesBucket(e), "hung_task:zio_wait<dsl_pool_sync<spa_sync");
  e.frames.clear();
  e.task.comm = "txg_sync";
  EXPECT_EQ(FramesBucket(e), "hung_task:txg_sync");
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
