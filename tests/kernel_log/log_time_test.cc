#include "analyzer/kernel_log/log_time.h"

#include <gtest/gtest.h>

namespace crashsift::kernel_log {
namespace {

TEST(LogTimeTest, DaysFromCivil) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2026, 11, 24) * 86400, 1795478400);  // date -u -d 2026-11-24 +%s
}

TEST(LogTimeTest, BracketSeconds) {
  std::string_view s = "[   11.206931] INFO";
  auto secs = ConsumeBracketSeconds(s);
  ASSERT_TRUE(secs);
  EXPECT_DOUBLE_EQ(*secs, 11.206931);
  EXPECT_EQ(s, " INFO");
  std::string_view big = "[39307.894754]";
  EXPECT_DOUBLE_EQ(*ConsumeBracketSeconds(big), 39307.894754);
  std::string_view bad = "[  +0.000047] x";
  EXPECT_FALSE(ConsumeBracketSeconds(bad));
  std::string_view open = "[   11.2069";
  EXPECT_FALSE(ConsumeBracketSeconds(open));
}

TEST(LogTimeTest, IsoStamps) {
  std::string_view journal = "2026-11-24T15:58:25+0000 fmtguest";
  EXPECT_DOUBLE_EQ(*ConsumeIsoStamp(journal), 1795535905.0);
  EXPECT_EQ(journal, " fmtguest");
  std::string_view rsyslog = "2026-11-24T15:59:03+00:00 x";
  EXPECT_DOUBLE_EQ(*ConsumeIsoStamp(rsyslog), 1795535943.0);
  std::string_view offset = "2026-11-24T17:59:03.250000+02:00 x";
  EXPECT_DOUBLE_EQ(*ConsumeIsoStamp(offset), 1795535943.25);
  std::string_view dmesg_iso = "2026-11-24T15:59:03,500000+00:00";
  EXPECT_DOUBLE_EQ(*ConsumeIsoStamp(dmesg_iso), 1795535943.5);
}

TEST(LogTimeTest, LooseDatesInSeveralLocales) {
  // C locale, as util-linux dmesg -T prints it.
  EXPECT_DOUBLE_EQ(*ParseLooseDate("Tue Nov 24 15:56:56 2026"), 1795535816.0);
  // de_DE and fr_FR abbreviations: the month is not English, so the day,
  // clock and year must still be found; "Nov"/"nov." happen to parse.
  EXPECT_DOUBLE_EQ(*ParseLooseDate("Di Nov 24 15:56:56 2026"), 1795535816.0);
  EXPECT_DOUBLE_EQ(*ParseLooseDate("mar. nov. 24 15:56:56 2026"), 1795535816.0);
  // zh_CN: "二 11月 24 15:56:56 2026".
  EXPECT_DOUBLE_EQ(*ParseLooseDate("\xe4\xba\x8c 11\xe6\x9c\x88 24 15:56:56 2026"), 1795535816.0);
  // A locale we cannot read still yields no time rather than a wrong one.
  EXPECT_FALSE(ParseLooseDate("Dienstag 15:56:56"));
}

TEST(LogTimeTest, SyslogStamp) {
  std::string_view s = "Nov 24 15:58:25 fmtguest kernel: x";
  EXPECT_TRUE(ConsumeSyslogStamp(s));
  EXPECT_EQ(s, " fmtguest kernel: x");
  std::string_view single = "Nov  4 05:58:25.123456 h";
  EXPECT_TRUE(ConsumeSyslogStamp(single));
  EXPECT_EQ(single, " h");
  std::string_view bad = "Foo 24 15:58:25 h";
  EXPECT_FALSE(ConsumeSyslogStamp(bad));
  // corpus/wild/logs/wiki-cldn-memoryeccerror.log: the day's blank collapsed.
  std::string_view collapsed = "Jun 8 04:46:54 array01 kernel: sbridge: HANDLING MCE MEMORY ERROR";
  EXPECT_TRUE(ConsumeSyslogStamp(collapsed));
  EXPECT_EQ(collapsed, " array01 kernel: sbridge: HANDLING MCE MEMORY ERROR");
  // corpus/wild/logs/gh-openzfs-zfs-12368.log: TrueNAS's year-first console log.
  std::string_view year_first = "2021 Jul 14 15:21:57 BurkDeamon PANIC at zil.c:423:zil_parse()";
  EXPECT_TRUE(ConsumeSyslogStamp(year_first));
  EXPECT_EQ(year_first, " BurkDeamon PANIC at zil.c:423:zil_parse()");
  std::string_view no_day = "Jun  04:46:54 h";
  EXPECT_FALSE(ConsumeSyslogStamp(no_day));
  std::string_view three_digit_day = "Jun 123 04:46:54 h";
  EXPECT_FALSE(ConsumeSyslogStamp(three_digit_day));
}

}  // namespace
}  // namespace crashsift::kernel_log
