#include "analyzer/kernel_log/line_forms.h"

#include <gtest/gtest.h>

#include <string_view>

namespace crashsift::kernel_log {
namespace {

// Format detection keeps the kDmesg parse it makes while classifying a line,
// and the reader uses it instead of parsing the line again: it must be what
// ParseLineAs gives (lines from corpus/logs/formats/ and the console samples).
TEST(LineFormsTest, ClassifyKeepsTheDmesgParseOfBracketLines) {
  for (std::string_view line : {
           "[   11.206931] INFO: task txg_sync:105 blocked for more than 5 seconds.",
           "[   11.009494] <3>INFO: task txg_sync:115",
           "[   11.206931] fmtguest kernel: INFO: task",
           "[   57.123456][ T1234] BUG: KASAN: use-after-free in foo+0x1/0x2",
           "[41819967.871466]  EMERG: BUG: soft lockup - CPU#3 stuck for 23s!",
           "[    0.000000]",
       }) {
    DmesgParse kept;
    ClassifyLine(line, &kept);
    ParsedLine parsed;
    ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, line, parsed)) << line;
    EXPECT_TRUE(kept.known && kept.ok) << line;
    EXPECT_EQ(kept.line.data(), line.data());
    EXPECT_EQ(kept.parsed.text.data(), parsed.text.data()) << line;
    EXPECT_EQ(kept.parsed.text, parsed.text) << line;
    EXPECT_EQ(kept.parsed.monotonic, parsed.monotonic) << line;
    EXPECT_EQ(kept.parsed.caller, parsed.caller) << line;
    EXPECT_EQ(kept.parsed.level, parsed.level) << line;
  }
  DmesgParse kept;
  // A '[' line that is not dmesg: known not to parse.
  EXPECT_EQ(ClassifyLine("[Tue Nov 24 15:56:56 2026] INFO: task", &kept), LineForm::kDmesgDate);
  EXPECT_TRUE(kept.known);
  EXPECT_FALSE(kept.ok);
  // Other lines are left to the reader (a glued login prompt may still parse).
  EXPECT_EQ(ClassifyLine("syzkaller login: [   30.1] BUG: x", &kept), LineForm::kDmesg);
  EXPECT_FALSE(kept.known);
}

// Lines copied from the samples in corpus/logs/formats/.
TEST(LineFormsTest, ClassifiesOneLineOfEachSample) {
  EXPECT_EQ(ClassifyLine("[   11.206931] INFO: task txg_sync:105 blocked for more than 5 seconds."),
            LineForm::kDmesg);
  EXPECT_EQ(ClassifyLine("<3>[   11.206931] INFO: task txg_sync:105 blocked"),
            LineForm::kDmesgPriority);
  EXPECT_EQ(ClassifyLine("kern  :err   : [   11.206931] INFO: task txg_sync:105"),
            LineForm::kDmesgFacility);
  EXPECT_EQ(ClassifyLine("[Tue Nov 24 15:56:56 2026] INFO: task"), LineForm::kDmesgDate);
  EXPECT_EQ(ClassifyLine("[  +8.092313] INFO: task"), LineForm::kDmesgRelative);
  EXPECT_EQ(ClassifyLine("[Nov24 15:56] Linux version 6.1.0-56-amd64"), LineForm::kDmesgMinute);
  EXPECT_EQ(ClassifyLine("[   11.009494] <3>INFO: task txg_sync:115"), LineForm::kCrashLogLevel);
  EXPECT_EQ(ClassifyLine("3,363,11206931,-;INFO: task txg_sync:105"), LineForm::kKmsg);
  EXPECT_EQ(ClassifyLine(" SUBSYSTEM=acpi"), LineForm::kKmsgProperty);
  EXPECT_EQ(ClassifyLine("[   11.206931] fmtguest kernel: INFO: task"),
            LineForm::kJournalMonotonic);
  EXPECT_EQ(ClassifyLine("Nov 24 15:58:25 fmtguest kernel: INFO: task"), LineForm::kSyslog);
  EXPECT_EQ(ClassifyLine("2026-11-24T15:58:25+0000 fmtguest kernel: INFO"), LineForm::kIsoSyslog);
  EXPECT_EQ(ClassifyLine("-- Boot a1b2c3d4e5f6478899aabbccddeeff00 --"), LineForm::kJournalMarker);
  EXPECT_EQ(ClassifyLine("{\"MESSAGE\":\"x\"}"), LineForm::kJson);
  EXPECT_EQ(ClassifyLine("For completeness, here is my stack trace: (zfs-2.3.2-1)"),
            LineForm::kNone);
}

TEST(LineFormsTest, PciDeviceLineIsNotAJournalLine) {
  // "host ident:" shape inside a dmesg message.
  EXPECT_EQ(ClassifyLine("[    0.220011] pci 0000:00:01.0: [1234:1111] type 00 class 0x030000"),
            LineForm::kDmesg);
}

TEST(LineFormsTest, DmesgWithPrintkCaller) {
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, "[   12.345678][ T1234] msg here", p));
  EXPECT_EQ(p.caller, "T1234");
  EXPECT_EQ(p.text, "msg here");
  EXPECT_DOUBLE_EQ(*p.monotonic, 12.345678);
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesgPriority, "<6>[    1.000000][    C1] cpu msg", p));
  EXPECT_EQ(p.caller, "C1");
  EXPECT_EQ(p.level, 6);
  EXPECT_EQ(p.facility, 0);
  ASSERT_TRUE(ParseLineAs(LineForm::kKmsg, "6,17,1000000,-,caller=T1;text", p));
  EXPECT_EQ(p.caller, "T1");
  EXPECT_EQ(p.sequence, 17u);
}

// A caller id after a blank in a dmesg line (corpus/wild
// gh-aircrack-ng-rtl8812au-1206.log): the same caller, and the frame after it.
TEST(LineFormsTest, DmesgWithACallerAfterABlank) {
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg,
                          "[107487.205272] [T26900]  ? srso_alias_return_thunk+0x5/0xfbef5", p));
  EXPECT_EQ(p.caller, "T26900");
  EXPECT_EQ(p.text, " ? srso_alias_return_thunk+0x5/0xfbef5");
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, "[  100.000000] [TTM] Buffer eviction failed", p));
  EXPECT_EQ(p.caller, "");
  EXPECT_EQ(p.text, "[TTM] Buffer eviction failed");
}

// A journal or syslog line with a raw /dev/kmsg record in place of the ident
// (corpus/wild gh-koverstreet-bcachefs-529.log): a kernel line, its time the
// record's.
TEST(LineFormsTest, SyslogHostThenAKmsgRecord) {
  const std::string line =
      "Mar 31 19:59:53 extravaganza.localdomain 4,1791,1531222117,-;R13: 0000561bcf4218b7 R14: "
      "00000000ffffffff R15: 00007ffda20b0eb8";
  ParsedLine p;
  LineForm form = ClassifyLine(line);
  ASSERT_TRUE(ParseLineAs(form, line, p)) << static_cast<int>(form);
  EXPECT_EQ(p.ident, "kernel");
  EXPECT_EQ(p.text, "R13: 0000561bcf4218b7 R14: 00000000ffffffff R15: 00007ffda20b0eb8");
  EXPECT_EQ(p.level, 4);
  ASSERT_TRUE(p.monotonic.has_value());
  EXPECT_NEAR(*p.monotonic, 1531.222117, 1e-6);
}

// XenServer's dom0 names the level after the stamp (corpus/wild
// blog-seibert-media-20180104.log); a message that starts with a word and a
// colon keeps it.
TEST(LineFormsTest, DmesgWithALevelNameAfterTheStamp) {
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg,
                          "[41819967.872648]  EMERG: Kernel panic - not syncing: softlockup: "
                          "hung tasks",
                          p));
  EXPECT_EQ(p.text, "Kernel panic - not syncing: softlockup: hung tasks");
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, "[  100.000000] INFO: task x:1 blocked", p));
  EXPECT_EQ(p.text, "INFO: task x:1 blocked");
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, "[  100.000000]  RIP: 0010:foo+0x1/0x2", p));
  EXPECT_EQ(p.text, " RIP: 0010:foo+0x1/0x2");
}

// Console lines from syzkaller's pkg/report/testdata/linux/report/<N>
// (Apache-2.0, syzkaller project authors): 118, 496, 207, 123.
TEST(LineFormsTest, DmesgAfterAGluedLoginPromptOrDroppedBanner) {
  ParsedLine p;
  ASSERT_TRUE(
      ParseLineAs(LineForm::kDmesg,
                  "syzkaller login: [   16.305150] INFO: trying to register non-static key.", p));
  EXPECT_DOUBLE_EQ(*p.monotonic, 16.305150);
  EXPECT_EQ(p.text, "INFO: trying to register non-static key.");
  EXPECT_EQ(p.glued, 17u);

  constexpr std::string_view kCaller =
      "syzkaller login: [   59.806466][ T6792] BUG: using smp_processor_id() in preemptible "
      "[00000000] code: syz-fuzzer/6792";
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, kCaller, p));
  EXPECT_EQ(p.caller, "T6792");
  EXPECT_EQ(p.text.rfind("BUG: using smp_processor_id()", 0), 0u);

  EXPECT_EQ(ClassifyLine("isob2 login: [  709.689951] INFO: rcu_sched detected stalls on "
                         "CPUs/tasks:"),
            LineForm::kDmesg);

  constexpr std::string_view kDropped =
      "** 5311 printk messages dropped ** [   60.136772] INFO: Freed in "
      "fasync_free_rcu+0x14/0x20 age=624 cpu=0 pid=3";
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesg, kDropped, p));
  EXPECT_DOUBLE_EQ(*p.monotonic, 60.136772);
  EXPECT_EQ(p.text, "INFO: Freed in fasync_free_rcu+0x14/0x20 age=624 cpu=0 pid=3");
  EXPECT_EQ(p.glued, 35u);
  EXPECT_EQ(ClassifyLine(kDropped), LineForm::kDmesg);

  // Without a stamp after them they are plain console text.
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesg, "syzkaller login: ", p));
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesg, "** 12 printk messages dropped **", p));
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesg, "Debian GNU/Linux 7 syzkaller ttyS0", p));
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesg, "** replaying previous printk message **", p));
  // A prompt is one host name, not any text before " login: " (hand-made line).
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesg, "my host login: [   16.305150] INFO: x", p));
}

TEST(LineFormsTest, SyslogWithoutHost) {
  // corpus/logs/events/github-mcelog-70-mce.syslog (mcelog#70).
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kSyslog,
                          "Sep 16 19:51:15 kernel: [    0.043437] mce: CPU supports 7 MCE banks",
                          p));
  EXPECT_EQ(p.ident, "kernel");
  EXPECT_EQ(p.text, "[    0.043437] mce: CPU supports 7 MCE banks");
  ASSERT_TRUE(ParseLineAs(LineForm::kSyslog, "Sep 16 19:51:15 mcelog[987]: mcelog: Family 6", p));
  EXPECT_EQ(p.ident, "mcelog");
  EXPECT_TRUE(p.ident_has_pid);
}

TEST(LineFormsTest, RsyslogLinesThatKeepThePriority) {
  // Issue 8 class 12: an rsyslog template with %PRI% before the stamp. The
  // line is syslog (host, ident, imklog's dmesg stamp), not `dmesg -r`.
  const std::string_view iso =
      "<4>2024-04-17T00:26:33.123+05:30 web1 kernel: [  912.004511] BUG: kernel NULL pointer "
      "dereference, address: 0000000000000008";
  EXPECT_EQ(ClassifyLine(iso), LineForm::kIsoSyslog);
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kIsoSyslog, iso, p));
  EXPECT_EQ(p.ident, "kernel");
  EXPECT_EQ(p.level, 4);
  EXPECT_EQ(p.facility, 0);
  EXPECT_TRUE(p.wall_time.has_value());
  EXPECT_EQ(p.text,
            "[  912.004511] BUG: kernel NULL pointer dereference, address: 0000000000000008");
  const std::string_view daemon = "<30>Apr 17 00:26:34 web1 systemd[1]: Started session.";
  EXPECT_EQ(ClassifyLine(daemon), LineForm::kSyslog);
  ASSERT_TRUE(ParseLineAs(LineForm::kSyslog, daemon, p));
  EXPECT_EQ(p.ident, "systemd");
  EXPECT_EQ(p.facility, 3);
  EXPECT_EQ(p.level, 6);
  // dmesg -r stays dmesg -r.
  EXPECT_EQ(ClassifyLine("<6>[    1.000000] Linux version 6.1.0"), LineForm::kDmesgPriority);
}

TEST(LineFormsTest, CallerIdsAfterHumanStamps) {
  // dmesg -T of a CONFIG_PRINTK_CALLER kernel, as in
  // corpus/wild/logs/gh-aircrack-ng-rtl8812au-1206.log's "[ts] [T26900]" form.
  ParsedLine p;
  ASSERT_TRUE(
      ParseLineAs(LineForm::kDmesgDate,
                  "[Sun Mar  3 10:00:05 2024] [T26900]  ? srso_alias_return_thunk+0x5/0xfbef5", p));
  EXPECT_EQ(p.caller, "T26900");
  EXPECT_EQ(p.text, " ? srso_alias_return_thunk+0x5/0xfbef5");
  // Glued, as the console prints it after "[  417.725670][    C1]".
  EXPECT_EQ(
      ClassifyLine("[Sun Mar  3 10:00:05 2024][    C1] rcu: INFO: rcu_sched self-detected stall"),
      LineForm::kDmesgDate);
  ASSERT_TRUE(ParseLineAs(
      LineForm::kDmesgDate,
      "[Sun Mar  3 10:00:05 2024][    C1] rcu: INFO: rcu_sched self-detected stall", p));
  EXPECT_EQ(p.caller, "C1");
  EXPECT_EQ(p.text, "rcu: INFO: rcu_sched self-detected stall");
  ASSERT_TRUE(
      ParseLineAs(LineForm::kDmesgRelative, "[  +0.000252] [  T412] INFO: task z_zvol:412", p));
  EXPECT_EQ(p.caller, "T412");
  EXPECT_EQ(p.text, "INFO: task z_zvol:412");
}

TEST(LineFormsTest, Rfc5424Records) {
  // corpus/wild/logs/gh-jimmychungbelkin-mamba-6.log: imklog's "kernel: " kept in the message.
  const std::string_view line =
      "<0>1 2014-08-27T23:36:42-07:00 linksys.dartworks.biz kernel - - - kernel: [40279.417778] "
      "Internal error: Oops: 17 [#1] SMP";
  EXPECT_EQ(ClassifyLine(line), LineForm::kIsoSyslog);
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kIsoSyslog, line, p));
  EXPECT_EQ(p.ident, "kernel");
  EXPECT_EQ(p.level, 0);
  EXPECT_EQ(p.text, "[40279.417778] Internal error: Oops: 17 [#1] SMP");
  ASSERT_TRUE(ParseLineAs(LineForm::kIsoSyslog,
                          "<30>1 2024-01-02T03:04:05Z host systemd 1 - [meta x=\"1\"] Started x.",
                          p));
  EXPECT_EQ(p.ident, "systemd");
  EXPECT_TRUE(p.ident_has_pid);
  EXPECT_EQ(p.text, "Started x.");
}

TEST(LineFormsTest, DmesgHumanDeltasWithADecimalComma) {
  // corpus/wild/logs/gh-koverstreet-bcachefs-1194.log (dmesg -H, German locale).
  ParsedLine p;
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesgRelative,
                          "[  +0,000004] kernel BUG at src/fs/bcachefs/alloc/background.c:1428!",
                          p));
  EXPECT_EQ(p.text, "kernel BUG at src/fs/bcachefs/alloc/background.c:1428!");
}

TEST(LineFormsTest, DmesgFacilityNames) {
  ParsedLine p;
  ASSERT_TRUE(
      ParseLineAs(LineForm::kDmesgFacility, "user  :warn  : [    3.061008] FMT: a record", p));
  EXPECT_EQ(p.facility, 1);
  EXPECT_EQ(p.level, 4);
  EXPECT_EQ(p.text, "FMT: a record");
  ASSERT_TRUE(ParseLineAs(LineForm::kDmesgFacility, "kern  :notice: [    0.000000] Linux", p));
  EXPECT_EQ(p.level, 5);
  EXPECT_FALSE(ParseLineAs(LineForm::kDmesgFacility, "kernel: [    0.000000] Linux", p));
}

TEST(LineFormsTest, StripQuoting) {
  EXPECT_EQ(StripQuoting("> [    1.0] x"), "[    1.0] x");
  EXPECT_EQ(StripQuoting(">> > [    1.0] x"), "[    1.0] x");
  EXPECT_EQ(StripQuoting("    [    1.0] x"), "[    1.0] x");
  EXPECT_EQ(StripQuoting(">"), "");
}

}  // namespace
}  // namespace crashsift::kernel_log
