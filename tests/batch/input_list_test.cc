#include "analyzer/batch/input_list.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analyzer/batch/batch_runner.h"
#include "tests/support/test_support.h"

namespace crashsift::batch {
namespace {

TEST(InputListTest, OnePathALineOrNulSeparated) {
  EXPECT_EQ(ParseInputList("a.log\n\nb c.log\r\n/x/y\n"),
            (std::vector<std::string>{"a.log", "b c.log", "/x/y"}));
  EXPECT_EQ(ParseInputList(std::string_view("a\nb\0c\0", 6)),
            (std::vector<std::string>{"a\nb", "c"}));
  EXPECT_TRUE(ParseInputList("").empty());
}

TEST(InputListTest, AMissingListIsNotFound) {
  auto list = ReadInputList((testing::TempDir() / "no-such-list").string());
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().code, ErrorCode::kNotFound);
}

TEST(InputListTest, ASosreportTreeGivesOnlyItsKernelLogs) {
  namespace fs = std::filesystem;
  auto root = testing::TempDir() / "expand-test" / "sosreport-host";
  fs::remove_all(root.parent_path());
  fs::create_directories(root / "sos_commands" / "kernel");
  fs::create_directories(root / "var" / "log");
  fs::create_directories(root / "etc");
  std::ofstream(root / "sos_commands" / "kernel" / "dmesg") << "[ 1.0] x\n";
  std::ofstream(root / "sos_commands" / "kernel" / "uname_-a") << "Linux\n";
  std::ofstream(root / "var" / "log" / "messages") << "x\n";
  std::ofstream(root / "var" / "log" / "wtmp") << std::string(10, '\0');
  std::ofstream(root / "etc" / "syslog.conf") << "x\n";
  std::ofstream(root.parent_path() / "other.log") << "x\n";
  auto found = ExpandInputs({root.parent_path().string()}, nullptr);
  EXPECT_EQ(found, (std::vector<std::string>{(root.parent_path() / "other.log").string(),
                                             (root / "sos_commands/kernel/dmesg").string(),
                                             (root / "var/log/messages").string()}));
}

}  // namespace
}  // namespace crashsift::batch
