// Bad and awkward inputs for TextLogReader: errors name the file, huge lines
// are cut in bounded time, chatter does not fool format detection, several
// boots in one input are told apart. Inputs are real samples, cut or joined
// at run time.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "analyzer/core/limits.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "tests/kernel_log/read_all.h"
#include "tests/support/test_support.h"

namespace crashsift::kernel_log {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::ReadFile;
using crashsift::testing::TempDir;

std::string Sample(const std::string& name) { return ReadFile(CorpusPath("logs/formats/" + name)); }

ReadAllResult ReadBytes(const std::string& bytes, const std::string& name = "mem.log") {
  return ReadAll(input::InputSource::FromBytes(bytes, name));
}

TEST(EdgeTest, MissingFileNamesTheFile) {
  auto r = ReadAll(input::InputSource::FromPath("/nonexistent/kern.log"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "/nonexistent/kern.log: no such file");
}

TEST(EdgeTest, DirectoryEmptyAndBinary) {
  auto dir = TempDir();
  EXPECT_EQ(ReadAll(input::InputSource::FromPath(dir.string())).error,
            dir.string() + ": is a directory");
  auto empty = dir / "empty.log";
  std::ofstream(empty).close();
  EXPECT_EQ(ReadAll(input::InputSource::FromPath(empty.string())).error,
            empty.string() + ": empty file");
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  EXPECT_EQ(ReadAll(input::InputSource::FromPath(self)).error,
            self + ": not a kernel log: binary data");
}

TEST(EdgeTest, HundredMegabyteLineIsCutFastAndBounded) {
  std::string big = "[    1.000000] ";
  big.append(100u << 20, 'A');
  big += "\n[    2.000000] next line\n";
  auto start = std::chrono::steady_clock::now();
  auto r = ReadBytes(big);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.records[0].cut);
  EXPECT_EQ(r.records[0].text.size(), limits::kMaxLineBytes - 15);  // minus "[    1.000000] "
  EXPECT_DOUBLE_EQ(*r.records[0].monotonic, 1.0);
  EXPECT_FALSE(r.records[1].cut);
  EXPECT_EQ(r.records[1].text, "next line");
  EXPECT_EQ(r.records[1].line, 2u);
  EXPECT_LT(seconds, 5.0);
}

TEST(EdgeTest, HugeLineWithoutNewlineFromManyChunks) {
  // Through gzip the line arrives in 1 MiB chunks: still cut, still bounded.
  std::string big(20u << 20, 'x');
  auto path = TempDir() / "long.log";
  std::ofstream(path, std::ios::binary) << big;
  std::string cmd = "gzip -1 -f " + path.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto r = ReadAll(input::InputSource::FromPath(path.string() + ".gz"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.compression, "gzip");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_TRUE(r.records[0].cut);
  EXPECT_EQ(r.records[0].text.size(), limits::kMaxLineBytes);
}

TEST(EdgeTest, LeadingChatterDoesNotFoolDetection) {
  std::string chatter =
      "Hi all, after upgrading to 6.1 the box hangs. Here is what dmesg said:\n"
      "(ran: dmesg | tail)\n\n";
  auto r = ReadBytes(chatter + Sample("dmesg-x.log"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg-x");
  ASSERT_EQ(r.records.size(), 424u);
  EXPECT_EQ(r.records[0].line, 4u);  // the chatter is not a record
  EXPECT_EQ(r.Find("INFO: task txg_sync:105").line, 368u + 3);
}

TEST(EdgeTest, TruncatedSampleStillReads) {
  std::string dmesg = Sample("dmesg.log");
  auto r = ReadBytes(dmesg.substr(0, dmesg.size() / 2));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  EXPECT_GT(r.records.size(), 100u);
}

TEST(EdgeTest, TwoDmesgsOneAfterTheOtherAreTwoBoots) {
  std::string dmesg = Sample("dmesg.log");
  auto r = ReadBytes(dmesg + dmesg);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.CountBoot(0), 424u);
  EXPECT_EQ(r.CountBoot(1), 424u);
}

TEST(EdgeTest, ClockResetWithoutBannerStartsABoot) {
  // Boot 2 with its first 3 lines (banner included) lost to ring wrap-around.
  std::string dmesg = Sample("dmesg.log");
  size_t third = 0;
  for (int i = 0; i < 3; ++i) third = dmesg.find('\n', third) + 1;
  auto r = ReadBytes(dmesg + dmesg.substr(third));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.CountBoot(1), 421u);
}

TEST(EdgeTest, KmsgSequenceGoingBackStartsABoot) {
  std::string kmsg = Sample("kmsg.log");
  auto r = ReadBytes(kmsg + kmsg);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.format, "kmsg");
  EXPECT_EQ(r.CountBoot(0), 424u);
  EXPECT_EQ(r.CountBoot(1), 424u);
}

TEST(EdgeTest, JournalJsonBootIdChange) {
  std::string json = Sample("journalctl-json.log");
  std::string other = json;
  for (size_t p = 0;
       (p = other.find("a1b2c3d4e5f6478899aabbccddeeff00", p)) != std::string::npos;) {
    other.replace(p, 32, "0f8e7d6c5b4a49382716a5b4c3d2e1f0");
  }
  auto r = ReadBytes(other + json);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.CountBoot(0), 81u);
  EXPECT_EQ(r.CountBoot(1), 81u);
}

TEST(EdgeTest, JsonSkipsNonKernelEntriesAndBadLines) {
  std::string lines =
      "{\"MESSAGE\":\"Started "
      "foo.service.\",\"_TRANSPORT\":\"journal\",\"SYSLOG_IDENTIFIER\":\"systemd\"}\n"
      "{\"MESSAGE\":[104,105],\"_TRANSPORT\":\"kernel\",\"PRIORITY\":\"4\"}\n"
      "{\"MESSAGE\":\"x\",\"_TRANSPORT\":\"kernel\",\"PRIORITY\":7\n"
      "{\"MESSAGE\":{\"nested\":1},\"_TRANSPORT\":\"kernel\"}\n";
  auto r = ReadBytes(lines);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "journalctl-json");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].text, "hi");  // a byte-array MESSAGE
  EXPECT_EQ(r.records[0].level, 4);
  EXPECT_EQ(r.records[1].text, "");
}

TEST(EdgeTest, CrlfDmesgIsAConsoleAndIndentedPasteIsPasted) {
  std::string console = Sample("console.log");
  auto r = ReadBytes(console.substr(0, 4000));
  EXPECT_EQ(r.format, "console");
  std::string indented;
  std::string dmesg = Sample("dmesg.log").substr(0, 3000);
  size_t pos = 0;
  while (pos < dmesg.size()) {
    size_t nl = dmesg.find('\n', pos);
    if (nl == std::string::npos) break;
    indented += "    " + dmesg.substr(pos, nl - pos + 1);
    pos = nl + 1;
  }
  auto p = ReadBytes("I see this on boot:\n\n" + indented + "\nAny idea?\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.format, "pasted");
  EXPECT_EQ(p.quoted_format, "dmesg");
  EXPECT_EQ(p.records[0].line, 3u);
  EXPECT_EQ(p.records[0].text.rfind("Linux version 6.1.0-56-amd64", 0), 0u);
  EXPECT_NE(p.records.back().text, "Any idea?");
}

}  // namespace
}  // namespace crashsift::kernel_log

namespace crashsift::kernel_log {
namespace {

TEST(EdgeTest, EverySyzkallerReportReads) {
  // ../shared/conformance/syzkaller-linux: 747 real console logs (optional).
  auto dir = crashsift::testing::SharedPath("conformance/syzkaller-linux/reports");
  if (dir.empty() || !std::filesystem::is_directory(dir)) GTEST_SKIP() << "no ../shared";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto r = ReadAll(input::InputSource::FromPath(entry.path().string()));
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_FALSE(r.records.empty()) << entry.path();
    EXPECT_TRUE(r.format == "dmesg" || r.format == "console" || r.format == "pasted")
        << entry.path() << ": " << r.format;
    ++files;
  }
  EXPECT_GE(files, 700u);
}

}  // namespace
}  // namespace crashsift::kernel_log
