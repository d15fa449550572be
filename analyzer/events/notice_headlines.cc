#include "analyzer/events/notice_headlines.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {

namespace {

// Tags that follow a prefix, so not found by the line's first byte. Each is
// looked for in the line's head only: the whole tag within its first `head` bytes.
struct MidLineTag {
  std::string_view tag;
  size_t head;
};
// include/linux/printk.h's FW_BUG / FW_WARN tags, after the caller's pr_fmt prefix
// ("DMAR-IR: [Firmware Bug]: ioapic 0 has no mapping iommu", "[Firmware Bug]: TSC_DEADLINE
// disabled due to Errata"); a prefix is a subsystem name.
constexpr MidLineTag kFirmware{"[Firmware ", 48};
// dev_watchdog() since 6.7 (net/sched/sch_generic.c), one line after the
// driver's netdev prefix: "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3:
// transmit queue 0 timed out 5010 ms" (before, the same words opened a WARN).
MidLineTag TxTimeoutTag() {
  return {kernel_log::MarkerRow(kernel_log::Marker::kNetdevWatchdog).text,  // "NETDEV WATCHDOG: "
          80};
}

// What follows the first tag in the head decides.
bool FirmwareBugAfter(std::string_view rest) {
  return rest.starts_with("Bug]: ") || rest.starts_with("Warn]: ");
}
bool TxTimeoutAfter(std::string_view rest) {
  return rest.starts_with("CPU: ") && scan::Has(rest, ": transmit queue ");
}

// Bit k set when either tag's first two bytes are at t[k] (k <= last <= 63): one pass for both
// tags, sixteen places a step; the last step is read ending at the line's end (overlapping the
// one before), so no byte loop for the tail of a short line.
uint64_t TagStarts(std::string_view t, size_t last, std::string_view a, std::string_view b) {
  uint64_t mask = 0;
  if (t.size() < 17) {
    for (size_t k = 0; k <= last && k + 1 < t.size(); ++k) {
      const bool hit = (t[k] == a[0] && t[k + 1] == a[1]) || (t[k] == b[0] && t[k + 1] == b[1]);
      mask |= uint64_t{hit} << k;
    }
    return mask;
  }
  size_t at = 0;
  for (; at <= last && at + 17 <= t.size(); at += 16) {
    mask |= uint64_t{scan::TwoPairsMask16(t.data() + at, a[0], a[1], b[0], b[1])} << at;
  }
  if (at <= last) {  // the places left, from a step that ends with the line
    const size_t load = t.size() - 17;
    const uint32_t step = scan::TwoPairsMask16(t.data() + load, a[0], a[1], b[0], b[1]);
    mask |= uint64_t{step >> (at - load)} << at;
  }
  return last >= 63 ? mask : mask & ((uint64_t{2} << last) - 1);
}

// True when `t` is a firmware-bug or a tx-timeout notice (boot lines are full of '[' and
// 'N', so two searches for the tags' first bytes found many places to compare).
bool IsMidLineNotice(std::string_view t) {
  const MidLineTag firmware = kFirmware, timeout = TxTimeoutTag();
  // The last place each tag may start at: the whole tag in the line and in its head.
  auto last_start = [&](const MidLineTag& m) -> ptrdiff_t {
    return static_cast<ptrdiff_t>(std::min(t.size(), m.head)) -
           static_cast<ptrdiff_t>(m.tag.size());
  };
  const ptrdiff_t firmware_last = last_start(firmware);
  const ptrdiff_t timeout_last = last_start(timeout);
  const ptrdiff_t last = std::max(firmware_last, timeout_last);
  if (last < 0) return false;
  if (last > 63 || firmware.tag.size() < 2 || timeout.tag.size() < 2 ||
      firmware.tag[0] == timeout.tag[0]) {
    // Heads or tags the one-pass mask does not fit: one search each.
    const size_t f = t.substr(0, firmware.head).find(firmware.tag);
    const size_t w = t.substr(0, timeout.head).find(timeout.tag);
    return (f != std::string_view::npos && FirmwareBugAfter(t.substr(f + firmware.tag.size()))) ||
           (w != std::string_view::npos && TxTimeoutAfter(t.substr(w + timeout.tag.size())));
  }
  bool firmware_seen = false, timeout_seen = false;
  for (uint64_t mask = TagStarts(t, static_cast<size_t>(last), firmware.tag, timeout.tag);
       mask != 0; mask &= mask - 1) {
    const size_t k = static_cast<size_t>(__builtin_ctzll(mask));
    const std::string_view from_k = t.substr(k);
    if (t[k] == firmware.tag[0]) {
      if (firmware_seen || static_cast<ptrdiff_t>(k) > firmware_last) continue;
      if (!from_k.starts_with(firmware.tag)) continue;
      firmware_seen = true;
      if (FirmwareBugAfter(from_k.substr(firmware.tag.size()))) return true;
    } else {
      if (timeout_seen || static_cast<ptrdiff_t>(k) > timeout_last) continue;
      if (!from_k.starts_with(timeout.tag)) continue;
      timeout_seen = true;
      if (TxTimeoutAfter(from_k.substr(timeout.tag.size()))) return true;
    }
  }
  return false;
}

// The Open vSwitch kernel datapath dropping a packet longer than the output port's MTU
// (net/openvswitch/vport.c ovs_vport_send(), net_warn_ratelimited): "tap0e778df8-ca: dropped
// over-mtu packet: 8950 > 1450"; older datapaths printed the datapath's name there, some after
// the module's "openvswitch: " prefix. The line opens with a name, so the phrase is searched in
// the line's head.
bool IsOverMtuDropLine(std::string_view t) {
  constexpr size_t kHead = 80;
  return scan::Has(t.substr(0, kHead), ": dropped over-mtu packet: ");
}

// A nouveau GPU MMU fault: nv50 fb ("nouveau 0000:01:00.0: fb: trapped read at ADDR on channel
// ..."), gf100/gk104 fifo ("fifo: read fault at ...", later "fifo: fault 01 [WRITE] at ...")
// (nvkm/subdev/fb/nv50.c nv50_fb_intr(), nvkm/engine/fifo/gf100.c, gk104.c). Searched in the
// line's head: a stamp cut to "34.782641] " stays on the line when a quote or a line number
// came before it.
bool IsNouveauFaultLine(std::string_view t) {
  constexpr size_t kHead = 40;
  size_t at = t.substr(0, kHead).find("nouveau ");
  if (at == std::string_view::npos) return false;
  std::string_view rest = t.substr(at);
  return scan::Has(rest, ": fb: trapped ") || scan::Has(rest, ": fifo: read fault at ") ||
         scan::Has(rest, ": fifo: write fault at ") || scan::Has(rest, ": fifo: fault ");
}

// A received packet whose CHECKSUM_COMPLETE sum the NIC got wrong (net/core/dev.c
// netdev_rx_csum_fault(): "eth0: hw csum failure" before 5.4, netdev_err() since, which puts the
// driver and bus id or "(NULL net_device)" first; "hw csum failure." on 2.6). The line opens with
// any device name but always ends with the phrase, so its end is compared: no search.
bool IsHwCsumFailureLine(std::string_view t) {
  std::string_view line = text::TrimRight(t, " \t\r");
  if (line.ends_with('.')) line.remove_suffix(1);
  return line.ends_with(": hw csum failure");
}

}  // namespace

std::optional<Headline> ClassifyNotice(std::string_view t) {
  static constexpr struct {
    std::string_view start;
    std::string_view phrase;
  } kNotices[] = {
      {"nf_conntrack: ", "table full, dropping packet"},
      {"ip_conntrack: ", "table full, dropping packet"},
      {"nfs: server ", " not responding"},
      // The same server answering again (fs/nfs, sunrpc's xprt "nfs: server X OK").
      {"nfs: server ", " OK"},
      {"amdgpu ", " timeout, signaled seq="},
      {"[drm:amdgpu_job_timedout ", " timeout, signaled seq="},
      // The GPU VM's page fault (gmc_v9_0.c / gmc_v10_0.c ...): "amdgpu 0000:05:00.0: [gfxhub]
      // retry page fault (src_id:0 ring:0 vmid:1 pasid:32769, for process Xorg ...)", before 5.x
      // "[drm:gmc_v9_0_process_interrupt [amdgpu]] *ERROR* [gfxhub0] no-retry page fault (src_id:".
      {"amdgpu ", "page fault (src_id:"},
      {"[drm:gmc_v", "page fault (src_id:"},
      // init/do_mounts.c's panic sentence without its "Kernel panic - not syncing: " (a paste
      // transcribed from a screen, the panic line's start lost).
      {"VFS: ", "Unable to mount root fs on"},
      // What mount_block_root() prints before that panic (an excerpt cut before it).
      {"List of all partitions:", ":"},
      {"No filesystem could mount root, tried:", ":"},
      // libata EH resetting a link whose device did not answer (libata-eh.c/libata-core.c),
      // when the "exception Emask" report that opens an io_error group is not in the paste.
      {"ata", ": link is slow to respond, please be patient"},
      {"ata", ": device not ready (errno="},
      // qla2xxx probe on a port not in initiator mode (module option qlini_mode): no SCSI scan,
      // so no LUNs (qla_os.c; ql_log_info since 6.1, ql_dbg before).
      {"qla2xxx [", ": skipping scsi_scan_host() for non-initiator port"},
      // ACPICA's ACPI_BIOS_ERROR: the firmware's tables are wrong (utilities/utxferror.c).
      {"ACPI BIOS Error ", "(bug): "},
      // The Open vSwitch kernel datapath's deferred-action FIFO full (pr_warn in
      // net/openvswitch/actions.c, after the module's pr_fmt): "openvswitch: ovs-system:
      // deferred action limit reached, drop recirc action" (or "drop sample action"; since the
      // 2022 patch "openvswitch: Add recirc_id to recirc warning", then "(recirc_id=0x9e)").
      {"openvswitch: ", ": deferred action limit reached"},
      // The Wi-Fi firmware asserted; iwlwifi dumps its error log and restarts it
      // (iwlwifi pcie/rx.c iwl_pcie_irq_handler(): "Microcode SW error detected. Restarting
      // 0x%X.").
      {"iwlwifi ", ": Microcode SW error detected."},
      // i915 hangcheck declared the GPU hung and captured the error state
      // (i915_gpu_error.c: "GPU HANG: ecode %d:%d:0x%08x, in %s [%d], reason: ..."): a bare
      // "[drm] " tag before 4.17, the device prefix since ("i915 0000:00:02.0: [drm] GPU HANG").
      {"[drm] ", "GPU HANG: ecode "},
      {"i915 ", "GPU HANG: ecode "},
      // The AMD IOMMU did not complete a command (drivers/iommu/amd/iommu.c wait_on_sem():
      // "AMD-Vi: Completion-Wait loop timed out", since 6.0 with "IOMMU <seg:bdf>: " inside).
      {"AMD-Vi: ", "Completion-Wait loop timed out"},
      // dattobd and its forks (elastio-snap, Synology's synosnap), block snapshot/change-tracking
      // modules, failing an ioctl or a traced bio (dattobd src: LOG_ERROR "error ...").
      {"datto: ", "error"},
      {"elastio-snap: ", "error"},
      {"synosnap: ", "error"},
      // SquashFS failing to read or decompress a block (fs/squashfs/squashfs.h ERROR():
      // "SQUASHFS error: xz decompression failed, data probably corrupt", "SQUASHFS error:
      // Unable to read fragment cache entry [2dba2]"); OpenWrt's 5.4 kernels print some of them
      // as "SQUASHFS: error: ..." (corpus/logs/library/kernel-squashfs-error).
      {"SQUASHFS error: ", ": "},
      {"SQUASHFS: error: ", ": "},
      // grsecurity/PaX's size_overflow GCC plugin caught an integer overflow in a size
      // computation (report_size_overflow() in the grsecurity patch's fs/exec.c: "PAX: size
      // overflow detected in function %s %s:%u %s", then dump_stack()).
      {"PAX: ", "size overflow detected in function "},
  };
  // The rows each first byte starts (bit i: kNotices[i]): one table look-up
  // rejects the common line, and a line is compared with its byte's rows only.
  static_assert(std::size(kNotices) <= 32);
  static constexpr auto kRowsByFirstByte = [] {
    std::array<uint32_t, 256> rows{};
    for (size_t i = 0; i < std::size(kNotices); ++i) {
      rows[static_cast<unsigned char>(kNotices[i].start.front())] |= uint32_t{1} << i;
    }
    return rows;
  }();
  if (t.empty()) return std::nullopt;
  for (uint32_t rows = kRowsByFirstByte[static_cast<unsigned char>(t.front())]; rows != 0;
       rows &= rows - 1) {
    const auto& n = kNotices[__builtin_ctz(rows)];
    if (t.starts_with(n.start) && scan::Has(t, n.phrase)) {
      return Headline{LineRole::kSingleLine, EventKind::kNotice, 0, scan::Trim(t)};
    }
  }
  // Not by its first byte: the tag follows a subsystem's prefix ("DMAR-IR: [Firmware Bug]: ..."),
  // or a prefix the reader left on the line.
  if (IsMidLineNotice(t) || IsOverMtuDropLine(t) || IsNouveauFaultLine(t) ||
      IsHwCsumFailureLine(t)) {
    return Headline{LineRole::kSingleLine, EventKind::kNotice, 0, scan::Trim(t)};
  }
  return std::nullopt;
}

}  // namespace crashsift::events
