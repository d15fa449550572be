// The 3.5-5.9 log_buf reader on a hand-built buffer (no real pre-5.10 dump
// in the lab): the layout is Linux 5.4's struct printk_log (x86_64:
// ts_nsec 0, len 8, text_len 10, dict_len 12, facility 14, flags:5/level:3
// 15, size 16, records 8-byte aligned, a zeroed header marks the wrap), as
// VMCOREINFO describes it.
#include "analyzer/vmcore/printk_log_buf.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::vmcore {
namespace {

constexpr uint64_t kLogBufVar = 0xffffffff82000000ull, kLenVar = 0xffffffff82000008ull,
                   kFirstVar = 0xffffffff82000010ull, kNextVar = 0xffffffff82000014ull,
                   kBuffer = 0xffff888000100000ull;

const char kInfo[] =
    "OSRELEASE=5.4.0-test\nPAGESIZE=4096\nSYMBOL(log_buf)=ffffffff82000000\n"
    "SYMBOL(log_buf_len)=ffffffff82000008\nSYMBOL(log_first_idx)=ffffffff82000010\n"
    "SYMBOL(clear_idx)=ffffffff82000018\nSYMBOL(log_next_idx)=ffffffff82000014\n"
    "SIZE(printk_log)=16\nOFFSET(printk_log.ts_nsec)=0\nOFFSET(printk_log.len)=8\n"
    "OFFSET(printk_log.text_len)=10\n";

class FakeKernel {
 public:
  FakeKernel() : buffer_(128, std::byte{0}) {
    Put(56, 1500000000, "hello");
    Put(80, 2000001500, "multi\nline");
    // 112: zeroed header = wrap marker; the next record is at 0.
    Put(0, 3000000000, "wrapped \xc3");
    SetVars(56, 32);
  }
  void Put(uint64_t at, uint64_t ts, std::string_view text) {
    uint16_t len = static_cast<uint16_t>((16 + text.size() + 7) / 8 * 8);
    uint16_t text_len = static_cast<uint16_t>(text.size());
    std::memcpy(&buffer_[at], &ts, 8);
    std::memcpy(&buffer_[at + 8], &len, 2);
    std::memcpy(&buffer_[at + 10], &text_len, 2);
    buffer_[at + 15] = std::byte{(6 << 5) | 2};  // level 6 (info), LOG_NEWLINE
    std::memcpy(&buffer_[at + 16], text.data(), text.size());
  }
  void SetLen(uint64_t at, uint16_t len) { std::memcpy(&buffer_[at + 8], &len, 2); }
  void SetTextLen(uint64_t at, uint16_t len) { std::memcpy(&buffer_[at + 10], &len, 2); }
  void SetVars(uint32_t first, uint32_t next) {
    first_ = first;
    next_ = next;
  }
  uint64_t Read(uint64_t vaddr, std::span<std::byte> out) const {
    uint64_t absent = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      uint64_t a = vaddr + i;
      out[i] = std::byte{0};
      if (a >= kBuffer && a < kBuffer + buffer_.size()) {
        out[i] = buffer_[a - kBuffer];
      } else if (a >= kLogBufVar && a < kLogBufVar + 0x20) {
        uint8_t vars[0x20] = {};
        uint64_t buf = kBuffer;
        uint32_t len = static_cast<uint32_t>(buffer_.size());
        std::memcpy(vars, &buf, 8);
        std::memcpy(vars + 8, &len, 4);
        std::memcpy(vars + 0x10, &first_, 4);
        std::memcpy(vars + 0x14, &next_, 4);
        out[i] = std::byte{vars[a - kLogBufVar]};
      } else {
        ++absent;
      }
    }
    return absent;
  }

 private:
  std::vector<std::byte> buffer_;
  uint32_t first_ = 0, next_ = 0;
};

TEST(PrintkLogBufTest, ReadsRecordsAcrossTheWrapLikeMakedumpfile) {
  FakeKernel kernel;
  auto info = Vmcoreinfo::Parse(kInfo);
  ASSERT_TRUE(HasLogBuf(info));
  auto result =
      ReadLogBuf(info, [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_TRUE(result) << result.error().reason;
  ASSERT_EQ(result->records.size(), 3u);
  EXPECT_TRUE(result->warnings.empty());
  EXPECT_EQ(result->records[0].text, "hello");
  EXPECT_EQ(result->records[0].level, 6);
  EXPECT_EQ(result->records[0].flags, 2);
  EXPECT_EQ(result->records[2].text, "wrapped \xc3");
  VmcoreLog log;
  log.printk = result->records;
  EXPECT_EQ(RenderDmesg(log, DmesgStyle::kMakedumpfile),
            "[    1.500000] hello\n"
            "[    2.000001] multi\n"
            "               line\n"
            "[    3.000000] wrapped \\xffffffc3\n");
  EXPECT_EQ(RenderDmesg(log, DmesgStyle::kRaw),
            "[    1.500000] hello\n[    2.000001] multi\nline\n[    3.000000] wrapped \\xc3\n");
  auto lines = ToLogRecords(log.printk);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2].text, "line");
  EXPECT_EQ(lines[2].line, 1u);
  EXPECT_EQ(lines[3].text, "wrapped \\xc3");
}

TEST(PrintkLogBufTest, OldStructNameLogIsAccepted) {
  FakeKernel kernel;
  std::string text = kInfo;
  for (std::string from : {"SIZE(printk_log)", "OFFSET(printk_log."}) {
    std::string to = from == "SIZE(printk_log)" ? "SIZE(log)" : "OFFSET(log.";
    for (size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, from.size(), to);
  }
  auto result = ReadLogBuf(Vmcoreinfo::Parse(text),
                           [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_TRUE(result) << result.error().reason;
  EXPECT_EQ(result->records.size(), 3u);
}

TEST(PrintkLogBufTest, CycleStopsWithAWarning) {
  FakeKernel kernel;
  kernel.SetLen(0, 56);    // after the wrap, "next" points back to the first record
  kernel.SetVars(56, 33);  // an end index the walk never reaches
  auto result = ReadLogBuf(Vmcoreinfo::Parse(kInfo),
                           [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_TRUE(result) << result.error().reason;
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_NE(result->warnings[0].message.find("loop"), std::string::npos);
  EXPECT_LE(result->records.size(), 128u / 8 + 2);
}

// Found by printk_log_buf_fuzzer (regressions/printk_log_buf/): a text_len
// beyond its record was believed, copying up to 64 KiB per record (a 1 MiB
// buffer took minutes). The text is cut at the record's end.
TEST(PrintkLogBufTest, TextLongerThanItsRecordIsCutAtTheRecord) {
  FakeKernel kernel;
  kernel.SetTextLen(56, 60000);  // "hello" record: len 24
  auto result = ReadLogBuf(Vmcoreinfo::Parse(kInfo),
                           [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_TRUE(result) << result.error().reason;
  ASSERT_EQ(result->records.size(), 3u);
  EXPECT_EQ(result->records[0].text, std::string("hello\0\0\0", 8));
  EXPECT_EQ(result->records[1].text, "multi\nline");
}

TEST(PrintkLogBufTest, RecordShorterThanItsHeaderStopsWithAWarning) {
  FakeKernel kernel;
  kernel.SetLen(80, 8);
  auto result = ReadLogBuf(Vmcoreinfo::Parse(kInfo),
                           [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_TRUE(result) << result.error().reason;
  EXPECT_EQ(result->records.size(), 1u);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0].message,
            "a log_buf record is shorter than its header (corrupt); log cut short");
}

TEST(PrintkLogBufTest, MissingEntryIsNamed) {
  std::string text = kInfo;
  text.replace(text.find("OFFSET(printk_log.len)"), 6, "OXFSET");
  FakeKernel kernel;
  auto result = ReadLogBuf(Vmcoreinfo::Parse(text),
                           [&](uint64_t a, std::span<std::byte> o) { return kernel.Read(a, o); });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason, "VMCOREINFO has no OFFSET(printk_log.len)");
}

}  // namespace
}  // namespace crashsift::vmcore
