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

// "'>=6.12.25 <6.13', '>=6.15'" for messages.
std::string DescribeRanges(const std::vector<VersionRange>& ranges);

}  // namespace crashsift::matching
