#include "analyzer/events/notice_headlines.h"

#include <array>

#include "analyzer/events/text_scan.h"

namespace crashsift::events {

std::optional<Headline> ClassifyNotice(std::string_view t) {
  static constexpr struct {
    std::string_view start;
    std::string_view phrase;
  } kNotices[] = {
      {"nf_conntrack: ", "table full, dropping packet"},
      {"ip_conntrack: ", "table full, dropping packet"},
      {"nfs: server ", " not responding"},
      {"amdgpu ", " timeout, signaled seq="},
      {"[drm:amdgpu_job_timedout ", " timeout, signaled seq="},
      // init/do_mounts.c's panic sentence without its "Kernel panic - not syncing: " (a paste
      // transcribed from a screen, the panic line's start lost).
      {"VFS: ", "Unable to mount root fs on"},
      // libata EH resetting a link whose device did not answer (libata-eh.c/libata-core.c),
      // when the "exception Emask" report that opens an io_error group is not in the paste.
      {"ata", ": link is slow to respond, please be patient"},
      {"ata", ": device not ready (errno="},
  };
  // The notices' first bytes: one table look-up rejects the common line.
  static constexpr auto kFirstBytes = [] {
    std::array<bool, 256> first{};
    for (const auto& n : kNotices) first[static_cast<unsigned char>(n.start.front())] = true;
    return first;
  }();
  if (t.empty() || !kFirstBytes[static_cast<unsigned char>(t.front())]) return std::nullopt;
  for (const auto& n : kNotices) {
    // The first byte first: starts_with is a memcmp call.
    if (t.front() != n.start.front()) continue;
    if (t.starts_with(n.start) && scan::Has(t, n.phrase)) {
      return Headline{LineRole::kSingleLine, EventKind::kNotice, 0, scan::Trim(t)};
    }
  }
  return std::nullopt;
}

}  // namespace crashsift::events
