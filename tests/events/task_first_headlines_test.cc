// Headlines that name the task first ("<comm> invoked oom-killer:",
// "<comm>: page allocation failure: ...") and the pre-4.x SLUB
// "kmem_cache_destroy <cache>: Slab cache still has objects" headline.
#include <gtest/gtest.h>

#include "analyzer/events/event_headlines.h"

namespace crashsift::events {
namespace {

TEST(TaskFirstHeadlines, PageAllocationFailureAfterAnyComm) {
  for (const char* line : {
           "updater: page allocation failure: order:7, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)",
           "irq/5-600c0004.: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)",
           "dmwb_writeback_: page allocation failure: order:8, mode:0x204010",
           "swapper/21: page allocation failure: order:0, mode:0x20",
       }) {
    auto h = ClassifyLine(line);
    ASSERT_TRUE(h) << line;
    EXPECT_EQ(h->kind, EventKind::kWarning) << line;
    EXPECT_EQ(h->role, LineRole::kOpener) << line;
  }
  // Not a headline: the words inside a message, or after a long prefix.
  EXPECT_FALSE(ClassifyLine("mlx5_core 0000:3b:00.0: page allocation failure handled"));
  EXPECT_FALSE(ClassifyLine("warn_alloc: 12 callbacks suppressed"));
}

TEST(TaskFirstHeadlines, OomKillerStillRecognised) {
  auto h = ClassifyLine("uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kOom);
}

TEST(TaskFirstHeadlines, SlabCacheStillHasObjects) {
  auto h = ClassifyLine("kmem_cache_destroy tfw_conn_cache: Slab cache still has objects");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kOther);
  EXPECT_FALSE(ClassifyLine("kmem_cache_destroy called for tfw_conn_cache"));
}

TEST(TaskFirstHeadlines, SegfaultOfAUserSpaceTask) {
  for (const char* line : {
           "lxcfs[1234]: segfault at 8 ip 00007f3a sp 00007f3b error 4 in liblxcfs.so[7f3a+1e000]",
           "IPMI[sensors][7699]: segfault at 4 ip 000055f2 sp 00007fbc error 6 in freeipmi.plugin",
           "traps: openarc[9640] general protection ip:55ff9fed033f sp:7f533f9ad240 error:0 in "
           "openarc[55ff9fec5000+13000]",
       }) {
    auto h = ClassifyLine(line);
    ASSERT_TRUE(h) << line;
    EXPECT_EQ(h->kind, EventKind::kSegfault) << line;
    EXPECT_EQ(h->role, LineRole::kSingleLine) << line;
  }
  EXPECT_FALSE(ClassifyLine("systemd[1]: foo.service: Main process exited, code=dumped"));
  EXPECT_FALSE(ClassifyLine("a very long program name[12]: segfault at 0 ip 0 sp 0 error 4"));
}

}  // namespace
}  // namespace crashsift::events
