// ReportScanner on real console logs (corpus/logs/titles, from syzkaller's
// report corpus): exact titles, corrupted verdicts, guilty frames, types and
// report positions as syzbot gives them.
#include "analyzer/titles/report_scanner.h"

#include <gtest/gtest.h>

#include "tests/support/test_support.h"
#include "tests/titles/console_log_reader.h"

namespace crashsift::titles {
namespace {

std::vector<CrashReport> ScanSample(const std::string& name) {
  std::string bytes =
      crashsift::testing::ReadFile(crashsift::testing::CorpusPath("logs/titles/" + name));
  return ScanRecords(testing::ReadConsoleLog(bytes));
}

struct Expected {
  const char* sample;
  const char* title;
  bool corrupted;
  const char* frame;
  const char* type;
  uint64_t first_line;
};

class SampleTitle : public ::testing::TestWithParam<Expected> {};

TEST_P(SampleTitle, MatchesSyzbot) {
  const Expected& want = GetParam();
  std::vector<CrashReport> reports = ScanSample(want.sample);
  ASSERT_FALSE(reports.empty());
  const CrashReport& first = reports.front();
  EXPECT_EQ(first.title, want.title);
  EXPECT_EQ(first.corrupted, want.corrupted) << first.corrupted_reason;
  EXPECT_EQ(first.guilty_frame, want.frame);
  EXPECT_EQ(first.type, want.type);
  EXPECT_EQ(first.first_line, want.first_line);
  EXPECT_GE(first.last_line, first.first_line);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, SampleTitle,
    ::testing::Values(
        Expected{"syzkaller-72.log", "INFO: task hung in rtnl_lock", false, "rtnl_lock", "HANG", 1},
        Expected{"syzkaller-297.log", "BUG: soft lockup in smp_call_function", false,
                 "smp_call_function", "HANG", 1},
        Expected{"syzkaller-636.log", "KMSAN: uninit-value in ppp_send_frame", false,
                 "ppp_send_frame", "KMSAN-UNINIT-VALUE", 2},
        Expected{"syzkaller-44.log", "kernel BUG in pte_list_remove", false, "pte_list_remove",
                 "BUG", 2},
        Expected{"syzkaller-112.log",
                 "BUG: unable to handle kernel NULL pointer dereference in process_one_work", false,
                 "process_one_work", "NULL-POINTER-DEREFERENCE", 1},
        Expected{"syzkaller-622.log", "WARNING: refcount bug in memfd_secret", false,
                 "memfd_secret", "REFCOUNT_WARNING", 3},
        Expected{"syzkaller-748.log",
                 "attempt to subtract with overflow in <rust_binder::process::Process>::update_ref",
                 false, "<rust_binder::process::Process>::update_ref", "", 1},
        Expected{"syzkaller-55.log", "memory leak in start_kernel", false, "start_kernel", "LEAK",
                 1},
        Expected{"syzkaller-31.log", "possible deadlock in audit_receive", true, "audit_receive",
                 "LOCKDEP", 2},
        Expected{"syzkaller-20.log",
                 "BUG: unable to handle kernel NULL pointer dereference in corrupted", true,
                 "corrupted", "NULL-POINTER-DEREFERENCE", 1},
        Expected{"syzkaller-299.log", "INFO: rcu detected stall in sched_ttwu_pending", false,
                 "sched_ttwu_pending", "HANG", 1},
        Expected{"syzkaller-740.log", "KASAN: slab-use-after-free Read in chrdev_open", false,
                 "chrdev_open", "KASAN-USE-AFTER-FREE-READ", 2},
        Expected{"syzkaller-249.log", "WARNING in rfkill_fop_read", false, "rfkill_fop_read",
                 "WARNING", 1}),
    [](const ::testing::TestParamInfo<Expected>& info) {
      std::string name = info.param.sample;
      name = name.substr(10, name.size() - 14);  // "syzkaller-72.log" -> "72"
      return "sample_" + name;
    });

TEST(ReportScanner, FalsePositiveMarkersAreNoCrash) {
  // "INFO: NMI handler ... took too long" and "WARNING: the mand mount option"
  // carry markers but are not reports.
  EXPECT_TRUE(ScanSample("syzkaller-252.log").empty());
  EXPECT_TRUE(ScanSample("syzkaller-712.log").empty());
}

TEST(ReportScanner, CorruptedReportSaysWhy) {
  std::vector<CrashReport> reports = ScanSample("syzkaller-20.log");
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports[0].corrupted_reason, "extracted no frames");
  EXPECT_EQ(reports[0].kind, "BUG: unable to handle kernel NULL pointer dereference");
}

TEST(ReportScanner, KeepsReportTextAndAltTitles) {
  std::vector<CrashReport> reports = ScanSample("syzkaller-740.log");
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports[0].text.find("BUG: KASAN: slab-use-after-free in __list_add_valid_or_report"),
            std::string::npos);
  EXPECT_NE(std::find(reports[0].alt_titles.begin(), reports[0].alt_titles.end(),
                      "bad-access in chrdev_open"),
            reports[0].alt_titles.end());
}

std::vector<kernel_log::LogRecord> Records(const std::vector<std::string>& lines) {
  std::vector<kernel_log::LogRecord> records;
  for (const auto& text : lines) {
    kernel_log::LogRecord record;
    record.text = text;
    record.monotonic = 1.0;
    record.line = record.last_line = records.size() + 1;
    records.push_back(record);
  }
  return records;
}

TEST(ReportScanner, ReplayedMessageIsNotAReport) {
  // Hand-written in the kernel's format: printk replays an older message
  // after a console handover; the replayed marker is not a new report.
  auto reports = ScanRecords(Records({
      "WARNING: CPU: 0 PID: 1 at fs/foo.c:12 foo_bar+0x1/0x2",
      "** replaying previous printk message **",
  }));
  EXPECT_TRUE(reports.empty());
}

TEST(ReportScanner, SecondReportStartsAfterTheFirst) {
  // Hand-written: two consecutive reports on one console.
  auto reports = ScanRecords(Records({
      "general protection fault: 0000 [#1] SMP KASAN",
      "RIP: 0010:first_func+0x10/0x20",
      "Call Trace:",
      " caller_one+0x1/0x2",
      "kernel BUG at fs/bar.c:99!",
      "RIP: 0010:second_func+0x10/0x20",
      "Call Trace:",
      " caller_two+0x1/0x2",
  }));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].title, "general protection fault in first_func");
  EXPECT_EQ(reports[0].last_line, 4u);
  EXPECT_EQ(reports[1].title, "kernel BUG in second_func");
  EXPECT_EQ(reports[1].first_line, 5u);
}

TEST(ReportScanner, HugeReportIsCappedNotUnbounded) {
  std::vector<std::string> lines = {"BUG: soft lockup - CPU#0 stuck for 22s! [a:1]",
                                    "RIP: 0010:spin_here+0x1/0x2", "Call Trace:"};
  for (int i = 0; i < 50000; ++i) lines.push_back(" loop_fn_" + std::to_string(i) + "+0x1/0x2");
  auto reports = ScanRecords(Records(lines));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_LE(reports[0].text.size(), kMaxReportBytes + 4096);
  // The stall rule looks for a dispatch frame (syscall entry, kthread, ...);
  // none within the cap: no frame can be trusted.
  EXPECT_EQ(reports[0].title, "BUG: soft lockup in corrupted");
  EXPECT_TRUE(reports[0].corrupted);
}

}  // namespace
}  // namespace crashsift::titles
