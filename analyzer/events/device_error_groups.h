// DeviceErrorGroups: turns storms of device and filesystem error lines into
// one event per device. A failing disk prints the same I/O error thousands of
// times, libata prints a dozen lines per exception, XFS a hex dump after its
// corruption message: each run of lines for one device (block/SCSI/NVMe/
// libata/zio, or one ext4/XFS/Btrfs filesystem) becomes a single io_error or
// fs_error event whose evidence holds every line, until the device has been
// quiet for kWindowSeconds (kWindowLines lines when the log has no times).
//
// Contract:
//  - Lines of a device are grouped whatever printk caller printed them and
//    whatever else is printed in between (a hung-task report, other devices).
//  - A group opens only on an error line (DeviceLine::error); detail lines
//    join an open group of their device and are otherwise ignored.
//  - Memory is bounded: at most kMaxOpen groups are open (the oldest is
//    closed first), each keeps at most limits::kMaxEventLines lines and
//    kMaxGroupBytes bytes of evidence and then only counts ("errors",
//    "evidence_capped" details).
//  - Closed groups are appended to the caller's vector; nothing is lost on
//    CloseAll().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/events/device_errors.h"
#include "analyzer/events/event.h"
#include "analyzer/events/event_headlines.h"
#include "analyzer/kernel_log/log_record.h"

namespace crashsift::events {

class DeviceErrorGroups {
 public:
  static constexpr size_t kMaxOpen = 16;
  // Recovery of one device prints its steps up to a command timeout apart
  // (nvme_core.io_timeout and the SCSI disk timeout are 30 s by default).
  static constexpr double kWindowSeconds = 60;
  static constexpr uint64_t kWindowLines = 64;
  static constexpr size_t kMaxGroupBytes = 1 << 20;

  bool empty() const { return open_.empty(); }

  // Closes (into `closed`) the groups `r` comes too late for. Call first for
  // every record while a group is open.
  void Expire(const kernel_log::LogRecord& r, std::vector<Event>& closed);

  // An error line: joins the open group of its device or opens one.
  void AddError(const kernel_log::LogRecord& r, const Headline& h, const DeviceLine& d,
                uint32_t boot, std::vector<Event>& closed);

  // A line that is no headline: true when it is a detail line of an open
  // group (then it was added to it).
  bool AddDetail(const kernel_log::LogRecord& r);

  void CloseAll(std::vector<Event>& closed);

 private:
  struct Group {
    std::string_view group_class;  // "io" for disks, else the family
    std::string device;            // GroupDevice()
    Event event;
    size_t bytes = 0;
    uint64_t errors = 0;
    std::optional<double> last_time;
    std::optional<double> last_wall_time;
    uint64_t last_line = 0;
  };

  static std::string_view ClassOf(const DeviceLine& d);
  static bool Within(const Group& g, const kernel_log::LogRecord& r);
  static void Append(Group& g, const kernel_log::LogRecord& r);
  Group* Find(const DeviceLine& d);
  void Close(size_t index, std::vector<Event>& closed);

  std::vector<Group> open_;
};

}  // namespace crashsift::events
