#include "analyzer/events/event_kind.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crashsift::events
