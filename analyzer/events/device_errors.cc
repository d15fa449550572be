#include "analyzer/events/device_errors.h"

#include "analyzer/core/text.h"
#include "analyzer/events/event_headlines.h"
#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

using scan::Has;
using scan::IsDigit;
using scan::Trim;
using scan::ValueOf;

DeviceLine Line(EventKind kind, bool error, std::string_view family, std::string_view device) {
  return DeviceLine{kind, error, family, device};
}

// The text up to `end` after `key` ("(device sda)" -> "sda"); empty when absent.
std::string_view Between(std::string_view t, std::string_view key, char end) {
  size_t at = t.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view rest = t.substr(at + key.size());
  size_t stop = rest.find(end);
  if (stop == std::string_view::npos || stop == 0 || stop > 64) return {};
  return rest.substr(0, stop);
}

// Block layer: "I/O error, dev sda, sector 8", "blk_update_request: I/O error,
// dev sda, ...", "critical medium error, dev sdb, ...", "Buffer I/O error on dev sda1, ...".
std::optional<DeviceLine> Block(std::string_view t) {
  if (t.starts_with("Buffer I/O error on dev ")) {
    std::string_view dev = t.substr(24);
    return Line(EventKind::kIoError, true, "block", dev.substr(0, dev.find(',')));
  }
  size_t dev = t.find(" error, dev ");
  if (dev == std::string_view::npos) return std::nullopt;
  bool prefixed = t.starts_with("blk_update_request: ") || t.starts_with("print_req_error: ") ||
                  t.starts_with("end_request: ");
  if (!prefixed && dev >= 40) return std::nullopt;
  std::string_view name = t.substr(dev + 12);
  name = name.substr(0, name.find(','));
  if (name.empty()) return std::nullopt;
  return Line(EventKind::kIoError, true, "block", name);
}

// libata: "ata1.00: exception Emask ...", "ata1.00: failed command: ...", "ata1: hard resetting
// link".
std::optional<DeviceLine> Ata(std::string_view t) {
  if (!t.starts_with("ata")) return std::nullopt;
  size_t i = 3;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == 3) return std::nullopt;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && IsDigit(t[i])) ++i;
  }
  if (i + 1 >= t.size() || t[i] != ':' || t[i + 1] != ' ') return std::nullopt;
  std::string_view what = t.substr(i + 2);
  // EH's reset steps are notices (notice_headlines.cc) unless an exception opened a group.
  if (what.starts_with("link is slow to respond") || what.starts_with("device not ready ("))
    return std::nullopt;
  // "failed command: READ FPDMA QUEUED" is printed only inside EH's report of a failed command:
  // a paste cut after its "exception Emask" line still shows the error.
  bool failed_command = what.starts_with("failed command: ");
  DeviceLine line = Line(EventKind::kIoError, failed_command || what.starts_with("exception Emask"),
                         "ata", t.substr(0, i));
  line.inside_report = failed_command;
  return line;
}

// NVMe: "nvme nvme0: I/O 12 QID 5 timeout, aborting", "nvme0n1: Read(0x2) @ LBA ...".
std::optional<DeviceLine> Nvme(std::string_view t) {
  bool controller = t.starts_with("nvme nvme");
  std::string_view name = controller ? t.substr(5) : t;
  if (!name.starts_with("nvme")) return std::nullopt;
  size_t i = 4;
  while (i < name.size() && (IsDigit(name[i]) || name[i] == 'n' || name[i] == 'p')) ++i;
  if (i == 4 || !IsDigit(name[4]) || i + 1 >= name.size() || name[i] != ':' || name[i + 1] != ' ') {
    return std::nullopt;
  }
  std::string_view rest = name.substr(i + 2);
  bool error = false;
  if (controller) {
    error = (rest.starts_with("I/O ") && Has(rest, " QID ") && Has(rest, " timeout")) ||
            rest.starts_with("controller is down");
  } else {
    error = Has(rest, " @ LBA ") && Has(rest, "(sct 0x");
  }
  return Line(EventKind::kIoError, error, "nvme", name.substr(0, i));
}

// The SCSI error handler at work on a disk whose command timed out
// (drivers/scsi/scsi_error.c, scsi_lib.c, the mpt3sas/megaraid task-abort
// path): "sd 2:0:0:0: timing out command, waited 180s", "sd 11:0:5:0:
// attempting task abort!scmd(...)", "sd 0:0:0:0: Device offlined - not ready
// after error recovery", "sd 0:0:0:0: rejecting I/O to offline device".
bool IsScsiErrorHandling(std::string_view t) {
  static constexpr std::string_view kPhrases[] = {
      "timing out command, waited",
      "attempting task abort",
      "Device offlined - not ready after error recovery",
      "rejecting I/O to offline device",
  };
  for (std::string_view phrase : kPhrases) {
    if (Has(t, phrase)) return true;
  }
  return false;
}

// SCSI disk: "sd 0:0:0:0: [sda] tag#25 FAILED Result: hostbyte=DID_OK ...";
// 2.6 kernels name no disk: "sd 3:0:1:42: SCSI error: return code = 0x00010000",
// "sd 3:0:1:42: Unhandled error code" (the H:C:T:L address is the device).
std::optional<DeviceLine> Scsi(std::string_view t) {
  if (!t.starts_with("sd ")) return std::nullopt;
  std::string_view dev = Between(t, ": [", ']');
  if (dev.empty() || !dev.starts_with("sd")) {
    std::string_view address =
        t.substr(3, t.find(": ") == std::string_view::npos ? 0 : t.find(": ") - 3);
    if (address.empty() || !IsDigit(address.front()) || address.find(' ') != address.npos)
      return std::nullopt;
    dev = t.substr(0, 3 + address.size());
  }
  bool error = Has(t, "FAILED Result") || Has(t, "Unhandled sense code") ||
               Has(t, "Unhandled error code") || Has(t, "SCSI error: return code") ||
               IsScsiErrorHandling(t);
  return Line(EventKind::kIoError, error, "scsi", dev);
}

// "EXT4-fs error (device sda): ...", "EXT4-fs (sda7): ...", "EXT4-fs warning (device sda7): ...".
std::optional<DeviceLine> Ext(std::string_view t) {
  if (!t.starts_with("EXT") || t.size() < 9 || !IsDigit(t[3]) || !t.substr(4).starts_with("-fs ")) {
    return std::nullopt;
  }
  std::string_view rest = t.substr(8);
  std::string_view family = t[3] == '4' ? "ext4" : (t[3] == '3' ? "ext3" : "ext2");
  if (rest.starts_with("error (device ")) {
    return Line(EventKind::kFsError, true, family, Between(rest, "(device ", ')'));
  }
  if (rest.starts_with("warning (device ")) {
    return Line(EventKind::kFsError, false, family, Between(rest, "(device ", ')'));
  }
  if (rest.starts_with("("))
    return Line(EventKind::kFsError, false, family, Between(rest, "(", ')'));
  return std::nullopt;
}

// "XFS (vda4): Metadata corruption detected at ...": the xfs_alert() messages
// of corruption, internal errors, failed metadata/log I/O and forced shutdowns.
std::optional<DeviceLine> Xfs(std::string_view t) {
  if (!t.starts_with("XFS (")) return std::nullopt;
  std::string_view dev = Between(t, "XFS (", ')');
  if (dev.empty() || !t.substr(5 + dev.size()).starts_with("): ")) return std::nullopt;
  std::string_view rest = t.substr(5 + dev.size() + 3);
  static constexpr std::string_view kErrors[] = {
      "orruption", "Internal error", "xfs_do_force_shutdown", "Shutting down filesystem",
      "I/O error", "I/O Error",      "has been shut down",    "writeback error",
  };
  bool error = false;
  for (std::string_view e : kErrors) error = error || Has(rest, e);
  return Line(EventKind::kFsError, error, "xfs", dev);
}

// XFS before 2.6.35 named the filesystem in quotes, with no "XFS (dev):"
// prefix: 'I/O error in filesystem ("sda2") meta-data dev sda2 block 0xf054f4
// ("xlog_iodone") error 5 buf count 32768', 'xfs_force_shutdown(sda2,0x2)
// called from line 956 of file fs/xfs/xfs_log.c.'
std::optional<DeviceLine> OldXfs(std::string_view t) {
  if (t.starts_with("I/O error in filesystem (\"")) {
    // The failed I/O of a disk (grouped with its block-layer lines), apart
    // from the shutdown that follows it.
    return Line(EventKind::kIoError, true, "block", Between(t, "(\"", '"'));
  }
  if (t.starts_with("xfs_force_shutdown(")) {
    return Line(EventKind::kFsError, true, "xfs", Between(t, "(", ','));
  }
  return std::nullopt;
}

// md RAID failing a member: "md/raid:md0: Disk failure on sdb1, disabling
// device.", "md/raid1:mdX: Disk failure on dm-25, ...", 2.6's "raid1: Disk
// failure on sdc1, disabling device." (drivers/md/raid{1,5,10}.c).
std::optional<DeviceLine> MdDiskFailure(std::string_view t) {
  size_t at = t.find(": Disk failure on ");
  if (at == std::string_view::npos || at > 40) return std::nullopt;
  if (!t.starts_with("md/raid") && !t.starts_with("raid")) return std::nullopt;
  std::string_view rest = t.substr(at + 18);
  return Line(EventKind::kIoError, true, "md", rest.substr(0, rest.find(',')));
}

// "BTRFS error (device dm-2): bad tree block start 0 21037056", "BTRFS: error
// (device sda) in ..." (before 4.x's per-level prefix).
std::optional<DeviceLine> Btrfs(std::string_view t) {
  if (!t.starts_with("BTRFS")) return std::nullopt;
  std::string_view rest = t.substr(5);
  if (rest.starts_with(":")) rest.remove_prefix(1);
  rest = Trim(rest);
  bool error = rest.starts_with("error (device ") || rest.starts_with("critical (device ");
  if (!error && !rest.starts_with("warning (device ")) return std::nullopt;
  std::string_view dev = Between(rest, "(device ", ')');
  if (dev.empty()) return std::nullopt;
  return Line(EventKind::kFsError, error, "btrfs", dev);
}

// OpenZFS suspends a pool it cannot write to (zio_suspend(), module/zfs/zio.c;
// mmp.c for multihost): "WARNING: Pool 'tank' has encountered an uncorrectable
// I/O failure and has been suspended." ("... and the failure mode property
// for this pool is set to panic." with failmode=panic), "WARNING: MMP writes
// to pool 'tank' have not succeeded in over 5s; suspending pool". SPL before
// 0.6.4 prefixed cmn_err() messages: "SPLError: 3525:0:(spl-err.c:67:vcmn_err())
// WARNING: Pool ...".
std::optional<DeviceLine> ZfsPool(std::string_view t) {
  if (t.starts_with("SPLError: ")) t = SplErrorMessage(t);
  std::string_view warning = kernel_log::MarkerText(kernel_log::Marker::kWarning);
  if (!t.starts_with(warning)) return std::nullopt;
  std::string_view rest = t.substr(warning.size());
  std::string_view pool;
  if (rest.starts_with("Pool '") && Has(rest, "uncorrectable I/O failure")) {
    pool = Between(rest, "Pool '", '\'');
  } else if (rest.starts_with("MMP writes to pool '") && Has(rest, "suspending pool")) {
    pool = Between(rest, "pool '", '\'');
  }
  if (pool.empty()) return std::nullopt;
  return Line(EventKind::kIoError, true, "zpool", pool);
}

// OpenZFS reports checksum errors as zevents only: vdev_disk_error()
// (module/os/linux/zfs/vdev_disk.c) prints "zio ... error=N" for block-layer
// completion errors, never for a checksum mismatch (its error=52, EBADE, is
// BLK_STS_NEXUS / a reservation conflict). zed's all-syslog.sh zedlet logs
// each zevent, and a journal read without -k keeps the line as "zed: ...":
// "zed: eid=78683 class=checksum pool_guid=0x4A33D7952CA15248
// vdev_path=/dev/disk/by-id/...-part1" (before 2.1.0), "zed: eid=5 class=checksum
// pool='tank' vdev=sda1 algorithm=fletcher4 size=... err=52 ..." (2.1.0+,
// 13d65987a9; pool_guid=/vdev_guid= with ZED_SYSLOG_DISPLAY_GUIDS=1). The
// lines of one pool are one storm: keyed by the pool, not the vdev.
std::optional<DeviceLine> ZedChecksum(std::string_view t) {
  if (!t.starts_with("zed: eid=")) return std::nullopt;
  if (!Has(t, " class=checksum ") && !t.ends_with(" class=checksum")) return std::nullopt;
  return Line(EventKind::kIoError, true, "zevent", ZedPool(t));
}

// print_hex_dump(DUMP_PREFIX_OFFSET) rows of a corrupted XFS buffer:
// "00000010: 00 00 00 00 ...".
bool IsOffsetHexRow(std::string_view t) {
  if (t.size() < 14 || t[8] != ':' || t[9] != ' ') return false;
  for (size_t i = 0; i < 8; ++i) {
    if (!text::IsHexDigit(t[i])) return false;
  }
  return text::IsHexDigit(t[10]) && text::IsHexDigit(t[11]) && t[12] == ' ';
}

}  // namespace

std::optional<DeviceLine> ParseDeviceLine(std::string_view text) {
  std::string_view t = text;
  if (t.empty()) return std::nullopt;
  switch (t.front()) {
    case 'a':
      return Ata(t);
    case 'n':
      return Nvme(t);
    case 's':
      return Scsi(t);
    case 'z':
      if (!t.starts_with("zio pool=")) return ZedChecksum(t);
      {
        std::string_view vdev = ValueOf(t, "vdev=");
        return Line(EventKind::kIoError, true, "zio", vdev.empty() ? ValueOf(t, "pool=") : vdev);
      }
    case 'E':
      return Ext(t);
    case 'X':
      return Xfs(t);
    case 'W':
      return ZfsPool(t);
    case 'S':
      return t.starts_with("SPLError: ") ? ZfsPool(t) : std::nullopt;
    case 'B':
      if (t.starts_with("BTRFS")) return Btrfs(t);
      return Block(t);
    case 'x':
      return OldXfs(t);
    case 'm':
    case 'r':
      if (auto md = MdDiskFailure(t)) return md;
      if (t.front() == 'm') return std::nullopt;
      [[fallthrough]];
    case ' ': {
      // libata's "res" line: part of the "cmd" record (indented), or a line of
      // its own on old kernels.
      std::string_view trimmed = Trim(t);
      if (trimmed.starts_with("res ") && Has(trimmed, "Emask")) {
        return Line(EventKind::kIoError, false, "ata", {});
      }
      return std::nullopt;
    }
    case 'I':
      if (auto xfs = OldXfs(t)) return xfs;
      return Block(t);
    case 'b':
    case 'p':
    case 'e':
    case 'c':
      return Block(t);
    default:
      if (text::IsHexDigit(t.front()) && IsOffsetHexRow(t))
        return Line(EventKind::kFsError, false, "xfs", {});
      return std::nullopt;
  }
}

std::string_view ZedPool(std::string_view text) {
  std::string_view pool = ValueOf(text, "pool=");
  if (pool.size() >= 2 && pool.front() == '\'' && pool.back() == '\'') {
    pool = pool.substr(1, pool.size() - 2);
  }
  return pool.empty() ? ValueOf(text, "pool_guid=") : pool;
}

std::string_view GroupDevice(const DeviceLine& line) {
  std::string_view d = line.device;
  if (line.family == "ata") return d.substr(0, d.find('.'));
  if (d.starts_with("nvme") && d.size() > 4 && IsDigit(d[4])) {
    size_t i = 4;
    while (i < d.size() && IsDigit(d[i])) ++i;
    return d.substr(0, i);  // "nvme0n1p2" -> "nvme0"
  }
  return d;
}

bool IsDiskFamily(std::string_view family) {
  return family == "block" || family == "scsi" || family == "nvme";
}

}  // namespace crashsift::events
