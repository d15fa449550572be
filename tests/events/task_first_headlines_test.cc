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

}  // namespace
}  // namespace crashsift::events
