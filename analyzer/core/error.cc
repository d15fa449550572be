#include "analyzer/core/error.h"

#include <cstdio>

namespace crashsift {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kTruncated:
      return "truncated";
    case ErrorCode::kBadMagic:
      return "bad_magic";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case ErrorCode::kSyntax:
      return "syntax";
    case ErrorCode::kInvalidSignature:
      return "invalid_signature";
    case ErrorCode::kUsage:
      return "usage";
  }
  return "unknown";
}

std::string Error::OneLine() const {
  std::string out = path.empty() ? std::string("<input>") : path;
  if (offset_or_line && is_line) out += ":" + std::to_string(*offset_or_line);
  out += ": ";
  out += reason;
  if (offset_or_line && !is_line) {
    char buf[40];
    std::snprintf(buf, sizeof buf, " (at offset 0x%llx)",
                  static_cast<unsigned long long>(*offset_or_line));
    out += buf;
  }
  return out;
}

}  // namespace crashsift
