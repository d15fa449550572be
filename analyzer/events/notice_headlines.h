// Notices: one-line conditions the kernel reports without a stack, each an
// event of its own (EventKind::kNotice), kept as a table of message starts
// and the phrase each must hold.
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/events/event_headlines.h"

namespace crashsift::events {

// One-line conditions (EventKind::kNotice): the message's own start and a
// phrase it must hold. net/netfilter/nf_conntrack_core.c prints "nf_conntrack:
// table full, dropping packet" (net_ratelimit; 4.x+ repeats the prefix:
// "nf_conntrack: nf_conntrack: table full", 2.6 "ip_conntrack: table full");
// fs/nfs/client.c, sunrpc "nfs: server X not responding, still trying" (or
// ", timed out") and "nfs: server X OK" when it answers again;
// amdgpu_job_timedout() "ring gfx_0.0.0 timeout, signaled seq=N, emitted
// seq=M", as "[drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring ..." before 6.x
// and with the device prefix "amdgpu 0000:03:00.0: [amdgpu: ]ring ..." since;
// firmware defects the kernel names: printk.h's "[Firmware Bug]: " and
// "[Firmware Warn]: " tags (after a pr_fmt prefix) and ACPICA's "ACPI BIOS
// Error (bug): "; the Open vSwitch kernel datapath's drops: "openvswitch: ovs-system:
// deferred action limit reached, drop recirc action" and "tapXXX: dropped over-mtu packet:
// 8950 > 1450".
std::optional<Headline> ClassifyNotice(std::string_view t);

}  // namespace crashsift::events
