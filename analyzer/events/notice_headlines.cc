#include "analyzer/events/notice_headlines.h"

#include <array>

#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {

namespace {

// include/linux/printk.h's FW_BUG / FW_WARN tags, after the caller's pr_fmt prefix
// ("DMAR-IR: [Firmware Bug]: ioapic 0 has no mapping iommu", "[Firmware Bug]: TSC_DEADLINE
// disabled due to Errata"); a prefix is a subsystem name, so only the line's head is searched.
bool IsFirmwareBugLine(std::string_view t) {
  constexpr size_t kHead = 48;
  size_t at = t.substr(0, kHead).find("[Firmware ");
  if (at == std::string_view::npos) return false;
  std::string_view rest = t.substr(at + 10);
  return rest.starts_with("Bug]: ") || rest.starts_with("Warn]: ");
}

// dev_watchdog() since 6.7 (net/sched/sch_generic.c), one line after the
// driver's netdev prefix: "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3:
// transmit queue 0 timed out 5010 ms" (before, the same words opened a WARN).
bool IsTxTimeoutLine(std::string_view t) {
  constexpr size_t kHead = 80;
  const std::string_view marker =
      kernel_log::MarkerRow(kernel_log::Marker::kNetdevWatchdog).text;  // "NETDEV WATCHDOG: "
  size_t at = t.substr(0, kHead).find(marker);
  if (at == std::string_view::npos) return false;
  std::string_view rest = t.substr(at + marker.size());
  return rest.starts_with("CPU: ") && scan::Has(rest, ": transmit queue ");
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
  // The notices' first bytes: one table look-up rejects the common line.
  static constexpr auto kFirstBytes = [] {
    std::array<bool, 256> first{};
    for (const auto& n : kNotices) first[static_cast<unsigned char>(n.start.front())] = true;
    return first;
  }();
  if (t.empty()) return std::nullopt;
  if (kFirstBytes[static_cast<unsigned char>(t.front())]) {
    for (const auto& n : kNotices) {
      // The first byte first: starts_with is a memcmp call.
      if (t.front() != n.start.front()) continue;
      if (t.starts_with(n.start) && scan::Has(t, n.phrase)) {
        return Headline{LineRole::kSingleLine, EventKind::kNotice, 0, scan::Trim(t)};
      }
    }
  }
  // Not by its first byte: the tag follows a subsystem's prefix ("DMAR-IR: [Firmware Bug]: ..."),
  // or a prefix the reader left on the line.
  if (IsFirmwareBugLine(t) || IsTxTimeoutLine(t) || IsOverMtuDropLine(t) || IsNouveauFaultLine(t) ||
      IsHwCsumFailureLine(t)) {
    return Headline{LineRole::kSingleLine, EventKind::kNotice, 0, scan::Trim(t)};
  }
  return std::nullopt;
}

}  // namespace crashsift::events
