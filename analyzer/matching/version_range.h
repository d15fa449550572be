// Version ranges as written in signature files: comparisons joined by spaces
// or commas, all of which must hold ('>=6.12.25 <6.13', '>=6.15-rc3',
// '>=2.2.99-458_g5044c4e3ff <2.2.99-508_g34906f8bbe'). Versions compare on
// their upstream part (Version::CompareUpstream): distro suffixes are
// ignored, -rcN sorts before the release, git snapshots by commit count.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/version.h"

namespace crashsift::matching {

enum class CompareOp { kLess, kLessEqual, kEqual, kGreaterEqual, kGreater };

struct VersionBound {
  CompareOp op = CompareOp::kEqual;
  Version version;
};

struct VersionRange {
  std::vector<VersionBound> bounds;  // all must hold
  std::string text;                  // as written

  bool Contains(const Version& version) const;
};

// Parses one range; on failure returns nullopt and sets `error` to a reason
// ("'6.x' is not a version").
std::optional<VersionRange> ParseVersionRange(std::string_view text, std::string& error);

// True when `version` is inside any of `ranges`.
bool InAnyRange(const std::vector<VersionRange>& ranges, const Version& version);

enum class RangeVerdict { kInside, kOutside, kUnknown };

// A kernel against ranges, knowing what its release string can tell.
// `upstream_known`: the version is the upstream release (a banner said so, or
// the release has a stable level: "6.12.25-amd64", "6.8.12-4-pve").
// Otherwise a distribution release names only its base ("6.14.0-15-generic",
// "6.1.0-56-amd64" without Debian's banner): the stable patches it carries
// are unknown, so a range that starts or ends inside that series gives
// kUnknown; RHEL builds ("5.14.0-427.13.1.el9_4") backport from later series,
// so any range gives kUnknown. `why_unknown` then says so.
RangeVerdict KernelInRanges(const std::vector<VersionRange>& ranges, const Version& kernel,
                            bool upstream_known, std::string* why_unknown);

// An OpenZFS version against ranges. A development build ("2.2.99",
// "2.2.99-1" from a package) without its git describe count cannot be placed
// against a bound that is a snapshot of the same series
// ("2.2.99-458_g5044c4e3ff"): kUnknown, with `why_unknown` saying so.
RangeVerdict ZfsInRanges(const std::vector<VersionRange>& ranges, const Version& zfs,
                         std::string* why_unknown);

// True for a kernel release whose upstream part is only the base of a
// distribution build (see KernelInRanges).
bool KernelNamesOnlyItsBase(const Version& kernel);

// "'>=6.12.25 <6.13', '>=6.15'" for messages.
std::string DescribeRanges(const std::vector<VersionRange>& ranges);

}  // namespace crashsift::matching
