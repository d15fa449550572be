// Kernel and OpenZFS release strings as distributions print them, parsed into
// something comparable: "6.12.25-amd64", "6.8.0-45-generic",
// "5.14.0-427.13.1.el9_4.x86_64", "6.8.12-4-pve", "2.2.6-pve1", "2.3.0-rc5",
// "2.2.99-471_g5044c4e3f" (a master snapshot: git describe form).
//
// Distribution kernels name an ABI, not always the upstream release they are
// built from: Debian's "6.1.0-56-amd64" is the package 6.1.192-2 (the banner
// and the CPU:/Tainted: lines say "Debian 6.1.192-2"), Ubuntu's
// "6.8.0-45-generic" is upstream 6.8.12 (banner "(Ubuntu 6.8.0-45.45-generic
// 6.8.12)"). UpstreamKernelFromBanner() recovers the real upstream version
// from those lines; callers should prefer it over the release when present.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crashsift {

struct Version {
  std::vector<uint32_t> numbers;  // upstream part: {6, 12, 25}
  std::optional<uint32_t> rc;     // "-rc5" -> 5 (a release candidate sorts before the release)
  std::string distro_suffix;      // "amd64", "45-generic", "427.13.1.el9_4.x86_64", "pve1"
  std::vector<uint32_t> distro_numbers;       // leading numbers of the suffix: {45}, {427, 13, 1}
  std::optional<uint32_t> commits_since_tag;  // "2.2.99-471_g5044c4e3f" -> 471
  std::string git_hash;                       // -> "5044c4e3f"
  std::string original;

  // Upstream comparison: numbers (missing trailing parts count as 0, so
  // 6.1 == 6.1.0), then rc (rc < final), then commits since the tag of a
  // git snapshot (absent = 0: 2.2.99 < 2.2.99-471_g...). Distro suffix ignored.
  std::strong_ordering CompareUpstream(const Version& other) const;
  // CompareUpstream, then the leading build numbers of the distro suffix
  // (6.1.0-56-amd64 < 6.1.0-57-amd64). Text after them is not ordered:
  // "0.8.3-1ubuntu12" and "0.8.3-1ubuntu13" compare equal.
  std::strong_ordering CompareWithDistro(const Version& other) const;
  // True for a git snapshot of a development branch ("2.2.99-471_g5044c4e3f").
  bool is_snapshot() const { return commits_since_tag.has_value(); }
  std::string ToString() const { return original; }
  // "6.12.25" / "2.3.0-rc5": the upstream part only.
  std::string UpstreamString() const;
};

// Parses a kernel release ("6.12.25-amd64") or an OpenZFS version ("v2.3.1-1",
// "zfs-2.2.6-pve1"); nullopt when no leading dotted number is present.
// Numbers that overflow uint32 make the parse fail (nullopt), never wrap.
std::optional<Version> ParseVersion(std::string_view text);

// The upstream kernel version a distribution build states in its
// "Linux version ..." banner or "CPU: .. Comm: .. 6.1.0-56-amd64 #1 Debian
// 6.1.192-2" line: "Debian 6.1.192-2" -> 6.1.192-2, "(Ubuntu 6.8.0-45.45-generic
// 6.8.12)" -> 6.8.12. nullopt when the line names none (RHEL, Proxmox and
// upstream builds: their release already is the upstream version).
std::optional<Version> UpstreamKernelFromBanner(std::string_view line);

}  // namespace crashsift
