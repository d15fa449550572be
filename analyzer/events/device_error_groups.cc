#include "analyzer/events/device_error_groups.h"

#include <algorithm>
#include <cmath>

#include "analyzer/core/limits.h"
#include "analyzer/events/event_details.h"

namespace crashsift::events {

std::string_view DeviceErrorGroups::ClassOf(const DeviceLine& d) {
  // A block-layer error of "sda" and the SCSI lines of "[sda]" are one disk;
  // libata ports, zio vdevs and filesystems are keyed on their own.
  return IsDiskFamily(d.family) ? std::string_view("io") : d.family;
}

bool DeviceErrorGroups::Within(const Group& g, const kernel_log::LogRecord& r) {
  // Timestamps are not assumed monotonic (consoles interleave CPUs).
  if (r.monotonic && g.last_time) return std::fabs(*r.monotonic - *g.last_time) <= kWindowSeconds;
  if (r.wall_time && g.last_wall_time) {
    return std::fabs(*r.wall_time - *g.last_wall_time) <= kWindowSeconds;
  }
  return r.line >= g.last_line && r.line - g.last_line <= kWindowLines;
}

void DeviceErrorGroups::Append(Group& g, const kernel_log::LogRecord& r) {
  Event& e = g.event;
  if (e.lines.size() < limits::kMaxEventLines && g.bytes < kMaxGroupBytes) {
    e.lines.push_back(EvidenceLine{r.line, r.text});
    g.bytes += r.text.size();
  } else {
    e.details.try_emplace("evidence_capped", "true");
  }
  e.last_line = std::max({e.last_line, r.line, r.last_line});
  if (r.monotonic) g.last_time = r.monotonic;
  if (r.wall_time) g.last_wall_time = r.wall_time;
  g.last_line = std::max(r.line, r.last_line);
}

DeviceErrorGroups::Group* DeviceErrorGroups::Find(const DeviceLine& d) {
  std::string_view group_class = ClassOf(d);
  Group* newest = nullptr;
  for (Group& g : open_) {
    if (g.group_class != group_class) continue;
    if (d.device.empty()) {
      // A detail line naming no device: the newest group of its family.
      if (!newest || g.last_line > newest->last_line) newest = &g;
    } else if (g.device == GroupDevice(d)) {
      return &g;
    }
  }
  return newest;
}

void DeviceErrorGroups::Close(size_t index, std::vector<Event>& closed) {
  Group& g = open_[index];
  g.event.details["errors"] = std::to_string(g.errors);
  closed.push_back(std::move(g.event));
  open_.erase(open_.begin() + static_cast<ptrdiff_t>(index));
}

void DeviceErrorGroups::Expire(const kernel_log::LogRecord& r, std::vector<Event>& closed) {
  for (size_t i = open_.size(); i-- > 0;) {
    if (!Within(open_[i], r)) Close(i, closed);
  }
}

void DeviceErrorGroups::AddError(const kernel_log::LogRecord& r, const Headline& h,
                                 const DeviceLine& d, uint32_t boot, std::vector<Event>& closed) {
  Group* g = d.device.empty() ? nullptr : Find(d);
  if (g != nullptr && d.inside_report) {
    Append(*g, r);
    return;
  }
  if (g == nullptr) {
    if (open_.size() >= kMaxOpen) {
      auto oldest = std::min_element(
          open_.begin(), open_.end(),
          [](const Group& a, const Group& b) { return a.last_line < b.last_line; });
      Close(static_cast<size_t>(oldest - open_.begin()), closed);
    }
    open_.emplace_back();
    g = &open_.back();
    g->group_class = ClassOf(d);
    g->device = std::string(GroupDevice(d));
    Event& e = g->event;
    e.kind = d.kind;
    e.headline = r.text;
    e.time = r.monotonic;
    e.wall_time = r.wall_time;
    e.boot = boot;
    e.first_line = r.line;
    // libata names the port ("ata1"), as its link messages do, not "ata1.00".
    e.details["dev"] = std::string(d.family == "ata" ? GroupDevice(d) : d.device);
    if (d.kind == EventKind::kFsError) e.details["fs"] = std::string(d.family);
  }
  ++g->errors;
  Append(*g, r);
  ExtractDetails(h, g->event);
}

bool DeviceErrorGroups::AddDetail(const kernel_log::LogRecord& r) {
  auto d = ParseDeviceLine(r.text);
  if (!d) return false;
  Group* g = Find(*d);
  if (g == nullptr) return false;
  Append(*g, r);
  return true;
}

void DeviceErrorGroups::CloseAll(std::vector<Event>& closed) {
  while (!open_.empty()) Close(0, closed);
}

}  // namespace crashsift::events
