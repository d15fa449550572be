#include "analyzer/input/small_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_support.h"

namespace crashsift::input {
namespace {

std::filesystem::path Write(const std::string& name, const std::string& bytes) {
  auto path = testing::TempDir() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(SmallFileTest, ReadsARegularFileWhole) {
  auto path = Write("small-file-test.log", "[    0.000000] Linux version 6.1.0\n");
  EXPECT_EQ(ReadSmallFile(path.string()), "[    0.000000] Linux version 6.1.0\n");
}

TEST(SmallFileTest, LeavesEverythingElseToTheMappedPath) {
  auto big = Write("small-file-test-big.log", std::string(4097, 'x'));
  EXPECT_EQ(ReadSmallFile(big.string(), 4096), std::nullopt);
  EXPECT_EQ(ReadSmallFile(big.string(), 4097), std::string(4097, 'x'));
  EXPECT_EQ(ReadSmallFile(Write("small-file-test-empty.log", "").string()), std::nullopt);
  EXPECT_EQ(ReadSmallFile(testing::TempDir().string()), std::nullopt);
  EXPECT_EQ(ReadSmallFile((testing::TempDir() / "no-such-file").string()), std::nullopt);
  auto fifo = testing::TempDir() / "small-file-test.fifo";
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(ReadSmallFile(fifo.string()), std::nullopt);  // and does not block
  std::filesystem::remove(fifo);
}

}  // namespace
}  // namespace crashsift::input
