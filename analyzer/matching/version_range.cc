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

std::string DescribeRanges(const std::vector<VersionRange>& ranges) {
  std::string out;
  for (const VersionRange& r : ranges) {
    if (!out.empty()) out += ", ";
    out += "'" + r.text + "'";
  }
  return out;
}

}  // namespace crashsift::matching
