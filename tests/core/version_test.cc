#include "analyzer/core/version.h"

#include <gtest/gtest.h>

namespace crashsift {
namespace {

Version Parse(std::string_view text) {
  auto v = ParseVersion(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(Version{});
}

using Numbers = std::vector<uint32_t>;

TEST(ParseVersion, DebianCloudAndStock) {
  Version v = Parse("6.12.25-amd64");
  EXPECT_EQ(v.numbers, (Numbers{6, 12, 25}));
  EXPECT_EQ(v.distro_suffix, "amd64");
  EXPECT_TRUE(v.distro_numbers.empty());
  EXPECT_FALSE(v.rc);
  EXPECT_EQ(v.original, "6.12.25-amd64");

  Version abi = Parse("6.1.0-56-amd64");
  EXPECT_EQ(abi.numbers, (Numbers{6, 1, 0}));
  EXPECT_EQ(abi.distro_suffix, "56-amd64");
  EXPECT_EQ(abi.distro_numbers, (Numbers{56}));
}

TEST(ParseVersion, Ubuntu) {
  Version v = Parse("6.8.0-45-generic");
  EXPECT_EQ(v.numbers, (Numbers{6, 8, 0}));
  EXPECT_EQ(v.distro_suffix, "45-generic");
  EXPECT_EQ(v.distro_numbers, (Numbers{45}));
}

TEST(ParseVersion, Rhel) {
  Version v = Parse("5.14.0-427.13.1.el9_4.x86_64");
  EXPECT_EQ(v.numbers, (Numbers{5, 14, 0}));
  EXPECT_EQ(v.distro_suffix, "427.13.1.el9_4.x86_64");
  EXPECT_EQ(v.distro_numbers, (Numbers{427, 13, 1}));
}

TEST(ParseVersion, Proxmox) {
  Version k = Parse("6.8.12-4-pve");
  EXPECT_EQ(k.numbers, (Numbers{6, 8, 12}));
  EXPECT_EQ(k.distro_numbers, (Numbers{4}));
  EXPECT_EQ(k.distro_suffix, "4-pve");

  Version zfs = Parse("2.2.6-pve1");
  EXPECT_EQ(zfs.numbers, (Numbers{2, 2, 6}));
  EXPECT_EQ(zfs.distro_suffix, "pve1");
  EXPECT_TRUE(zfs.distro_numbers.empty());
}

TEST(ParseVersion, OpenZfsReleaseCandidateAndTags) {
  Version rc = Parse("2.3.0-rc5");
  EXPECT_EQ(rc.numbers, (Numbers{2, 3, 0}));
  ASSERT_TRUE(rc.rc);
  EXPECT_EQ(*rc.rc, 5u);
  EXPECT_EQ(rc.UpstreamString(), "2.3.0-rc5");

  Version tagged = Parse("v2.3.1-1");
  EXPECT_EQ(tagged.numbers, (Numbers{2, 3, 1}));
  EXPECT_EQ(tagged.distro_numbers, (Numbers{1}));
  EXPECT_EQ(tagged.original, "v2.3.1-1");

  Version pkg = Parse("zfs-2.2.6-1");
  EXPECT_EQ(pkg.numbers, (Numbers{2, 2, 6}));
}

TEST(ParseVersion, OpenZfsMasterSnapshot) {
  Version v = Parse("2.2.99-471_g5044c4e3f");
  EXPECT_EQ(v.numbers, (Numbers{2, 2, 99}));
  ASSERT_TRUE(v.commits_since_tag);
  EXPECT_EQ(*v.commits_since_tag, 471u);
  EXPECT_EQ(v.git_hash, "5044c4e3f");
  EXPECT_TRUE(v.is_snapshot());
  EXPECT_TRUE(v.distro_numbers.empty());

  Version dashed = Parse("2.3.99-12-g0123abcd");
  EXPECT_EQ(*dashed.commits_since_tag, 12u);
  EXPECT_EQ(dashed.git_hash, "0123abcd");
}

TEST(ParseVersion, UbuntuZfs) {
  Version v = Parse("0.8.3-1ubuntu12");
  EXPECT_EQ(v.numbers, (Numbers{0, 8, 3}));
  EXPECT_EQ(v.distro_suffix, "1ubuntu12");
  EXPECT_EQ(v.distro_numbers, (Numbers{1}));
  EXPECT_FALSE(v.is_snapshot());
}

TEST(ParseVersion, KernelRcAndStopsAtSpace) {
  Version v = Parse("6.10.0-rc5-amd64");
  EXPECT_EQ(v.numbers, (Numbers{6, 10, 0}));
  EXPECT_EQ(*v.rc, 5u);
  EXPECT_EQ(v.distro_suffix, "amd64");

  Version w = Parse("6.1.0-56-amd64 #1");
  EXPECT_EQ(w.distro_suffix, "56-amd64");
}

TEST(ParseVersion, RejectsNonVersions) {
  EXPECT_FALSE(ParseVersion(""));
  EXPECT_FALSE(ParseVersion("amd64"));
  EXPECT_FALSE(ParseVersion("v"));
  EXPECT_FALSE(ParseVersion("99999999999.1"));  // overflows uint32: no silent wrap
}

TEST(CompareUpstream, OrdersReleases) {
  EXPECT_EQ(Parse("6.12.25-amd64").CompareUpstream(Parse("6.12.24-amd64")),
            std::strong_ordering::greater);
  EXPECT_EQ(Parse("6.1").CompareUpstream(Parse("6.1.0")), std::strong_ordering::equal);
  EXPECT_EQ(Parse("6.9.12").CompareUpstream(Parse("6.10.0")), std::strong_ordering::less);
  // The distro suffix does not change the upstream order.
  EXPECT_EQ(Parse("6.8.12-4-pve").CompareUpstream(Parse("6.8.12-amd64")),
            std::strong_ordering::equal);
  EXPECT_EQ(Parse("2.2.6-pve1").CompareUpstream(Parse("2.2.6")), std::strong_ordering::equal);
}

TEST(CompareUpstream, ReleaseCandidatesSortBeforeTheRelease) {
  EXPECT_EQ(Parse("2.3.0-rc5").CompareUpstream(Parse("2.3.0")), std::strong_ordering::less);
  EXPECT_EQ(Parse("2.3.0-rc5").CompareUpstream(Parse("2.3.0-rc4")), std::strong_ordering::greater);
  EXPECT_EQ(Parse("2.3.0-rc5").CompareUpstream(Parse("2.2.7")), std::strong_ordering::greater);
}

TEST(CompareUpstream, SnapshotsSortAfterTheirTag) {
  Version snapshot = Parse("2.2.99-471_g5044c4e3f");
  EXPECT_EQ(snapshot.CompareUpstream(Parse("2.2.99")), std::strong_ordering::greater);
  EXPECT_EQ(snapshot.CompareUpstream(Parse("2.2.99-500_gabcdef01")), std::strong_ordering::less);
  EXPECT_EQ(snapshot.CompareUpstream(Parse("2.3.0-rc1")), std::strong_ordering::less);
}

TEST(CompareWithDistro, UsesBuildNumbers) {
  EXPECT_EQ(Parse("6.1.0-56-amd64").CompareWithDistro(Parse("6.1.0-57-amd64")),
            std::strong_ordering::less);
  EXPECT_EQ(
      Parse("5.14.0-427.13.1.el9_4.x86_64").CompareWithDistro(Parse("5.14.0-427.2.1.el9_4.x86_64")),
      std::strong_ordering::greater);
  EXPECT_EQ(Parse("0.8.3-1ubuntu12").CompareWithDistro(Parse("0.8.3-1ubuntu13")),
            std::strong_ordering::equal);
}

TEST(UpstreamKernelFromBanner, DebianBanner) {
  auto v = UpstreamKernelFromBanner(
      "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "
      "12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP "
      "PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->numbers, (Numbers{6, 1, 192}));
  EXPECT_EQ(v->original, "6.1.192-2");
}

TEST(UpstreamKernelFromBanner, DebianCpuLineAndBackport) {
  auto v = UpstreamKernelFromBanner(
      "CPU: 0 PID: 1 Comm: init Kdump: loaded Tainted: G           OE      6.1.0-56-amd64 #1  "
      "Debian 6.1.192-2");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->numbers, (Numbers{6, 1, 192}));
  auto bpo = UpstreamKernelFromBanner(
      "6.12.25+bpo-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.25-1~bpo12+1 (2025-05-01)");
  ASSERT_TRUE(bpo);
  EXPECT_EQ(bpo->numbers, (Numbers{6, 12, 25}));
}

TEST(UpstreamKernelFromBanner, Ubuntu) {
  auto v = UpstreamKernelFromBanner(
      "Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu "
      "13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP "
      "PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 (Ubuntu 6.8.0-45.45-generic 6.8.12)");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->numbers, (Numbers{6, 8, 12}));
}

TEST(UpstreamKernelFromBanner, NoneForRhelAndProxmox) {
  EXPECT_FALSE(UpstreamKernelFromBanner(
      "Linux version 5.14.0-427.13.1.el9_4.x86_64 (mockbuild@x86-64-01.build.eng.rdu2.redhat.com) "
      "(gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3), GNU ld version 2.35.2-43.el9) #1 SMP "
      "PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024"));
  EXPECT_FALSE(UpstreamKernelFromBanner(
      "Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU "
      "Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)"));
}

}  // namespace
}  // namespace crashsift
