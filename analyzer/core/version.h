// Kernel and OpenZFS release strings as distributions print them, parsed into
// something comparable: "6.12.25-amd64", "6.8.0-45-generic",
// "5.14.0-427.13.1.el9_4.x86_64", "6.8.12-4-pve", "2.2.6-pve1", "2.3.0-rc5",
// "2.2.99-471_g5044c4e3f" (a master snapshot: git describe form).
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
  std::vector<uint32_t> distro_numbers;  // leading numbers of the suffix: {45}, {427, 13, 1}
  std::optional<uint32_t> commits_since_tag;  // "2.2.99-471_g5044c4e3f" -> 471
  std::string git_hash;                       // -> "5044c4e3f"
  std::string original;

  // Upstream comparison: numbers, then rc (rc < final). Distro suffix ignored.
  std::strong_ordering CompareUpstream(const Version& other) const;
  std::string ToString() const { return original; }
};

// Parses a kernel release ("6.12.25-amd64") or an OpenZFS version ("v2.3.1-1");
// nullopt when no leading dotted number is present.
std::optional<Version> ParseVersion(std::string_view text);

}  // namespace crashsift
