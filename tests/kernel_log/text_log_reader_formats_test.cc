// Every format crashsift reads, on the real samples in corpus/logs/formats/
// (see its README.md for how each was made). The expected values were read
// off the sample files with grep/sed, not off crashsift's output.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/core/limits.h"
#include "tests/kernel_log/read_all.h"

namespace crashsift::kernel_log {
namespace {

constexpr char kBanner[] = "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)";
constexpr char kHung105[] = "INFO: task txg_sync:105 blocked for more than 5 seconds.";

std::vector<std::string> Texts(const ReadAllResult& r) {
  std::vector<std::string> out;
  for (const auto& rec : r.records) out.push_back(rec.text);
  return out;
}

TEST(FormatsTest, DmesgRaw) {
  auto r = ReadCorpus("dmesg.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  ASSERT_EQ(r.records.size(), 424u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[0].text.rfind(kBanner, 0), 0u);
  EXPECT_DOUBLE_EQ(*r.records[0].monotonic, 0.0);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 368u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);
  EXPECT_EQ(hung.level, -1);
  EXPECT_FALSE(hung.wall_time);
  // A printk with an embedded newline: dmesg indents the second line.
  const LogRecord& second = r.Find("second part of the same record");
  EXPECT_EQ(second.line, 365u);
  EXPECT_DOUBLE_EQ(*second.monotonic, 3.061008);
  // ... and the message's own leading blanks survive the de-indentation.
  EXPECT_EQ(r.records[342].text, "  \"trace_clock=local\"");
  EXPECT_EQ(r.records[342].line, 343u);
  EXPECT_EQ(r.records.back().text, "FMT: capturing");
  EXPECT_EQ(r.records.back().line, 424u);
  for (const auto& rec : r.records) EXPECT_EQ(rec.boot, 0u);
}

TEST(FormatsTest, DmesgWithPrintkCallerFromSyzbot) {
  // syzkaller pkg/report testdata linux/report/340 (CONFIG_PRINTK_CALLER).
  auto r = ReadCorpus("dmesg-caller-syzkaller-340.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  ASSERT_EQ(r.records.size(), 86u);
  EXPECT_EQ(r.records[1].caller, "T5851");
  EXPECT_EQ(r.records[1].text, "BUG: KASAN: slab-out-of-bounds in memcpy+0xac/0xc3 [test_kasan]");
  EXPECT_DOUBLE_EQ(*r.records[1].monotonic, 35.047479);
  EXPECT_EQ(r.records[3].text, "");  // "[   35.049896][ T5851] "
  EXPECT_EQ(r.records[10].line, 11u);
  EXPECT_EQ(r.records[10].caller, "C3");
  EXPECT_EQ(r.records[10].text, " kfree+0x16/0x3cd");
}

TEST(FormatsTest, PrintkReplayLineIsAContinuation) {
  // linux/report/1000: "** replaying previous printk message **" has no
  // prefix; it belongs to the record before it.
  auto r = ReadCorpus("dmesg-caller-syzkaller-1000.log");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.records.size(), 33u);
  EXPECT_EQ(r.records[0].text, "INFO: t");
  EXPECT_EQ(r.records[1].text, "** replaying previous printk message **");
  EXPECT_EQ(r.records[1].caller, "T31");
  EXPECT_DOUBLE_EQ(*r.records[1].monotonic, 584.319520);
  EXPECT_EQ(r.records[2].text,
            "INFO: task udevd:5612 blocked in I/O wait for more than 143 seconds.");
}

TEST(FormatsTest, ConsoleLogWithABurstOfBinaryJunkIsStillRead) {
  // linux/report/620: 10% of the bytes are NUL (a user-space binary dumped
  // to the console between kernel lines); the kernel lines must come out.
  auto r = ReadCorpus("console-binary-junk-syzkaller-620.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.quoted_format, "dmesg");
  ASSERT_EQ(r.records.size(), 10u);
  EXPECT_EQ(r.records[0].caller, "T10579");
  EXPECT_EQ(r.records[0].text.rfind("syz-executor846[10579]: segfault at 4cb420", 0), 0u);
}

TEST(FormatsTest, DmesgT) {
  auto r = ReadCorpus("dmesg-T.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg-T");
  ASSERT_EQ(r.records.size(), 424u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 368u);
  EXPECT_DOUBLE_EQ(*hung.wall_time, 1795535816.0);  // [Tue Nov 24 15:56:56 2026]
  EXPECT_FALSE(hung.monotonic);
  EXPECT_EQ(r.records[342].text, "  \"trace_clock=local\"");
}

TEST(FormatsTest, DmesgTInGermanAndChineseLocales) {
  // util-linux 2.38.1 `LC_ALL=de_DE.UTF-8 dmesg -F dmesg-r.log -T` and the
  // same with zh_CN.UTF-8 ("[Di Nov 24 13:38:48 2026]", "[二 11月 24 ...]").
  for (const char* name : {"dmesg-T-de_DE.log", "dmesg-T-zh_CN.log"}) {
    auto r = ReadCorpus(name);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "dmesg-T") << name;
    ASSERT_EQ(r.records.size(), 424u) << name;
    const LogRecord& hung = r.Find(kHung105);
    EXPECT_EQ(hung.line, 368u);
    EXPECT_DOUBLE_EQ(*hung.wall_time, 1795527528.0) << name;  // 2026-11-24 13:38:48
    // dmesg -F kept dmesg-r.log's 18-blank indentation of continuation lines
    // as text and indented them again: only the leading blanks differ.
    auto trimmed = [](std::vector<std::string> texts) {
      for (auto& t : texts) t.erase(0, t.find_first_not_of(' '));
      return texts;
    };
    EXPECT_EQ(trimmed(Texts(r)), trimmed(Texts(ReadCorpus("dmesg.log")))) << name;
    EXPECT_EQ(r.records[364].text, "                  second part of the same record");
  }
}

TEST(FormatsTest, DmesgX) {
  auto r = ReadCorpus("dmesg-x.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg-x");
  ASSERT_EQ(r.records.size(), 424u);
  const LogRecord& user = r.Find("FMT: an error-level line written to /dev/kmsg");
  EXPECT_EQ(user.line, 363u);
  EXPECT_EQ(user.facility, 1);  // "user  :err   :"
  EXPECT_EQ(user.level, 3);
  EXPECT_DOUBLE_EQ(*user.monotonic, 3.059711);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.facility, 0);
  EXPECT_EQ(hung.level, 3);
  EXPECT_EQ(r.records[0].level, 5);  // "kern  :notice:"
}

TEST(FormatsTest, DmesgR) {
  auto r = ReadCorpus("dmesg-r.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg-r");
  ASSERT_EQ(r.records.size(), 424u);
  const LogRecord& sysrq = r.Find("sysrq: Show Blocked State");
  EXPECT_EQ(sysrq.line, 397u);
  EXPECT_EQ(sysrq.level, 6);
  EXPECT_EQ(sysrq.facility, 0);
  EXPECT_DOUBLE_EQ(*sysrq.monotonic, 11.956722);
  // util-linux 2.38 dmesg -r prints LOG_MAKEPRI(facility, level) with an
  // unshifted facility: user.warn (12 in /dev/kmsg, "user  :warn  :" in
  // dmesg -x) comes out as <5> = 1 | 4. We read what is printed.
  const LogRecord& user = r.Find("FMT: a record with an embedded newline");
  EXPECT_EQ(user.line, 364u);
  EXPECT_EQ(user.facility, 0);
  EXPECT_EQ(user.level, 5);
}

TEST(FormatsTest, DmesgH) {
  auto r = ReadCorpus("dmesg-H.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg-H");
  ASSERT_EQ(r.records.size(), 424u);
  EXPECT_EQ(r.records[0].text.rfind(kBanner, 0), 0u);  // "[Nov24 15:56] Linux version"
  EXPECT_EQ(r.Find(kHung105).line, 368u);
  EXPECT_FALSE(r.Find(kHung105).monotonic);
  // "[  -0.591011]": a negative delta (a line from another CPU).
  EXPECT_EQ(r.records[153].text,
            "calibrate_delay_direct() dropping min bogoMips estimate 1 = 9424129");
}

TEST(FormatsTest, Kmsg) {
  auto r = ReadCorpus("kmsg.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "kmsg");
  // 420 records in 490 lines: 66 " KEY=value" lines are properties, and two
  // records hold "\x0a" (1 and 3 extra lines).
  ASSERT_EQ(r.records.size(), 424u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 434u);
  EXPECT_EQ(hung.level, 3);
  EXPECT_EQ(hung.facility, 0);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);
  const LogRecord& acpi = r.Find("acpi PNP0A08:00: _OSC: OS supports");
  EXPECT_EQ(acpi.line, 202u);
  EXPECT_EQ(acpi.properties,
            (std::vector<std::string>{"SUBSYSTEM=acpi", "DEVICE=+acpi:PNP0A08:00"}));
  const LogRecord& first = r.Find("FMT: a record with an embedded newline, first part");
  const LogRecord& second = r.Find("second part of the same record");
  EXPECT_EQ(first.line, 431u);
  EXPECT_EQ(second.line, 431u);
  EXPECT_EQ(second.level, 4);
  EXPECT_EQ(second.facility, 1);
  EXPECT_TRUE(first.properties.empty());
}

TEST(FormatsTest, SameBootSameRecordsInEveryDmesgFlavour) {
  // dmesg, -T, -x, -r, -H and /dev/kmsg were captured one after the other
  // from the same ring buffer: the texts must agree record for record.
  auto raw = ReadCorpus("dmesg.log");
  ASSERT_TRUE(raw.ok);
  for (const char* name :
       {"dmesg-T.log", "dmesg-x.log", "dmesg-r.log", "dmesg-H.log", "kmsg.log"}) {
    auto other = ReadCorpus(name);
    ASSERT_TRUE(other.ok) << name << ": " << other.error;
    EXPECT_EQ(Texts(other), Texts(raw)) << name;
  }
  auto x = ReadCorpus("dmesg-x.log");
  auto k = ReadCorpus("kmsg.log");
  for (size_t i = 0; i < raw.records.size(); ++i) {
    EXPECT_EQ(raw.records[i].monotonic, x.records[i].monotonic) << i;
    EXPECT_EQ(raw.records[i].monotonic, k.records[i].monotonic) << i;
    EXPECT_EQ(x.records[i].level, k.records[i].level) << i;
  }
}

TEST(FormatsTest, ConsoleWithStampsAndCrlf) {
  auto r = ReadCorpus("console.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "console");
  ASSERT_EQ(r.records.size(), 414u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 356u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);
  for (const auto& rec : r.records) {
    EXPECT_EQ(rec.text.find('\r'), std::string::npos) << rec.line;
  }
}

TEST(FormatsTest, ConsoleWithoutStampsAnsiAndNul) {
  auto r = ReadCorpus("console-notime.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "console");
  ASSERT_EQ(r.records.size(), 431u);
  EXPECT_EQ(r.records[0].text.rfind(kBanner, 0), 0u);
  EXPECT_FALSE(r.records[0].monotonic);
  const LogRecord& ok = r.Find("[  OK  ] Reached target FMT Sample Target.");
  EXPECT_EQ(ok.line, 355u);
  EXPECT_EQ(r.Find("FMT: NUL noise follows and ends here").line, 356u);
  EXPECT_EQ(r.Find(kHung105).line, 359u);
}

TEST(FormatsTest, ConsoleOfKdumpHoldsTwoBoots) {
  // The lab's kdump scenario: the crashing kernel, then the capture kernel
  // booting from "[    0.000000] Linux version" again on the same port.
  auto r = ReadCorpus("console-kdump-2boots.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "console");
  ASSERT_EQ(r.records.size(), 1062u);
  EXPECT_EQ(r.CountBoot(0), 678u);
  EXPECT_EQ(r.CountBoot(1), 384u);
  EXPECT_EQ(r.records[678].line, 679u);
  EXPECT_EQ(r.records[678].boot, 1u);
  EXPECT_EQ(r.records[678].text.rfind(kBanner, 0), 0u);
  EXPECT_EQ(r.Find("INFO: task txg_sync:116 blocked for more than 5 seconds.").boot, 0u);
}

TEST(FormatsTest, CrashLog) {
  // crash 8.0.2 'log': a WARNING and a blank line first, then dmesg lines.
  auto r = ReadCorpus("crash-log.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "dmesg");
  ASSERT_EQ(r.records.size(), 441u);
  EXPECT_EQ(r.records[0].line, 3u);
  EXPECT_EQ(r.records[0].text.rfind(kBanner, 0), 0u);
}

TEST(FormatsTest, CrashLogWithLevels) {
  auto r = ReadCorpus("crash-log-m.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "crash-log");
  ASSERT_EQ(r.records.size(), 441u);
  const LogRecord& hung = r.Find("INFO: task txg_sync:115 blocked for more than 5 seconds.");
  EXPECT_EQ(hung.line, 374u);
  EXPECT_EQ(hung.level, 3);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.009494);
  EXPECT_EQ(Texts(r), Texts(ReadCorpus("crash-log.log")));
}

TEST(FormatsTest, VmcoreDmesgAndMakedumpfileAgree) {
  auto v = ReadCorpus("vmcore-dmesg.log");
  auto m = ReadCorpus("makedumpfile-dmesg.log");
  ASSERT_TRUE(v.ok && m.ok);
  EXPECT_EQ(v.format, "dmesg");
  EXPECT_EQ(m.format, "dmesg");
  ASSERT_EQ(v.records.size(), 690u);
  // makedumpfile indents continuation lines, vmcore-dmesg does not.
  EXPECT_EQ(Texts(v), Texts(m));
  const LogRecord& hung = v.Find("INFO: task txg_sync:116 blocked for more than 5 seconds.");
  EXPECT_EQ(hung.line, 373u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.086628);
  EXPECT_EQ(v.Find("  \"trace_clock=local\"").line, 346u);
}

TEST(FormatsTest, JournalctlShort) {
  auto r = ReadCorpus("journalctl-short.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "journalctl-short");
  ASSERT_EQ(r.records.size(), 439u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 369u);
  EXPECT_FALSE(hung.wall_time);  // "Nov 24 15:58:25" has no year
  // A user-space write to /dev/kmsg: journald split off "FMT" as identifier.
  EXPECT_EQ(r.Find("FMT: an error-level line written to /dev/kmsg").line, 364u);
}

TEST(FormatsTest, JournalctlShortIso) {
  auto r = ReadCorpus("journalctl-short-iso.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "journalctl-short-iso");
  ASSERT_EQ(r.records.size(), 439u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 369u);
  EXPECT_DOUBLE_EQ(*hung.wall_time, 1795535905.0);  // 2026-11-24T15:58:25+0000
}

TEST(FormatsTest, JournalctlShortMonotonicTwoBoots) {
  auto r = ReadCorpus("journalctl-short-monotonic-2boots.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "journalctl-short-monotonic");
  ASSERT_EQ(r.records.size(), 863u);  // 864 lines, one "-- Boot ... --"
  EXPECT_EQ(r.CountBoot(0), 424u);
  EXPECT_EQ(r.CountBoot(1), 439u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 368u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);
  EXPECT_EQ(r.records[424].line, 426u);
  EXPECT_EQ(r.records[424].text.rfind(kBanner, 0), 0u);
  // journalctl indents a multi-line message under its first line.
  EXPECT_EQ(r.records[342].text, "  \"trace_clock=local\"");
}

TEST(FormatsTest, JournalctlJson) {
  auto r = ReadCorpus("journalctl-json.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "journalctl-json");
  ASSERT_EQ(r.records.size(), 81u);  // 80 entries, one MESSAGE of two lines
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 10u);
  EXPECT_EQ(hung.level, 3);
  EXPECT_EQ(hung.facility, 0);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.216157);
  EXPECT_DOUBLE_EQ(*hung.wall_time, 1795535905.157240);
  const LogRecord& user = r.Find("FMT: an error-level line written to /dev/kmsg");
  EXPECT_EQ(user.facility, 1);
  EXPECT_EQ(user.level, 3);
}

TEST(FormatsTest, SyslogTraditional) {
  auto r = ReadCorpus("syslog-kern.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "syslog");
  ASSERT_EQ(r.records.size(), 416u);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 361u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);  // from imklog's "[   11.206931]"
}

TEST(FormatsTest, SyslogRfc3339SkipsDaemons) {
  auto r = ReadCorpus("syslog-rfc3339-messages.log");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "syslog-rfc3339");
  ASSERT_EQ(r.records.size(), 416u);  // 420 lines, 4 from systemd[1]
  for (const auto& rec : r.records) EXPECT_EQ(rec.text.find("Started session-"), std::string::npos);
  const LogRecord& hung = r.Find(kHung105);
  EXPECT_EQ(hung.line, 364u);
  EXPECT_DOUBLE_EQ(*hung.monotonic, 11.206931);
  EXPECT_DOUBLE_EQ(*hung.wall_time, 1795535943.0);  // 2026-11-24T15:59:03+00:00
  EXPECT_EQ(Texts(r), Texts(ReadCorpus("syslog-kern.log")));
}

TEST(FormatsTest, CompressedCopiesReadLikeThePlainFile) {
  auto plain = ReadCorpus("dmesg.log");
  ASSERT_TRUE(plain.ok);
  for (auto [name, codec] : {std::pair{"dmesg.log.gz", "gzip"}, std::pair{"dmesg.log.xz", "xz"},
                             std::pair{"dmesg.log.zst", "zstd"}}) {
    auto r = ReadCorpus(name);
    ASSERT_TRUE(r.ok) << name << ": " << r.error;
    EXPECT_EQ(r.format, "dmesg") << name;
    EXPECT_EQ(r.compression, codec);
    EXPECT_EQ(Texts(r), Texts(plain)) << name;
  }
}

TEST(FormatsTest, PastedInsideMarkdownFence) {
  // openzfs/zfs#17812: prose, then the trace inside ``` fences.
  auto r = ReadCorpus("pasted-github-fenced.md");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "pasted");
  EXPECT_EQ(r.quoted_format, "dmesg");
  ASSERT_EQ(r.records.size(), 21u);
  EXPECT_EQ(r.records[0].line, 4u);
  EXPECT_EQ(r.records[0].text,
            "VERIFY3(zfs_rs_get_end(rs, rt) >= end) failed (498722471936 >= 498724454400)");
  EXPECT_DOUBLE_EQ(*r.records[0].monotonic, 39307.894754);
  EXPECT_EQ(r.records[1].text, "PANIC at range_tree.c:503:zfs_range_tree_remove_impl()");
  EXPECT_EQ(r.records.back().text, " metaslab_alloc_dva+0x3a2/0x1340 [zfs]");
  EXPECT_EQ(r.records.back().line, 24u);
}

TEST(FormatsTest, PastedAsQuotedReply) {
  auto quoted = ReadCorpus("pasted-quoted-reply.md");
  ASSERT_TRUE(quoted.ok) << quoted.error;
  EXPECT_EQ(quoted.format, "pasted");
  EXPECT_EQ(Texts(quoted), Texts(ReadCorpus("pasted-github-fenced.md")));
}

TEST(FormatsTest, PastedDmesgHAmongProse) {
  // openzfs/zfs#7203: versions in prose, then dmesg -H lines without fences.
  auto r = ReadCorpus("pasted-github-dmesg-H.md");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.quoted_format, "dmesg-H");
  ASSERT_EQ(r.records.size(), 15u);
  EXPECT_EQ(r.records[0].line, 8u);
  EXPECT_EQ(r.records[0].text,
            "VERIFY3(dr->dr_dbuf->db_level == level) failed (0 == 18446744073709551615)");
  EXPECT_EQ(r.records[1].text, "PANIC at dbuf.c:4044:dbuf_sync_list()");
}

TEST(FormatsTest, PastedTabIndentedSyslog) {
  // Aquantia/AQtion#32: syslog lines pasted as a Markdown indented code block
  // (one tab before each line), as far as the issue index shows it.
  auto r = ReadCorpus("pasted-github-tab-indented-syslog.md");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "pasted");
  EXPECT_EQ(r.quoted_format, "syslog");
  ASSERT_EQ(r.records.size(), 18u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[0].text, " ? rtnl_calcit.isra.0+0x130/0x130");
  EXPECT_DOUBLE_EQ(*r.records[0].monotonic, 8.091288);
  EXPECT_EQ(r.records[17].line, 18u);
  EXPECT_EQ(r.records[17].text, " __x64_sys_sendmsg+0x1f/0x30");
  EXPECT_DOUBLE_EQ(*r.records[17].monotonic, 8.091311);
}

TEST(FormatsTest, ConsoleLineLongerThan64KiBIsCut) {
  // corpus/tools/make-long-line-sample.sh: the guest's init wrote 100,000 'x'
  // and a newline to /dev/console between two /dev/kmsg records; the QEMU
  // serial capture, compressed with gzip -9 -n.
  auto r = ReadCorpus("console-long-line.log.gz");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.format, "console");
  EXPECT_EQ(r.compression, "gzip");
  EXPECT_EQ(r.records[0].text.rfind(kBanner, 0), 0u);
  const LogRecord& before = r.Find("FMT: a 100000-byte line follows on the console");
  EXPECT_EQ(before.line, 347u);
  EXPECT_DOUBLE_EQ(*before.monotonic, 5.091612);
  EXPECT_FALSE(before.cut);
  const LogRecord& after = r.Find("FMT: the long line ended");
  EXPECT_EQ(after.line, 349u);
  EXPECT_DOUBLE_EQ(*after.monotonic, 7.354959);
  EXPECT_FALSE(after.cut);
  size_t cut = 0;
  for (const auto& rec : r.records) {
    if (!rec.cut) continue;
    ++cut;
    EXPECT_EQ(rec.line, 348u);
    EXPECT_LE(rec.text.size(), limits::kMaxLineBytes);
    EXPECT_GE(rec.text.size(), limits::kMaxLineBytes - 2);  // the '\r' may go
    EXPECT_EQ(rec.text.find_first_not_of('x'), std::string::npos);
  }
  EXPECT_EQ(cut, 1u);
  EXPECT_EQ(r.records.back().text, "reboot: Power down");
  EXPECT_EQ(r.records.back().line, 351u);
}

}  // namespace
}  // namespace crashsift::kernel_log
