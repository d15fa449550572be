// The line-prefix rule (analyzer/kernel_log/line_prefix.h) on real lines of
// the wild corpus's dev split (corpus/wild/index.tsv names each source); the
// expected message and stamp were read off the lines.
#include "analyzer/kernel_log/line_prefix.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace crashsift::kernel_log {
namespace {

struct PrefixCase {
  const char* source;  // corpus/wild/logs/<source>
  const char* line;
  const char* text;  // the kernel message after the prefixes
  std::optional<double> monotonic;
};

class PeelKernelPrefixTest : public ::testing::TestWithParam<PrefixCase> {};

TEST_P(PeelKernelPrefixTest, FindsTheKernelMessage) {
  const PrefixCase& c = GetParam();
  ParsedLine p;
  ASSERT_TRUE(PeelKernelPrefix(c.line, p)) << c.source;
  EXPECT_EQ(p.text, c.text) << c.source;
  if (c.monotonic) {
    ASSERT_TRUE(p.monotonic.has_value()) << c.source;
    EXPECT_NEAR(*p.monotonic, *c.monotonic, 1e-6) << c.source;
  }
}

const PrefixCase kCases[] = {
    {"gh-alibaba-diagnose-tools-107.log (editor line number)",
     "11745 [46223316.649832] Kernel panic - not syncing: Hard LOCKUP",
     "Kernel panic - not syncing: Hard LOCKUP", 46223316.649832},
    {"gh-openzfs-zfs-9172.log (syslog, blanks collapsed: 'Mar 1')",
     "Mar 1 20:47:38 spvss-ptdca1 kernel: INFO: task nfsd:8218 blocked for more than 900 seconds.",
     "INFO: task nfsd:8218 blocked for more than 900 seconds.", std::nullopt},
    {"gh-coolsnowwolf-lede-7860.log (OpenWrt logread)",
     "Wed Sep 15 04:06:35 2021 kern.warn kernel: [ 9665.399682] WARNING: CPU: 3 PID: 4886 at "
     "kthread_is_per_cpu+0x20/0x40",
     "WARNING: CPU: 3 PID: 4886 at kthread_is_per_cpu+0x20/0x40", 9665.399682},
    {"gh-thesofproject-linux-1326.log (bare 'kernel:')",
     "kernel: [    3.294587] WARNING: CPU: 3 PID: 295 at "
     "drivers/gpu/drm/i915/display/intel_bw.c:125 icl_get_bw_info+0x48e/0x540 [i915]",
     "WARNING: CPU: 3 PID: 295 at drivers/gpu/drm/i915/display/intel_bw.c:125 "
     "icl_get_bw_info+0x48e/0x540 [i915]",
     3.294587},
    {"gh-tempesta-tech-tempesta-2262.log (syslog host, no ident)",
     "Dec 20 04:19:39 192.168.50.130 [24876.683186] BUG: unable to handle page fault for address: "
     "000000006764f0a3",
     "BUG: unable to handle page fault for address: 000000006764f0a3", 24876.683186},
    {"gh-irati-stack-396.log (syslogd wall message)",
     " kernel:[ 1044.858108] BUG: soft lockup - CPU#5 stuck for 23s! [modprobe:4176]",
     "BUG: soft lockup - CPU#5 stuck for 23s! [modprobe:4176]", 1044.858108},
    {"issue 8's clipped first line (stamp cut by the paste)",
     "912.004511] bash invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0",
     "bash invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0", std::nullopt},
    {"issue 8's clipped first line (only the fraction left)",
     ".331207] INFO: task X:123 blocked for more than 120 seconds.",
     "INFO: task X:123 blocked for more than 120 seconds.", std::nullopt},
    {"ml-xfs-2009-october-004285.log (printk level in a mail quote)",
     ">   <5>xfs_force_shutdown(sda2,0x2) called from line 956 of file",
     "xfs_force_shutdown(sda2,0x2) called from line 956 of file", std::nullopt},
};

INSTANTIATE_TEST_SUITE_P(Wild, PeelKernelPrefixTest, ::testing::ValuesIn(kCases));

TEST(PeelKernelPrefix, AClippedStampIsSaidAndNoTimeIsInvented) {
  ParsedLine p;
  ASSERT_TRUE(PeelKernelPrefix("912.004511] bash invoked oom-killer: order=0", p));
  EXPECT_TRUE(p.clipped);
  EXPECT_FALSE(p.monotonic.has_value());
  ASSERT_TRUE(PeelKernelPrefix("[  912.004511] bash invoked oom-killer: order=0", p));
  EXPECT_FALSE(p.clipped);
  EXPECT_FALSE(PeelKernelPrefix("12] not a stamp", p));
}

TEST(PeelKernelPrefix, ProseIsNoKernelLine) {
  ParsedLine p;
  EXPECT_FALSE(PeelKernelPrefix("I see this after a few hours of uptime:", p));
  EXPECT_FALSE(PeelKernelPrefix("Sep 12 10:00:01 host CRON[123]: (root) CMD (run-parts)", p));
}

// Issue 8 class 8, with the issue's own example line (hand-made: no real
// sample of it is in the dev split): a report marker that user-space output
// runs into mid-line.
TEST(FindStampedMarkerMidLine, AMarkerAfterOtherOutputIsFound) {
  ParsedLine p;
  ASSERT_TRUE(FindStampedMarkerMidLine(
      "...some daemon output[   30.4] Kernel panic - not syncing: Attempted to kill init!", p));
  EXPECT_EQ(p.text, "Kernel panic - not syncing: Attempted to kill init!");
  ASSERT_TRUE(p.monotonic.has_value());
  EXPECT_NEAR(*p.monotonic, 30.4, 1e-9);
  EXPECT_FALSE(FindStampedMarkerMidLine("values [1.5] and [2.5] are plain text", p));
}

// StartsKernelReport reads the kStartsReport rows of the marker table: a
// marker at the line's start, or after the task's comm; not any "WARNING: ".
TEST(StartsKernelReport, TheTablesStartsReportRows) {
  EXPECT_TRUE(StartsKernelReport("BUG: unable to handle kernel NULL pointer dereference at 0"));
  EXPECT_TRUE(StartsKernelReport("watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [a:1]"));
  EXPECT_TRUE(StartsKernelReport("WARNING: CPU: 1 PID: 6576 at fs/inode.c:12 f+0x1/0x2"));
  EXPECT_TRUE(StartsKernelReport("java: page allocation failure: order:0, mode:0x20"));
  EXPECT_TRUE(StartsKernelReport("chrome invoked oom-killer: gfp_mask=0x201da, order=0"));
  EXPECT_TRUE(
      StartsKernelReport("kmem_cache_destroy tfw_conn_cache: Slab cache still has objects"));
  EXPECT_FALSE(StartsKernelReport("kmem_cache_destroy tfw_conn_cache"));
  EXPECT_FALSE(StartsKernelReport("WARNING: the mand mount option is being deprecated"));
  EXPECT_FALSE(StartsKernelReport("a long first word that is not a comm invoked oom-killer:"));
}

}  // namespace
}  // namespace crashsift::kernel_log
