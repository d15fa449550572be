#include "tests/support/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace crashsift::testing {

std::filesystem::path CorpusPath(const std::string& relative) {
  return std::filesystem::path(CRASHSIFT_CORPUS_DIR) / relative;
}

std::filesystem::path SignaturesPath(const std::string& relative) {
  return std::filesystem::path(CRASHSIFT_SIGNATURES_DIR) / relative;
}

std::filesystem::path SharedPath(const std::string& relative) {
  std::filesystem::path shared(CRASHSIFT_SHARED_DIR);
  if (!std::filesystem::is_directory(shared)) return {};
  return shared / relative;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path TempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  auto dir = std::filesystem::temp_directory_path() /
             ("crashsift-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string TestName(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return text;
}

}  // namespace crashsift::testing
