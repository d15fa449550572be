#include "analyzer/events/event_kind.h"

#include <gtest/gtest.h>

#include "analyzer/events/event_headlines.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

TEST(EventKind, NamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(EventKind::kOther); ++k) {
    auto kind = static_cast<EventKind>(k);
    EXPECT_EQ(EventKindFromString(ToString(kind)), kind) << ToString(kind);
  }
  EXPECT_EQ(ToString(EventKind::kHungTask), "hung_task");
  EXPECT_EQ(ToString(EventKind::kBlockedTask), "blocked_task");
  EXPECT_EQ(ToString(EventKind::kMachineCheck), "machine_check");
  EXPECT_FALSE(EventKindFromString("hung-task"));
}

// The marker table names kinds by their stable names: each headline row's
// name is a kind, and the classifier gives the row's line that kind.
TEST(EventKind, MarkerTableNamesKinds) {
  for (const kernel_log::ReportMarker& row : kernel_log::ReportMarkers()) {
    if (!(row.uses & kernel_log::kHeadline)) continue;
    auto kind = EventKindFromString(row.kind);
    ASSERT_TRUE(kind) << row.text << ": no kind \"" << row.kind << '"';
  }
  auto h = ClassifyLine("Kernel panic - not syncing: Fatal exception");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kPanic);
  h = ClassifyLine("watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [z_spin:109]");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kSoftLockup);
  EXPECT_EQ(h->text, "BUG: soft lockup - CPU#2 stuck for 22s! [z_spin:109]");
  // arch/arm/vfp/vfpmodule.c's line before the undefined-instruction oops opens that oops
  // (corpus/logs/library/kernel-arm-undefined-instruction/rpi-linux-600-vfp-save-state-3.12.log).
  h = ClassifyLine("BUG: unsupported FP instruction in kernel mode");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kOops);
  h = ClassifyLine("Oops: 0000 [#1] SMP PTI");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->role, LineRole::kOpenerOrContinuation);
  EXPECT_EQ(h->continues, kOopsLikeKinds);
  h = ClassifyLine("chrome invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, EventKind::kOom);
  // A "WARNING: " that is no WARN() report is no headline of the table.
  h = ClassifyLine("WARNING: the mand mount option is being deprecated");
  EXPECT_TRUE(!h || h->kind != EventKind::kWarning);
}

}  // namespace
}  // namespace crashsift::events
