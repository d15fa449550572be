#include "analyzer/core/mapped_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/test_support.h"

namespace crashsift {
namespace {

TEST(MappedFileTest, MapsContentReadOnly) {
  auto dir = testing::TempDir();
  auto path = (dir / "f.txt").string();
  std::ofstream(path) << "hello\n";
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.has_value()) << file.error().OneLine();
  EXPECT_EQ(file->text(), "hello\n");
  EXPECT_EQ(file->size(), 6u);
}

TEST(MappedFileTest, EmptyFileIsAnEmptySpan) {
  auto path = (testing::TempDir() / "empty").string();
  std::ofstream{path};
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->size(), 0u);
}

TEST(MappedFileTest, MissingFileIsNotFound) {
  auto file = MappedFile::Open("/nonexistent/crashsift/file");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(file.error().OneLine(), "/nonexistent/crashsift/file: No such file or directory");
}

TEST(MappedFileTest, DirectoryIsAnError) {
  auto dir = testing::TempDir();
  auto file = MappedFile::Open(dir.string());
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ErrorCode::kIo);
  EXPECT_NE(file.error().OneLine().find("is a directory"), std::string::npos);
}

// Issue 12, defect 4: a file cut while mapped (logrotate copytruncate, a
// dump still being copied) used to kill the process with SIGBUS.
TEST(MappedFileTest, FileThatShrinksWhileMappedReadsZerosAndSaysSo) {
  auto path = testing::TempDir() / "shrinking.log";
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::ofstream(path, std::ios::binary) << std::string(4 * page, 'x');
  auto file = MappedFile::Open(path.string());
  ASSERT_TRUE(file.has_value());
  EXPECT_FALSE(file->Shrunk());
  EXPECT_EQ(file->text()[0], 'x');
  std::filesystem::resize_file(path, page);
  std::string_view text = file->text();
  // Touches every page past the new end: each would be a SIGBUS.
  size_t zeros = std::count(text.begin(), text.end(), '\0');
  EXPECT_EQ(zeros, 3 * page);
  EXPECT_TRUE(file->Shrunk());
  auto other = MappedFile::Open(path.string());
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->Shrunk());
}

}  // namespace
}  // namespace crashsift
