#include "analyzer/symbols/log_decorator.h"

#include "analyzer/core/text.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/symbols/frame_symbolization.h"

namespace crashsift::symbols {
namespace {

bool IsSymbolChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '$';
}

size_t SkipHex(std::string_view s, size_t at) {
  while (at < s.size() && text::IsHexDigit(s[at])) ++at;
  return at;
}

// The end of "func+0xOFF/0xSIZE" plus an optional " [module]" or
// " [module buildid]" starting at `plus` (the '+'); npos when not a frame.
size_t FrameTokenEnd(std::string_view s, size_t plus) {
  size_t at = SkipHex(s, plus + 3);
  if (at == plus + 3 || s.substr(at, 3) != "/0x") return std::string_view::npos;
  size_t size_end = SkipHex(s, at + 3);
  if (size_end == at + 3) return std::string_view::npos;
  if (s.substr(size_end, 2) == " [") {
    size_t close = s.find(']', size_end + 2);
    if (close != std::string_view::npos && close - size_end < 80) return close + 1;
  }
  return size_end;
}

std::string Chain(const SourceChain& chain) {
  std::string out;
  for (const auto& at : chain) {
    if (!out.empty()) out += ' ';
    out += at.file + ":" + std::to_string(at.line);
  }
  return out;
}

}  // namespace

void LogDecorator::LearnRelease(std::string_view line) {
  constexpr std::string_view kBanner = "Linux version ";
  if (size_t at = line.find(kBanner); at != std::string_view::npos) {
    std::string_view rest = line.substr(at + kBanner.size());
    release_ = std::string(rest.substr(0, rest.find(' ')));
    return;
  }
  // "CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0-56-amd64 #1 Debian ..." and
  // "... Tainted: G           O       6.1.0-56-amd64 #1".
  size_t tainted = line.find("ainted");
  if (tainted == std::string_view::npos || line.find("Comm:") == std::string_view::npos) return;
  size_t hash = line.find(" #", tainted);
  if (hash == std::string_view::npos) return;
  size_t start = line.rfind(' ', hash - 1);
  if (start == std::string_view::npos || start + 1 >= hash) return;
  release_ = std::string(line.substr(start + 1, hash - start - 1));
}

std::string LogDecorator::Decorate(std::string_view line) {
  LearnRelease(line);
  std::string out;
  size_t copied = 0;
  for (size_t plus = line.find("+0x"); plus != std::string_view::npos;
       plus = line.find("+0x", plus + 1)) {
    size_t start = plus;
    while (start > copied && IsSymbolChar(line[start - 1])) --start;
    if (start == plus) continue;
    size_t end = FrameTokenEnd(line, plus);
    if (end == std::string_view::npos) continue;
    std::string_view token = line.substr(start, end - start);
    auto frame = events::ParseStackFrame(" " + std::string(token));
    if (!frame) continue;
    // Already symbolized (syzbot's "func+0x1/0x2 fs/foo.c:12", or a second pass).
    std::string_view after = line.substr(end);
    std::string_view next = after.substr(0, after.find(' ', 1));
    if (after.starts_with(" (") ||
        (next.find(':') != std::string_view::npos && next.find('.') != std::string_view::npos))
      continue;
    auto query = QueryFor(*frame, release_);
    if (!query) continue;
    ++frames_;
    auto chain = symbolizer_.Symbolize(*query);
    if (!chain) {
      ++failures_[chain.error().OneLine()];
      continue;
    }
    ++symbolized_;
    out.append(line.substr(copied, end - copied));
    out += " (" + Chain(*chain) + ")";
    copied = end;
    plus = end - 1;
  }
  out.append(line.substr(copied));
  return out;
}

}  // namespace crashsift::symbols
