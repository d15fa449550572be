#include "analyzer/batch/batch_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace crashsift::batch {
namespace {

// Later inputs finish first (they sleep less), yet the sink sees input order.
TEST(BatchRunnerTest, SinkSeesResultsInInputOrderWhateverFinishesFirst) {
  constexpr size_t kCount = 200;
  std::vector<size_t> seen;
  RunInOrder<size_t>(
      kCount, 4,
      [](size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds((kCount - i) * 20));
        return i * 3;
      },
      [&](size_t i, size_t result) {
        EXPECT_EQ(result, i * 3);
        seen.push_back(i);
      });
  ASSERT_EQ(seen.size(), kCount);
  for (size_t i = 0; i < kCount; ++i) EXPECT_EQ(seen[i], i);
}

TEST(BatchRunnerTest, NoInputsCallsNothing) {
  bool called = false;
  RunInOrder<int>(
      0, 2,
      [&](size_t) {
        called = true;
        return 0;
      },
      [&](size_t, int) { called = true; });
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace crashsift::batch
