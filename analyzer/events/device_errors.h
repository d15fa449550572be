// Device and filesystem error lines: which ones report an error (block
// layer, SCSI, libata, NVMe, OpenZFS zio; ext4, XFS, Btrfs) and which only
// add detail to one (libata's EH block, NVMe abort/reset progress, an XFS
// buffer dump), and which device or filesystem each names. The splitter
// groups the lines of one device into one event (device_error_groups.h).
//
// Contract: pure functions, no allocation, safe on any bytes. A first-byte
// dispatch rejects ordinary lines before any substring search.
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/events/event_kind.h"

namespace crashsift::events {

struct DeviceLine {
  EventKind kind = EventKind::kIoError;  // kIoError or kFsError
  bool error = false;                    // reports an error (opens a group); false: a detail line
  std::string_view
      family;  // "block", "scsi", "ata", "nvme", "zio", "zpool", "zevent", "ext4", "xfs", "btrfs"
  // As printed ("sda", "ata1.00", "nvme0", "nvme0n1", "vda4", "dm-2"); empty
  // for a detail line that names none (an XFS hex dump row, libata's "res" line
  // printed on a line of its own by old kernels): it joins the newest group of
  // its family.
  std::string_view device;
  // A row inside an error report ("ata1.00: failed command: ..."): it opens a group only when
  // none is open (the report's first line was cut) and is then its one error.
  bool inside_report = false;
};

// Error lines (error = true), as the kernel prints them:
//   block  "I/O error, dev sda, sector 8 op 0x0:(READ) ..." (5.19+),
//          "blk_update_request: I/O error, dev sda, sector 8" / "print_req_error: ..."
//          (4.x-5.18), "end_request: I/O error, dev sda, sector 8" (before 3.x),
//          "Buffer I/O error on dev sda1, logical block 0"
//   scsi   "sd 0:0:0:0: [sda] tag#25 FAILED Result: hostbyte=..." (scsi_print_result),
//          the error handler's "timing out command, waited 180s", "attempting task
//          abort!scmd(...)", "Device offlined - not ready after error recovery",
//          "rejecting I/O to offline device"
//   ata    "ata1.00: exception Emask 0x0 SAct 0x1 SErr 0x0 action 0x6 frozen"
//          (ata_eh_link_report, drivers/ata/libata-eh.c)
//   nvme   "nvme nvme0: I/O 12 QID 5 timeout, aborting" (nvme_timeout,
//          drivers/nvme/host/pci.c; "I/O 900 (I/O Cmd) QID 2" since 6.x),
//          "nvme nvme0: controller is down; will reset: CSTS=0x3, PCI_STATUS=0x10",
//          "nvme0n1: Read(0x2) @ LBA 8, 1 blocks, Unrecovered Read Error (sct 0x2 / sc 0x81)"
//          (nvme_log_error, 5.19+)
//   zio    "zio pool=tank vdev=/dev/sdb1 error=5 type=1 offset=... size=... flags=..."
//   zpool  "WARNING: Pool 'tank' has encountered an uncorrectable I/O failure and has
//          been suspended.", "WARNING: MMP writes to pool 'tank' have not succeeded in
//          over 5s; suspending pool" (also behind SPL's old "SPLError: ...()) " prefix)
//   zevent "zed: eid=78683 class=checksum pool_guid=0x4A33D7952CA15248 vdev_path=/dev/sdb1",
//          "zed: eid=5 class=checksum pool='tank' vdev=sdb1 algorithm=fletcher4 ... err=52"
//          (zed's all-syslog.sh in a journal read without -k; device: the pool)
//   ext4   "EXT4-fs error (device sda): ext4_find_entry:1437: inode #2: comm x: ..."
//          (__ext4_error; also EXT2/EXT3)
//   xfs    "XFS (vda4): Metadata corruption detected at xfs_buf_ioend+0x162/0x570 ...",
//          "XFS (dm-4): Corruption detected. Unmount and run xfs_repair",
//          "XFS (dm-4): Internal error xfs_iunlink_remove at line 2038 of file ...",
//          "XFS (dm-4): xfs_do_force_shutdown(0x1) called from line 1788 ...",
//          "XFS (dm-4): I/O Error Detected. Shutting down filesystem", metadata
//          I/O and log I/O errors
//   btrfs  "BTRFS error (device nvme0n1): bdev /dev/nvme0n1 errs: wr 135, ...",
//          "BTRFS critical (device dm-2): ...", "BTRFS: error (device sda) in ..." (3.x-4.x)
// Detail lines (error = false) of an open group: other "ata1.00: "/"ata1: "
// lines, "nvme nvme0: "/"nvme0n1: " lines, "sd 0:0:0:0: [sda] " lines,
// "EXT4-fs (sda7): " / "EXT4-fs warning (device sda7): ", "XFS (vda4): ",
// "BTRFS warning (device x): ", XFS buffer dump rows ("00000010: 00 00 ...")
// and libata's "res 40/00:10:... Emask 0x4 (timeout)".
std::optional<DeviceLine> ParseDeviceLine(std::string_view text);

// The pool a zed checksum line names: "pool='tank'" (2.1.0+) unquoted, else
// "pool_guid=0x..." (before 2.1.0, or ZED_SYSLOG_DISPLAY_GUIDS=1); empty if neither.
std::string_view ZedPool(std::string_view text);

// The device a group is keyed by: NVMe namespaces belong to their controller
// ("nvme0n1" -> "nvme0"), libata devices to their port ("ata1.00" -> "ata1").
std::string_view GroupDevice(const DeviceLine& line);

// True for the families whose lines are I/O errors of one disk: a block
// layer error for "sda" joins the SCSI lines of "[sda]".
bool IsDiskFamily(std::string_view family);

}  // namespace crashsift::events
