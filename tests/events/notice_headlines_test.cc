// notice_headlines: one-line conditions, found by their start or, for the
// firmware tags, wherever a subsystem's prefix puts them.
#include "analyzer/events/notice_headlines.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crashsift::events
