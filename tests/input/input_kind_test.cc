#include "analyzer/input/input_kind.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.h"

namespace crashsift::input {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::ReadFile;

TEST(SniffTest, RecognisesCompressionMagicOfRealFiles) {
  EXPECT_EQ(Sniff(ReadFile(CorpusPath("logs/formats/dmesg.log.gz"))), InputKind::kGzip);
  EXPECT_EQ(Sniff(ReadFile(CorpusPath("logs/formats/dmesg.log.xz"))), InputKind::kXz);
  EXPECT_EQ(Sniff(ReadFile(CorpusPath("logs/formats/dmesg.log.zst"))), InputKind::kZstd);
}

TEST(SniffTest, KernelLogsAreText) {
  for (const char* name : {"dmesg.log", "kmsg.log", "console.log", "console-notime.log",
                           "journalctl-json.log", "syslog-kern.log"}) {
    EXPECT_EQ(Sniff(ReadFile(CorpusPath(std::string("logs/formats/") + name))), InputKind::kText)
        << name;
  }
}

TEST(SniffTest, DumpSignatures) {
  // makedumpfile's disk_dump_header starts with "KDUMP   " (or "DISKDUMP"
  // from the old diskdump); the flattened format with "makedumpfile".
  EXPECT_EQ(Sniff(std::string("KDUMP   \x06\x00\x00\x00", 12)), InputKind::kKdumpCompressed);
  EXPECT_EQ(Sniff("DISKDUMP"), InputKind::kKdumpCompressed);
  EXPECT_EQ(Sniff(std::string("makedumpfile\0\0\0\0", 16)), InputKind::kFlattenedKdump);
  std::string elf(64, '\0');
  elf.replace(0, 4,
              "\x7f"
              "ELF");
  elf[4] = 2;   // ELFCLASS64
  elf[5] = 1;   // little-endian
  elf[16] = 4;  // ET_CORE
  EXPECT_EQ(Sniff(elf), InputKind::kElfCore);
  elf[16] = 2;  // ET_EXEC: a program is not a dump and not a log
  EXPECT_EQ(Sniff(elf), InputKind::kBinary);
  elf[5] = 2;  // big-endian ET_CORE: e_type bytes 00 04
  elf[16] = 0;
  elf[17] = 4;
  EXPECT_EQ(Sniff(elf), InputKind::kElfCore);
}

TEST(SniffTest, EmptyAndBinary) {
  EXPECT_EQ(Sniff(""), InputKind::kEmpty);
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245 + 12345;
    noise.push_back(static_cast<char>(x >> 16));
  }
  EXPECT_EQ(Sniff(noise), InputKind::kBinary);
  EXPECT_EQ(ToString(InputKind::kFlattenedKdump), "flattened-kdump");
}

TEST(SniffTest, ConsoleNulNoiseIsStillText) {
  // console-notime.log has NUL bytes written to the serial port.
  std::string console = ReadFile(CorpusPath("logs/formats/console-notime.log"));
  ASSERT_NE(console.find('\0'), std::string::npos);
  EXPECT_TRUE(LooksLikeText(console));
}

}  // namespace
}  // namespace crashsift::input
