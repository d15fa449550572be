#include "analyzer/core/version.h"

#include <algorithm>
#include <limits>

#include "analyzer/core/text.h"

namespace crashsift {
namespace {

using text::IsDigit;
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

// Reads a decimal number at `pos`; false on no digits or uint32 overflow.
bool ReadNumber(std::string_view text, size_t& pos, uint32_t& out) {
  size_t start = pos;
  uint64_t value = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    value = value * 10 + static_cast<uint64_t>(text[pos] - '0');
    if (value > std::numeric_limits<uint32_t>::max()) return false;
    ++pos;
  }
  out = static_cast<uint32_t>(value);
  return pos > start;
}

// "1.2.3" at pos -> {1,2,3}; stops before a '.' not followed by a digit.
bool ReadDotted(std::string_view text, size_t& pos, std::vector<uint32_t>& out) {
  uint32_t n = 0;
  if (!ReadNumber(text, pos, n)) return false;
  out.push_back(n);
  while (pos + 1 < text.size() && text[pos] == '.' && IsDigit(text[pos + 1])) {
    ++pos;
    if (!ReadNumber(text, pos, n)) return false;
    out.push_back(n);
  }
  return true;
}

std::strong_ordering CompareNumbers(const std::vector<uint32_t>& a,
                                    const std::vector<uint32_t>& b) {
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    uint32_t x = i < a.size() ? a[i] : 0;
    uint32_t y = i < b.size() ? b[i] : 0;
    if (x != y) return x <=> y;
  }
  return std::strong_ordering::equal;
}

// "471_g5044c4e3f" or "471-g5044c4e3f" (git describe, OpenZFS uses '_').
bool ParseGitDescribe(std::string_view s, uint32_t& commits, std::string& hash) {
  size_t pos = 0;
  if (!ReadNumber(s, pos, commits)) return false;
  if (pos + 2 > s.size() || (s[pos] != '_' && s[pos] != '-') || s[pos + 1] != 'g') return false;
  size_t hash_start = pos + 2;
  size_t end = hash_start;
  while (end < s.size() && IsHex(s[end])) ++end;
  if (end - hash_start < 4) return false;
  // Anything after the hash ("-dirty", "-1") is a build suffix; accept it.
  if (end < s.size() && s[end] != '-' && s[end] != '_' && s[end] != '.') return false;
  hash = std::string(s.substr(hash_start, end - hash_start));
  return true;
}

}  // namespace

std::strong_ordering Version::CompareUpstream(const Version& other) const {
  if (auto c = CompareNumbers(numbers, other.numbers); c != 0) return c;
  if (rc != other.rc) {
    if (!rc) return std::strong_ordering::greater;  // final > rc
    if (!other.rc) return std::strong_ordering::less;
    return *rc <=> *other.rc;
  }
  return commits_since_tag.value_or(0) <=> other.commits_since_tag.value_or(0);
}

std::strong_ordering Version::CompareWithDistro(const Version& other) const {
  if (auto c = CompareUpstream(other); c != 0) return c;
  return CompareNumbers(distro_numbers, other.distro_numbers);
}

std::string Version::UpstreamString() const {
  std::string out;
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (i) out += '.';
    out += std::to_string(numbers[i]);
  }
  if (rc) out += "-rc" + std::to_string(*rc);
  return out;
}

std::optional<Version> ParseVersion(std::string_view text) {
  text = text::Trim(text, text::kBlanks, " \t\n\v\f\r");  // isspace() at the end
  Version v;
  v.original = std::string(text);
  // Package-style prefixes: "zfs-2.2.6", "zfs-kmod-2.2.6", "v2.3.1".
  for (std::string_view prefix : {"zfs-kmod-", "zfs-", "spl-"}) {
    if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  }
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);

  size_t pos = 0;
  if (!ReadDotted(text, pos, v.numbers)) return std::nullopt;
  std::string_view rest = text.substr(pos);
  // Upstream kernels end at the first space ("6.1.0-56-amd64 #1").
  if (size_t space = rest.find_first_of(" \t"); space != std::string_view::npos) {
    rest = rest.substr(0, space);
  }
  if (rest.empty()) return v;
  if (rest.front() != '-' && rest.front() != '_' && rest.front() != '.' && rest.front() != '+' &&
      rest.front() != '~') {
    // "6.1.0abc": a suffix glued to the numbers, keep it as the distro suffix.
    v.distro_suffix = std::string(rest);
    return v;
  }
  rest.remove_prefix(1);
  if (rest.starts_with("rc")) {
    size_t p = 2;
    uint32_t rc = 0;
    if (ReadNumber(rest, p, rc)) {
      v.rc = rc;
      rest = rest.substr(p);
      if (!rest.empty() && (rest.front() == '-' || rest.front() == '_' || rest.front() == '+')) {
        rest.remove_prefix(1);
      }
    }
  }
  uint32_t commits = 0;
  std::string hash;
  if (ParseGitDescribe(rest, commits, hash)) {
    v.commits_since_tag = commits;
    v.git_hash = std::move(hash);
  }
  v.distro_suffix = std::string(rest);
  if (!v.commits_since_tag) {
    size_t p = 0;
    std::vector<uint32_t> distro;
    if (ReadDotted(rest, p, distro)) v.distro_numbers = std::move(distro);
  }
  return v;
}

std::optional<Version> UpstreamKernelFromBanner(std::string_view line) {
  // Only the text after the build number "#1" counts: before it the banner
  // names the compiler ("gcc-12 (Debian 12.2.0-14+deb12u1)").
  size_t hash = line.find(" #");
  if (hash == std::string_view::npos) return std::nullopt;
  line = line.substr(hash);
  // Ubuntu: "(Ubuntu 6.8.0-45.45-generic 6.8.12)": the last word is upstream.
  if (size_t u = line.find("(Ubuntu "); u != std::string_view::npos) {
    std::string_view inner = line.substr(u + 8);
    size_t close = inner.find(')');
    if (close != std::string_view::npos) {
      inner = inner.substr(0, close);
      size_t space = inner.rfind(' ');
      if (space != std::string_view::npos) {
        if (auto v = ParseVersion(inner.substr(space + 1))) return v;
      }
    }
  }
  // Debian: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)" and
  // "6.1.0-56-amd64 #1  Debian 6.1.192-2"; backports "Debian 6.12.25-1~bpo12+1".
  size_t search = 0;
  while ((search = line.find("Debian ", search)) != std::string_view::npos) {
    search += 7;
    if (search < line.size() && IsDigit(line[search])) {
      std::string_view word = line.substr(search);
      word = word.substr(0, word.find_first_of(" )\t"));
      if (auto v = ParseVersion(word)) return v;
    }
  }
  return std::nullopt;
}

}  // namespace crashsift
