// notice_headlines: one-line conditions, found by their start or, for the
// firmware tags, wherever a subsystem's prefix puts them.
#include "analyzer/events/notice_headlines.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace crashsift::events {
namespace {

TEST(NoticeHeadlinesTest, TableRowsAndFirmwareTags) {
  ASSERT_TRUE(ClassifyNotice("nf_conntrack: table full, dropping packet"));
  EXPECT_EQ(ClassifyNotice("nf_conntrack: table full, dropping packet")->kind, EventKind::kNotice);
  // drivers/iommu/intel/irq_remapping.c: the tag after the subsystem's prefix,
  // whose first byte no table row starts with.
  ASSERT_TRUE(ClassifyNotice("DMAR-IR: [Firmware Bug]: ioapic 0 has no mapping iommu"));
  EXPECT_TRUE(ClassifyNotice("[Firmware Bug]: TSC doesn't count with P0 frequency!"));
  EXPECT_FALSE(ClassifyNotice("DMAR: Host address width 39"));
  EXPECT_FALSE(ClassifyNotice(""));
  // corpus/wild/logs/gh-rocm-legacy-rocm-build-4909.log: the GPU VM's page fault.
  ASSERT_TRUE(ClassifyNotice(
      "amdgpu 0000:c4:00.0: amdgpu: [gfxhub] page fault (src_id:0 ring:24 vmid:8 pasid:32770)"));
  EXPECT_FALSE(
      ClassifyNotice("amdgpu 0000:c4:00.0: amdgpu: VM_L2_PROTECTION_FAULT_STATUS:0x00000000"));
  // corpus/wild/logs/gh-csrutil-openwrt-nic-drivers-11.log (6.7+ one-line form).
  ASSERT_TRUE(ClassifyNotice(
      "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out 5010 ms"));
  // The Open vSwitch kernel datapath's drops (corpus/logs/library/kernel-ovs-*): the deferred
  // action FIFO by its module prefix, the over-MTU drop after the port's name.
  EXPECT_TRUE(
      ClassifyNotice("openvswitch: ovs-system: deferred action limit reached, drop recirc action"));
  EXPECT_FALSE(ClassifyNotice("openvswitch: Open vSwitch switching datapath"));
  EXPECT_TRUE(ClassifyNotice("tape901c8af-fb: dropped over-mtu packet: 2776 > 1450"));
  EXPECT_FALSE(ClassifyNotice("tape901c8af-fb: entered promiscuous mode"));
}

// The rows of the seven signatures added from the wild corpus's `new:` labels; each line is
// from a library sample, and each near line is one those samples must not turn into a notice.
TEST(NoticeHeadlinesTest, DeviceFaultRows) {
  EXPECT_TRUE(
      ClassifyNotice("iwlwifi 0000:04:00.0: Microcode SW error detected.  Restarting 0x2000000."));
  EXPECT_FALSE(
      ClassifyNotice("iwlwifi 0000:02:00.0: Direct firmware load for iwlwifi-8000C-30.ucode failed "
                     "with error -2"));
  EXPECT_TRUE(
      ClassifyNotice("[drm] GPU HANG: ecode 0:0x87d3bffa, in compton [2243], reason: Ring "
                     "hung, action: reset"));
  EXPECT_FALSE(ClassifyNotice("[drm] GPU crash dump saved to /sys/class/drm/card0/error"));
  EXPECT_TRUE(ClassifyNotice("AMD-Vi: Completion-Wait loop timed out"));
  EXPECT_FALSE(
      ClassifyNotice("AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 "
                     "address=0xfc189000 flags=0x0000]"));
  EXPECT_TRUE(ClassifyNotice(
      "nouveau 0000:01:00.0: fb: trapped write at 0021a92000 on channel 2 [0fa33000 "
      "systemd-logind[449]] engine 00 [PGRAPH] client 0b [PROP] subclient 0c [DST2D] reason "
      "00000002 [PAGE_NOT_PRESENT]"));
  EXPECT_FALSE(ClassifyNotice("nouveau 0000:01:00.0: fb: 1024 MiB GDDR5"));
  EXPECT_TRUE(ClassifyNotice("synosnap: error during reconfigure ioctl handler: -2"));
  EXPECT_FALSE(ClassifyNotice("synosnap: module init"));
}

// The two mid-line tags are looked for in one pass over the line's head, sixteen
// places a step: the whole tag must lie in the head (48 bytes for "[Firmware ",
// 80 for "NETDEV WATCHDOG: "), and the first tag found decides.
TEST(NoticeHeadlinesTest, MidLineTagsOnlyInTheLineHead) {
  const std::string firmware = "[Firmware Bug]: TSC_DEADLINE disabled due to Errata";
  for (size_t pad = 0; pad <= 45; ++pad) {
    std::string line = std::string(pad, '.') + firmware;
    // "[Firmware " (10 bytes) ends at pad + 10: found while that is within 48.
    EXPECT_EQ(ClassifyNotice(line).has_value(), pad + 10 <= 48) << pad;
    // Cut right after the tag's "Bug]: ": still whole; one byte shorter: not a notice.
    EXPECT_EQ(ClassifyNotice(std::string_view(line).substr(0, pad + 16)).has_value(),
              pad + 10 <= 48)
        << pad;
    EXPECT_FALSE(ClassifyNotice(std::string_view(line).substr(0, pad + 15))) << pad;
  }
  EXPECT_TRUE(ClassifyNotice("ACPI: [Firmware Warn]: GPE 0x6f: no handler"));
  // The first "[Firmware " decides: one that is neither Bug nor Warn hides a later one.
  EXPECT_FALSE(ClassifyNotice("x: [Firmware Info]: [Firmware Bug]: y"));
  const std::string watchdog = "NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out 5010 ms";
  for (size_t pad = 0; pad <= 70; ++pad) {
    std::string line = std::string(pad, 'N') + watchdog;
    EXPECT_EQ(ClassifyNotice(line).has_value(), pad + 17 <= 80) << pad;  // "NETDEV WATCHDOG: "
  }
  EXPECT_FALSE(ClassifyNotice("e1000e eth0: NETDEV WATCHDOG: CPU: 1: queue 0 timed out"));
  // Both tags in one line: either one is enough.
  EXPECT_TRUE(ClassifyNotice("[Firmware Info]: NETDEV WATCHDOG: CPU: 0: transmit queue 1 x"));
}

// The rows of kernel-squashfs-error, kernel-pax-size-overflow and kernel-hw-csum-failure; each
// line is from a library sample, each near line one those samples hold or must not match.
TEST(NoticeHeadlinesTest, SquashfsPaxAndChecksumRows) {
  EXPECT_TRUE(ClassifyNotice("SQUASHFS error: xz decompression failed, data probably corrupt"));
  EXPECT_TRUE(ClassifyNotice("SQUASHFS: error: squashfs_read_data failed to read block 0x10d0386"));
  EXPECT_FALSE(ClassifyNotice("squashfs: version 4.0 (2009/01/31) Phillip Lougher"));
  EXPECT_TRUE(ClassifyNotice(
      "PAX: size overflow detected in function dmu_read "
      "/var/tmp/portage/sys-fs/zfs-kmod-0.6.3-r1/"
      "work/zfs-zfs-0.6.3/module/zfs/../../module/zfs/dmu.c:780 cicus.366_143 max, count: 15"));
  EXPECT_FALSE(ClassifyNotice("PAX: offset: 1ffffb000 db->db_offset: 1ffffa000"));
  // The phrase ends the line whatever device name opens it; a CR from a pasted log is trimmed.
  EXPECT_TRUE(ClassifyNotice("(NULL net_device): hw csum failure"));
  EXPECT_TRUE(ClassifyNotice("eth0: hw csum failure\r"));
  EXPECT_FALSE(ClassifyNotice("skb len=76 headroom=164 headlen=76 tailroom=1936"));
}

}  // namespace
}  // namespace crashsift::events
