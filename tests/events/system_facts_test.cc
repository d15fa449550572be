// SystemFacts from the real samples of corpus/logs/events.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/events/event_splitter.h"
#include "analyzer/events/system_facts_collector.h"
#include "tests/events/dmesg_text.h"
#include "tests/support/test_support.h"

namespace crashsift::events {
namespace {

SplitResult Split(const std::string& sample) {
  std::string text =
      crashsift::testing::ReadFile(crashsift::testing::CorpusPath("logs/events/" + sample));
  EventSplitter splitter;
  for (const auto& record : testing::RecordsFromDmesgText(text)) splitter.Add(record);
  return splitter.Finish();
}

TEST(SystemFacts, DebianBannerAndUpstreamVersion) {
  SplitResult r = Split("lab-oops.console.log");
  ASSERT_EQ(r.systems.size(), 2u);
  const SystemFacts& f = r.systems[0];
  EXPECT_EQ(f.boot, 0u);
  EXPECT_EQ(f.kernel_release, "6.1.0-56-amd64");
  ASSERT_TRUE(f.kernel);
  EXPECT_EQ(f.kernel->numbers, (std::vector<uint32_t>{6, 1, 0}));
  EXPECT_EQ(f.kernel->distro_numbers, (std::vector<uint32_t>{56}));
  // Debian's ABI name 6.1.0-56 is the package 6.1.192-2: the banner says so.
  ASSERT_TRUE(f.kernel_upstream);
  EXPECT_EQ(f.kernel_upstream->numbers, (std::vector<uint32_t>{6, 1, 192}));
  EXPECT_EQ(f.distribution, "debian");
  EXPECT_EQ(f.arch, "x86_64");
  EXPECT_EQ(f.kernel_version_banner.rfind("Linux version 6.1.0-56-amd64 (debian-kernel@", 0), 0u);
  EXPECT_EQ(f.command_line,
            "console=ttyS0 loglevel=7 log_buf_len=4M panic=0 oops=panic crashkernel=192M "
            "lab.scenario=oops");
  EXPECT_EQ(f.hardware,
            "QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014");
  EXPECT_TRUE(f.tainted);
  EXPECT_EQ(f.taint, "G           OE");
  ASSERT_EQ(f.taint_flags.size(), 2u);
  EXPECT_EQ(f.taint_flags[0].letter, 'O');
  EXPECT_EQ(f.taint_flags[1].letter, 'E');
  ASSERT_FALSE(f.modules.empty());
  EXPECT_EQ(f.modules.front(), "labcrash");
  EXPECT_EQ(f.modules.back(), "qemu_fw_cfg");
  EXPECT_FALSE(f.zfs_loaded);
  // The crash kernel's boot: its own command line, no taint.
  EXPECT_FALSE(r.systems[1].tainted);
  EXPECT_NE(r.systems[1].command_line.find("reset_devices"), std::string::npos);
}

TEST(SystemFacts, WorstTaintWins) {
  SplitResult r = Split("lab-softlockup.console.log");
  EXPECT_EQ(r.systems[0].taint, "G           OEL");
  ASSERT_EQ(r.systems[0].taint_flags.size(), 3u);
  EXPECT_EQ(r.systems[0].taint_flags[2].letter, 'L');
}

TEST(SystemFacts, ZfsAndSplModuleBanners) {
  SplitResult r = Split("github-openzfs-4112-spl-zfs-loaded.log");
  ASSERT_EQ(r.systems.size(), 1u);
  const SystemFacts& f = r.systems[0];
  EXPECT_TRUE(f.zfs_loaded);
  EXPECT_EQ(f.zfs_release, "0.6.5.3-r3-gentoo");
  ASSERT_TRUE(f.zfs);
  EXPECT_EQ(f.zfs->numbers, (std::vector<uint32_t>{0, 6, 5, 3}));
  EXPECT_EQ(f.spl_release, "0.6.5.3-r1-gentoo");
  ASSERT_TRUE(f.spl);
  EXPECT_TRUE(r.events.empty());
}

TEST(SystemFacts, ZfsSnapshotBuild) {
  SplitResult r = Split("github-openzfs-5018-zfs-loaded-snapshot.syslog");
  ASSERT_EQ(r.systems.size(), 1u);
  const SystemFacts& f = r.systems[0];
  EXPECT_EQ(f.zfs_release, "0.6.5-281_gbc2d809");  // the last load wins
  ASSERT_TRUE(f.zfs);
  EXPECT_EQ(f.zfs->commits_since_tag, 281u);
  EXPECT_EQ(f.zfs->git_hash, "bc2d809");
}

TEST(SystemFacts, ZfsReleaseCandidate) {
  SplitResult r = Split("github-pve-edge-kernel-105-zfs-rc.log");
  ASSERT_EQ(r.systems.size(), 1u);
  ASSERT_TRUE(r.systems[0].zfs);
  EXPECT_EQ(r.systems[0].zfs_release, "2.1.0-rc5");
  EXPECT_EQ(r.systems[0].zfs->rc, 5u);
  EXPECT_EQ(r.systems[0].zfs->CompareUpstream(*ParseVersion("2.1.0")), std::strong_ordering::less);
}

TEST(SystemFacts, RhelFromCpuLineOnly) {
  SplitResult r = Split("github-greenplum-17369-oom.syslog");
  ASSERT_EQ(r.systems.size(), 1u);
  const SystemFacts& f = r.systems[0];
  EXPECT_EQ(f.kernel_release, "5.4.258-1.el7.elrepo.x86_64");
  EXPECT_EQ(f.distribution, "rhel");
  EXPECT_EQ(f.arch, "x86_64");
  EXPECT_EQ(f.hardware, "Amazon EC2 c6i.16xlarge/, BIOS 1.0 10/16/2017");
  ASSERT_EQ(f.taint_flags.size(), 1u);
  EXPECT_EQ(f.taint_flags[0].letter, 'E');
}

TEST(SystemFacts, ModulesListAndZfsFlags) {
  SystemFactsCollector c(0);
  // Format of the lab oops' "Modules linked in:" with a proprietary zfs(PO).
  c.Observe("Modules linked in: zfs(PO) spl(O) virtio_blk loop [last unloaded: labcrash]");
  SystemFacts f = c.Finish();
  EXPECT_TRUE(f.zfs_loaded);
  EXPECT_EQ(f.modules, (std::vector<std::string>{"zfs", "spl", "virtio_blk", "loop"}));
}

}  // namespace
}  // namespace crashsift::events
