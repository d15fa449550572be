#include "analyzer/matching/version_range.h"

namespace crashsift::matching {

bool VersionRange::Contains(const Version& version) const {
  for (const VersionBound& b : bounds) {
    auto c = version.CompareUpstream(b.version);
    bool ok = false;
    switch (b.op) {
      case CompareOp::kLess:
        ok = c < 0;
        break;
      case CompareOp::kLessEqual:
        ok = c <= 0;
        break;
      case CompareOp::kEqual:
        ok = c == 0;
        break;
      case CompareOp::kGreaterEqual:
        ok = c >= 0;
        break;
      case CompareOp::kGreater:
        ok = c > 0;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

std::optional<VersionRange> ParseVersionRange(std::string_view text, std::string& error) {
  VersionRange range;
  range.text = std::string(text);
  size_t pos = 0;
  auto is_sep = [](char c) { return c == ' ' || c == ',' || c == '\t'; };
  while (pos < text.size()) {
    while (pos < text.size() && is_sep(text[pos])) ++pos;
    if (pos >= text.size()) break;
    size_t end = pos;
    while (end < text.size() && !is_sep(text[end])) ++end;
    std::string_view word = text.substr(pos, end - pos);
    pos = end;
    VersionBound bound;
    if (word.starts_with(">=")) {
      bound.op = CompareOp::kGreaterEqual, word.remove_prefix(2);
    } else if (word.starts_with("<=")) {
      bound.op = CompareOp::kLessEqual, word.remove_prefix(2);
    } else if (word.starts_with("==")) {
      bound.op = CompareOp::kEqual, word.remove_prefix(2);
    } else if (word.starts_with(">")) {
      bound.op = CompareOp::kGreater, word.remove_prefix(1);
    } else if (word.starts_with("<")) {
      bound.op = CompareOp::kLess, word.remove_prefix(1);
    } else if (word.starts_with("=")) {
      bound.op = CompareOp::kEqual, word.remove_prefix(1);
    } else {
      error = "'" + std::string(word) + "' has no comparison operator (>=, >, <=, <, =)";
      return std::nullopt;
    }
    if (word.empty()) {
      error = "an operator without a version";
      return std::nullopt;
    }
    std::optional<Version> v = ParseVersion(word);
    if (!v) {
      error = "'" + std::string(word) + "' is not a version";
      return std::nullopt;
    }
    bound.version = std::move(*v);
    range.bounds.push_back(std::move(bound));
  }
  if (range.bounds.empty()) {
    error = "empty version range";
    return std::nullopt;
  }
  return range;
}

bool InAnyRange(const std::vector<VersionRange>& ranges, const Version& version) {
  for (const VersionRange& r : ranges) {
    if (r.Contains(version)) return true;
  }
  return false;
}

bool KernelNamesOnlyItsBase(const Version& kernel) {
  if (kernel.distro_suffix.empty()) return false;
  if (kernel.distro_suffix.find(".el") != std::string::npos) return true;
  return kernel.numbers.size() < 3 || kernel.numbers[2] == 0;
}

RangeVerdict KernelInRanges(const std::vector<VersionRange>& ranges, const Version& kernel,
                            bool upstream_known, std::string* why_unknown) {
  bool inside = InAnyRange(ranges, kernel);
  if (upstream_known || !KernelNamesOnlyItsBase(kernel)) {
    return inside ? RangeVerdict::kInside : RangeVerdict::kOutside;
  }
  std::string series = std::to_string(kernel.numbers.empty() ? 0 : kernel.numbers[0]) + "." +
                       std::to_string(kernel.numbers.size() < 2 ? 0 : kernel.numbers[1]);
  if (kernel.distro_suffix.find(".el") != std::string::npos) {
    if (why_unknown) {
      *why_unknown = "is a RHEL build: its " + series +
                     " base does not say which later changes were backported (check the "
                     "kernel package's changelog)";
    }
    return RangeVerdict::kUnknown;
  }
  // Only a bound above the base and inside its series depends on the stable level.
  for (const VersionRange& r : ranges) {
    for (const VersionBound& b : r.bounds) {
      bool same_series = b.version.numbers.size() >= 2 && kernel.numbers.size() >= 2 &&
                         b.version.numbers[0] == kernel.numbers[0] &&
                         b.version.numbers[1] == kernel.numbers[1];
      if (same_series && b.version.CompareUpstream(kernel) == std::strong_ordering::greater) {
        if (why_unknown) {
          *why_unknown = "names only its " + series + " base, not the stable release it carries (" +
                         r.text + " starts inside " + series +
                         ".y; a 'Linux version' banner with the upstream version would tell)";
        }
        return RangeVerdict::kUnknown;
      }
    }
  }
  return inside ? RangeVerdict::kInside : RangeVerdict::kOutside;
}

RangeVerdict ZfsInRanges(const std::vector<VersionRange>& ranges, const Version& zfs,
                         std::string* why_unknown) {
  bool development = zfs.numbers.size() >= 3 && zfs.numbers[2] == 99 && !zfs.rc;
  if (development && !zfs.is_snapshot()) {
    for (const VersionRange& r : ranges) {
      for (const VersionBound& b : r.bounds) {
        if (b.version.is_snapshot() && b.version.numbers == zfs.numbers) {
          if (why_unknown) {
            *why_unknown = "is a development build without its commit count (git describe form " +
                           zfs.UpstreamString() + "-N_g<hash>), so it cannot be placed against " +
                           r.text;
          }
          return RangeVerdict::kUnknown;
        }
      }
    }
  }
  return InAnyRange(ranges, zfs) ? RangeVerdict::kInside : RangeVerdict::kOutside;
}

std::string DescribeRanges(const std::vector<VersionRange>& ranges) {
  std::string out;
  for (const VersionRange& r : ranges) {
    if (!out.empty()) out += ", ";
    out += "'" + r.text + "'";
  }
  return out;
}

}  // namespace crashsift::matching
