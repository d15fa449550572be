#include "tests/support/expected_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace crashsift::testing {

std::filesystem::path ExpectedPath(const std::string& relative) {
  return std::filesystem::path(CRASHSIFT_EXPECTED_DIR) / relative;
}

void ExpectMatchesFile(const std::string& actual, const std::string& relative) {
  const std::filesystem::path path = ExpectedPath(relative);
  const char* update = std::getenv("CRASHSIFT_UPDATE_EXPECTED");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with CRASHSIFT_UPDATE_EXPECTED=1 to write it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "differs from " << path << "; if the change is intended, run with "
      << "CRASHSIFT_UPDATE_EXPECTED=1 and review the diff";
}

}  // namespace crashsift::testing
