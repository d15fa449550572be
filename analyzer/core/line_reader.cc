#include "analyzer/core/line_reader.h"

#include <cstring>

namespace crashsift {

Result<bool> LineReader::Refill() {
  auto next = source_.NextChunk();
  if (!next) return Fail(next.error());
  chunk_ = *next;
  pos_ = 0;
  if (chunk_.empty()) eof_ = true;
  return true;
}

Result<bool> LineReader::Next(Line& line) {
  carry_.clear();
  carry_cut_ = false;
  bool in_carry = false;
  for (;;) {
    if (pos_ >= chunk_.size()) {
      if (eof_) break;
      if (auto r = Refill(); !r) return r;
      if (eof_) break;
    }
    const char* start = chunk_.data() + pos_;
    size_t avail = chunk_.size() - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : avail;
    pos_ += len + (nl ? 1 : 0);
    if (nl && !in_carry) {
      // The common case: the whole line sits in this chunk.
      line.number = ++line_number_;
      line.cut = len > max_line_bytes_;
      line.text = std::string_view(start, line.cut ? max_line_bytes_ : len);
      return true;
    }
    in_carry = true;
    size_t room = max_line_bytes_ > carry_.size() ? max_line_bytes_ - carry_.size() : 0;
    if (len > room) carry_cut_ = true;
    carry_.append(start, len < room ? len : room);
    if (nl) break;
  }
  if (!in_carry) return false;  // clean end of input
  line.number = ++line_number_;
  line.cut = carry_cut_;
  line.text = carry_;
  return true;
}

}  // namespace crashsift
