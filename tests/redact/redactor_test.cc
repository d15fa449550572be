// --redact on real log lines from corpus/wild/logs (each quoted with its
// file), and on the built-in rules themselves.
#include "analyzer/redact/redactor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/test_support.h"

namespace crashsift::redact {
namespace {

const RedactionRules& Rules() {
  auto rules = BuiltinRedactionRules();
  EXPECT_TRUE(rules.has_value()) << rules.error().OneLine();
  return **rules;
}

TEST(RedactionRulesTest, BuiltinRulesLoadAndEachHidesSomething) {
  const RedactionRules& rules = Rules();
  EXPECT_GE(rules.rules.size(), 8u);
  EXPECT_EQ(rules.learned_kinds.count("host"), 1u);
  for (const auto& rule : rules.rules) EXPECT_FALSE(rule.groups.empty()) << rule.name;
}

TEST(RedactionRulesTest, BadRulesAreErrorsWithTheirLine) {
  auto no_group = LoadRedactionRules("[[rule]]\nname = \"x\"\npattern = 'a+'\n", "t.toml");
  ASSERT_FALSE(no_group.has_value());
  EXPECT_NE(no_group.error().reason.find("no named group"), std::string::npos);
  auto bad_regex = LoadRedactionRules("[[rule]]\nname = \"x\"\npattern = '(?P<ip>a'\n", "t.toml");
  ASSERT_FALSE(bad_regex.has_value());
  EXPECT_EQ(bad_regex.error().path, "t.toml");
  EXPECT_FALSE(LoadRedactionRules("rule = [", "t.toml").has_value());
}

// gh-aircrack-ng-rtl8812au-88.log:8 and :10, a syslog header then a later
// message naming the same host: one placeholder for the host, one for the
// IPv6 address, across both lines.
TEST(RedactorTest, SyslogHostAndIpv6AreStableAcrossLines) {
  Redactor r(Rules());
  const std::string a = r.Redact(
      "Aug  9 10:42:42 bola avahi-daemon[3995]: Joining mDNS multicast group on interface "
      "wlan3.IPv6 with address fe80::20f:ff:fe50:fe9e.");
  const std::string b = r.Redact(
      "Aug  9 10:42:42 bola avahi-daemon[3995]: Registering new address record for "
      "fe80::20f:ff:fe50:fe9e on wlan3.*.");
  EXPECT_EQ(a,
            "Aug  9 10:42:42 host-1 avahi-daemon[3995]: Joining mDNS multicast group on interface "
            "wlan3.IPv6 with address ip-1.");
  EXPECT_EQ(b,
            "Aug  9 10:42:42 host-1 avahi-daemon[3995]: Registering new address record for ip-1 "
            "on wlan3.*.");
  // Learned: the host is hidden where it appears on its own later.
  EXPECT_EQ(r.Redact("{\"file\":\"/var/log/bola/kern.log\",\"text\":\"bola\"}"),
            "{\"file\":\"/var/log/host-1/kern.log\",\"text\":\"host-1\"}");
}

// gh-trapexit-mergerfs-616.log:2: netfilter's MAC= run (destination, source,
// type) and the addresses; 0.0.0.0 is not anyone's.
TEST(RedactorTest, UfwLineMacAndAddresses) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("[May17 14:12] [UFW BLOCK] IN=enp1s0 OUT= "
                     "MAC=01:00:5e:00:00:01:e8:94:f6:d4:40:26:08:00 SRC=0.0.0.0 DST=224.0.0.1 "
                     "LEN=32 TOS=0x00 PREC=0xC0 TTL=1 ID=0 DF PROTO=2 "),
            "[May17 14:12] [UFW BLOCK] IN=enp1s0 OUT= MAC=mac-1 SRC=0.0.0.0 DST=ip-1 LEN=32 "
            "TOS=0x00 PREC=0xC0 TTL=1 ID=0 DF PROTO=2 ");
}

// gh-openzfs-zfs-15734.log:2, gh-openrisc-linux-12.log:19,
// gh-mattshma-docs-10.log:3: the same server twice is one placeholder.
TEST(RedactorTest, Ipv4SameValueSamePlaceholder) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("[Wed Apr 10 17:58:24 2024] nfs: server 192.168.0.1 not responding, still "
                     "trying\n[90434.910000] nfs: server 10.0.0.27 not responding, still trying\n"
                     "[Wed Apr 10 17:58:37 2024] nfs: server 192.168.0.1 not responding"),
            "[Wed Apr 10 17:58:24 2024] nfs: server ip-1 not responding, still trying\n"
            "[90434.910000] nfs: server ip-2 not responding, still trying\n"
            "[Wed Apr 10 17:58:37 2024] nfs: server ip-1 not responding");
  EXPECT_EQ(r.Redact("Oct 14 14:55:09 bd15-076 ntpd_intres[1808]: DNS 0.centos.pool.ntp.org -> "
                     "202.118.1.81"),
            "Oct 14 14:55:09 host-1 ntpd_intres[1808]: DNS 0.centos.pool.ntp.org -> ip-3");
  EXPECT_EQ(r.PlaceholderOf("ip", "10.0.0.27"), "ip-2");
}

// A kernel release of four numbers is no address; versions stay readable.
TEST(RedactorTest, VersionsAreNotAddresses) {
  Redactor r(Rules());
  const std::string line =
      "Linux version 2.6.32.59-0.7-default (geeko@buildhost) and firmware 23.01.00.35-1 at "
      "14:12:33, pci 0000:00:1f.2, std::string, core::panicking";
  EXPECT_EQ(r.Redact(line),
            "Linux version 2.6.32.59-0.7-default (user-1@host-1) and firmware 23.01.00.35-1 at "
            "14:12:33, pci 0000:00:1f.2, std::string, core::panicking");
}

// wild: "Feb 20 14:03:09 localhost kernel: ... at /home/user/rpmbuild/..."
// (localhost is kept), the journal line of ubuntu's launchpadlib cache, and
// gh-aabc-ipt-ratelimit-3.log:2's login prompt.
TEST(RedactorTest, HomePathsUsersAndLoginPrompt) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("Feb 20 14:03:09 localhost kernel: [ 2945.902690] WARNING: CPU: 1 PID: 892 "
                     "at /home/user/rpmbuild/BUILD/kernel-latest-5.10.16/linux-5.10.16/drivers/"
                     "pci/msi.c:1273 pci_irq_vector+0x5f/0x80"),
            "Feb 20 14:03:09 localhost kernel: [ 2945.902690] WARNING: CPU: 1 PID: 892 at "
            "/home/user-1/path-1:1273 pci_irq_vector+0x5f/0x80");
  EXPECT_EQ(
      r.Redact("2026-05-28T12:22:43.057795+00:00 vm-1779970054023451471 systemd[14776]: "
               "launchpadlib-cache-clean.service - Clean up old files in the Launchpadlib cache "
               "was skipped because of an unmet condition check "
               "(ConditionPathExists=/home/ubuntu/.launchpadlib/api.launchpad.net/cache)."),
      "2026-05-28T12:22:43.057795+00:00 host-1 systemd[14776]: launchpadlib-cache-clean.service "
      "- Clean up old files in the Launchpadlib cache was skipped because of an unmet condition "
      "check (ConditionPathExists=/home/user-2/path-2).");
  EXPECT_EQ(r.Redact("nas3 login: [86185.341902] ------------[ cut here ]------------"),
            "host-2 login: [86185.341902] ------------[ cut here ]------------");
  EXPECT_EQ(r.Redact("audit: type=1101 audit(1.2:3): pid=1 uid=0 auid=1000 ses=2 "
                     "msg='op=PAM:accounting acct=\"alice\" exe=\"/usr/bin/sudo\"' user=root"),
            "audit: type=1101 audit(1.2:3): pid=1 uid=0 auid=1000 ses=2 "
            "msg='op=PAM:accounting acct=\"user-3\" exe=\"/usr/bin/sudo\"' user=root");
}

TEST(RedactorTest, SerialNumbers) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("usb 1-1: SerialNumber: 4C530001230517117443"),
            "usb 1-1: SerialNumber: serial-1");
  EXPECT_EQ(r.Redact("ID_SERIAL_SHORT=WD-WCC7K1234567 and Serial: 8250/16550 driver"),
            "ID_SERIAL_SHORT=serial-2 and Serial: 8250/16550 driver");
}

// A netboot command line (nfsroot.rst's ip= form): addresses and the host.
TEST(RedactorTest, KernelIpParameter) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("Kernel command line: root=/dev/nfs nfsroot=10.1.2.3:/srv/root "
                     "ip=10.1.2.40:10.1.2.3:10.1.2.1:255.255.255.0:node17:eth0:off"),
            "Kernel command line: root=/dev/nfs nfsroot=ip-1:/srv/root "
            "ip=ip-2:ip-1:ip-3:255.255.255.0:host-1:eth0:off");
}

// kdump's default dump directory, /var/crash/%HOST-%DATE (kdump.conf(5)).
TEST(RedactorTest, KdumpDirectoryHost) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("crashsift: /var/crash/10.1.2.40-2024-01-22-10:44:22/vmcore: truncated"),
            "crashsift: /var/crash/host-1-2024-01-22-10:44:22/vmcore: truncated");
  EXPECT_EQ(r.Redact("/var/crash/127.0.0.1-2024-01-22-10:44:22/vmcore-dmesg.txt"),
            "/var/crash/127.0.0.1-2024-01-22-10:44:22/vmcore-dmesg.txt");
}

// sosreport and supportconfig name their archives and trees after the host;
// an input found under one names it in every record's "file".
TEST(RedactorTest, SosreportAndSupportconfigNamesHideTheHost) {
  Redactor r(Rules());
  EXPECT_EQ(r.Redact("{\"file\":\"/cases/sosreport-db01-2024-03-18-ukcvqwh/var/log/messages\"}"),
            "{\"file\":\"/cases/sosreport-host-1-2024-03-18-ukcvqwh/var/log/messages\"}");
  // sos 3: HOST.CASE-YYYYMMDDHHMMSS; the case id stays, the host goes.
  EXPECT_EQ(r.Redact("sosreport-web-07.03412345-20190101120000.tar.xz"),
            "sosreport-host-2.03412345-20190101120000.tar.xz");
  EXPECT_EQ(r.Redact("/srv/scc_sles15sp2_200408_1115/messages.txt"),
            "/srv/scc_host-3_200408_1115/messages.txt");
  // Learned: the same host in a message later in the run.
  EXPECT_EQ(r.Redact("db01 kernel: Out of memory"), "host-1 kernel: Out of memory");
  // A word that only looks like the prefix is left alone.
  EXPECT_EQ(r.Redact("sosreport-plugin timeout"), "sosreport-plugin timeout");
}

// Every real log of the wild corpus, redacted: none of the hosts of its
// syslog headers is left, and JSON-ish quoting is untouched.
TEST(RedactorTest, WildCorpusHeadersLeaveNoHost) {
  Redactor r(Rules());
  size_t hosts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::CorpusPath("wild/logs"))) {
    const std::string text = testing::ReadFile(entry.path());
    const std::string redacted = r.Redact(text);
    EXPECT_EQ(redacted.find("irati-vm"), std::string::npos) << entry.path();
    EXPECT_EQ(redacted.find("sm21-r22.pun.seagate.com"), std::string::npos) << entry.path();
    EXPECT_EQ(redacted.find("192.168.50.130"), std::string::npos) << entry.path();
    EXPECT_EQ(std::count(redacted.begin(), redacted.end(), '\n'),
              std::count(text.begin(), text.end(), '\n'));
  }
  for (const char* host : {"irati-vm", "x99", "virt01", "r610.maze", "bjsjs_110_46", "Rock64"}) {
    if (!r.PlaceholderOf("host", host).empty()) ++hosts;
  }
  EXPECT_EQ(hosts, 6u);
}

}  // namespace
}  // namespace crashsift::redact
