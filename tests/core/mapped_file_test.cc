#include "analyzer/core/mapped_file.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crashsift
