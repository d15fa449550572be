#include "analyzer/batch/batch_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
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

// Issue 12, defect 1: an exception on a worker thread was std::terminate,
// losing every result. Now that input fails and the others go on.
TEST(BatchRunnerTest, AThrowingJobFailsOnlyItsInput) {
  std::vector<std::string> seen;
  RunInOrder<std::string>(
      6, 3,
      [](size_t i) -> std::string {
        if (i == 2) throw std::runtime_error("boom");
        return "ok " + std::to_string(i);
      },
      [&](size_t, std::string result) { seen.push_back(result); },
      [](size_t i, const std::string& what) {
        return "failed " + std::to_string(i) + ": " + what;
      });
  EXPECT_EQ(seen,
            (std::vector<std::string>{"ok 0", "ok 1", "failed 2: boom", "ok 3", "ok 4", "ok 5"}));
}

TEST(BatchRunnerTest, AThrowingSinkStopsTheRunAndRethrowsOnTheCaller) {
  size_t sunk = 0;
  EXPECT_THROW(RunInOrder<size_t>(
                   1000, 4, [](size_t i) { return i; },
                   [&](size_t i, size_t) {
                     if (i == 5) throw std::runtime_error("disk gone");
                     ++sunk;
                   }),
               std::runtime_error);
  EXPECT_EQ(sunk, 5u);
}

}  // namespace
}  // namespace crashsift::batch
