// What a serial console adds around the kernel's lines, on real syzbot
// console logs (corpus/logs/titles/syzkaller-<N>.log, from syzkaller's
// pkg/report/testdata/linux/report/<N>, Apache-2.0, syzkaller project
// authors): getty's login prompt and 4.4's dropped-messages banner glued
// before "[ts]", user-space lines among the kernel's, a report printed with
// no stamps at all. Expected values were read off the files with grep/sed.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/input/input_source.h"
#include "tests/kernel_log/read_all.h"
#include "tests/support/test_support.h"

namespace crashsift::kernel_log {
namespace {

ReadAllResult ReadSyzkaller(const std::string& number) {
  std::string path =
      crashsift::testing::CorpusPath("logs/titles/syzkaller-" + number + ".log").string();
  return ReadAll(input::InputSource::FromPath(path));
}

TEST(ConsoleTest, LoginPromptGluedBeforeTheFirstLine) {
  // Line 1: "syzkaller login: [   16.305150] INFO: trying to register non-static key."
  auto r = ReadSyzkaller("118");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  ASSERT_EQ(r.records.size(), 28u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[0].text, "INFO: trying to register non-static key.");
  EXPECT_DOUBLE_EQ(*r.records[0].monotonic, 16.305150);
  EXPECT_FALSE(r.records[0].unprefixed);
  EXPECT_EQ(r.records[1].text, "the code is fine but needs lockdep annotation.");
}

TEST(ConsoleTest, LoginPromptGluedMidLogKeepsTheCallerId) {
  // Line 9: "syzkaller login: [  417.725670][    C1] rcu: INFO: rcu_sched
  // self-detected stall on CPU", after user-space lines 5-8.
  auto r = ReadSyzkaller("688");
  ASSERT_TRUE(r.ok) << r.error;
  const LogRecord& stall = r.Find("rcu: INFO: rcu_sched self-detected stall on CPU");
  EXPECT_EQ(stall.line, 9u);
  EXPECT_EQ(stall.caller, "C1");
  EXPECT_DOUBLE_EQ(*stall.monotonic, 417.725670);
  EXPECT_FALSE(stall.unprefixed);
  // The chatter before it is user space: kept, but without a prefix.
  const LogRecord& sshd = r.Find("Starting sshd: OK");
  EXPECT_EQ(sshd.line, 5u);
  EXPECT_TRUE(sshd.unprefixed);
  EXPECT_EQ(sshd.caller, "T25");  // the previous record's, as the reader documents
  for (const LogRecord& rec : r.records) {
    EXPECT_EQ(rec.text.find("login:"), std::string::npos) << rec.line;
  }
}

TEST(ConsoleTest, DroppedMessagesBannerGluedBeforeTheStamp) {
  // 4.4.104: "** 5311 printk messages dropped ** [   60.136772] INFO: Freed in
  // fasync_free_rcu+0x14/0x20 age=624 cpu=0 pid=3" (line 6).
  auto r = ReadSyzkaller("123");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  ASSERT_EQ(r.records.size(), 39u);
  const LogRecord& freed = r.Find("INFO: Freed in fasync_free_rcu+0x14/0x20");
  EXPECT_EQ(freed.line, 6u);
  EXPECT_DOUBLE_EQ(*freed.monotonic, 60.136772);
  EXPECT_EQ(r.records[3].text, "\tentry_SYSCALL_64_fastpath+0x16/0x76");  // line 4, tab kept
  // Line 24 "[   60.297337] " is an empty record; no banner survives anywhere.
  EXPECT_EQ(r.records[23].text, "");
  for (const LogRecord& rec : r.records) {
    EXPECT_EQ(rec.text.find("printk messages dropped"), std::string::npos) << rec.line;
    EXPECT_FALSE(rec.unprefixed) << rec.line;
  }
}

TEST(ConsoleTest, UserSpaceLinesInsideAReportAreUnprefixed) {
  // syz-manager's "2017/08/31 09:09:03 executing program 2:" and the program
  // (lines 4-35) between the WARNING (line 3) and the panic (line 36).
  auto r = ReadSyzkaller("158");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  const LogRecord& warning = r.Find("WARNING: CPU: 0 PID: 28200 at lib/refcount.c:152");
  EXPECT_FALSE(warning.unprefixed);
  const LogRecord& program = r.Find("2017/08/31 09:09:03 executing program 2:");
  EXPECT_EQ(program.line, 4u);
  EXPECT_TRUE(program.unprefixed);
  size_t unprefixed = 0;
  for (const LogRecord& rec : r.records) unprefixed += rec.unprefixed;
  EXPECT_EQ(unprefixed, 32u);  // lines 4..35
  EXPECT_FALSE(r.Find("Kernel panic - not syncing: panic_on_warn set").unprefixed);
}

TEST(ConsoleTest, DmesgIndentedContinuationIsNotUnprefixed) {
  // util-linux dmesg indents a record's second line to the prefix width.
  auto r = ReadCorpus("dmesg.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.Find("second part of the same record").unprefixed);
}

TEST(ConsoleTest, PastedLogKeepsTheDecompressorsBootLine) {
  // syz-manager's program and SeaBIOS lines come first, so the log reads as
  // pasted; "Booting the kernel." (line 20) is the kernel's and is kept.
  auto r = ReadSyzkaller("127");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "pasted");
  ASSERT_EQ(r.records.size(), 15u);
  EXPECT_EQ(r.records[0].line, 20u);
  EXPECT_EQ(r.records[0].text, "Booting the kernel.");
  EXPECT_TRUE(r.records[0].unprefixed);
  EXPECT_FALSE(r.records[0].monotonic);
  EXPECT_EQ(r.records[1].text.rfind("Linux version 4.15.0-rc1-next-20171128+", 0), 0u);
  EXPECT_FALSE(r.records[1].unprefixed);
}

TEST(ConsoleTest, PastedLogKeepsAReportPrintedWithoutStamps) {
  // Stamped segfault lines among "*** stack smashing detected ***", a blank
  // line, then a whole WARNING report with no stamps (lines 41-82).
  auto r = ReadSyzkaller("621");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "pasted");
  ASSERT_EQ(r.records.size(), 10u + 42u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_FALSE(r.records[i].unprefixed) << i;
    EXPECT_NE(r.records[i].text, "*** stack smashing detected ***: terminated");
  }
  const LogRecord& warning = r.records[10];
  EXPECT_EQ(warning.line, 41u);
  EXPECT_EQ(warning.text.rfind("WARNING: CPU: 1 PID: 6576 at fs/overlayfs/dir.c:212", 0), 0u);
  EXPECT_TRUE(warning.unprefixed);
  EXPECT_FALSE(warning.monotonic);
  EXPECT_EQ(warning.caller, "");
  EXPECT_EQ(r.Find("Call Trace:").line, 58u);
  EXPECT_EQ(r.records.back().line, 82u);
  EXPECT_TRUE(r.records.back().unprefixed);
}

TEST(ConsoleTest, PastedBinaryJunkWithAWarningStringStartsNoReport) {
  // linux/report/620 line 46: glibc's "WARNING: Unsupported flag value(s) of
  // 0x%x in DT_FLAGS_1." among NUL bytes is not a kernel WARN().
  auto r = ReadCorpus("console-binary-junk-syzkaller-620.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "pasted");
  ASSERT_EQ(r.records.size(), 10u);
  for (const LogRecord& rec : r.records) EXPECT_FALSE(rec.unprefixed) << rec.line;
}

}  // namespace
}  // namespace crashsift::kernel_log
