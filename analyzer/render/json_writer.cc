#include "analyzer/render/json_writer.h"

#include <cassert>
#include <charconv>
#include <cmath>
// Only for the number formatter nlohmann printed doubles with (Grisu2):
// keeping it keeps every double's text as before.
#include <nlohmann/json.hpp>

namespace crashsift::render {
namespace {

// Bytes copied unchanged (printable ASCII except '"' and '\\').
constexpr bool IsPlain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// Length of the valid UTF-8 sequence at s[i] (lead byte >= 0x80), or 0 when
// it is invalid; then `bad` is how many bytes one U+FFFD stands for: the
// lead and the continuation bytes that were still possible (the byte that
// broke the sequence is read again), or the stray byte alone. The ranges are
// the Unicode well-formed table (no overlongs, surrogates or > U+10FFFF),
// as nlohmann's decoder applied them.
size_t Utf8Sequence(std::string_view s, size_t i, size_t& bad) {
  const auto lead = static_cast<unsigned char>(s[i]);
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    bad = 1;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      bad = k;  // cut off by the end of the string
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i + k]);
    const bool ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
    if (!ok) {
      bad = k;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

void AppendJsonEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < s.size()) {
    size_t run = i;
    while (run < s.size() && IsPlain(static_cast<unsigned char>(s[run]))) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t bad = 0;
      if (size_t n = Utf8Sequence(s, i, bad); n > 0) {
        out.append(s.data() + i, n);
        i += n;
      } else {
        out.append("\xEF\xBF\xBD");
        i += bad;
      }
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\f':
        out.push_back('f');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    ++i;
  }
}

void JsonWriter::NewLine(size_t depth) {
  out_.push_back('\n');
  out_.append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::MaybeSpill() {
  if (!spill_ || out_.size() < kPieceBytes) return;
  spill_(std::move(out_));
  out_.clear();
  out_.reserve(kPieceBytes + (kPieceBytes >> 2));
}

void JsonWriter::BeforeValue() {
  MaybeSpill();
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& level = levels_.back();
  assert(!level.object && "a member of an object needs a Key first");
  if (!level.empty) out_.push_back(',');
  level.empty = false;
  if (indent_ >= 0) NewLine(levels_.size());
}

void JsonWriter::Key(std::string_view key) {
  assert(!levels_.empty() && levels_.back().object && !after_key_);
  MaybeSpill();
  Level& level = levels_.back();
#ifndef NDEBUG
  // nlohmann's objects were std::maps: members came out sorted by key.
  assert((!level.has_key || level.last_key < key) && "object keys must be given in sorted order");
  level.last_key = key;
  level.has_key = true;
#endif
  if (!level.empty) out_.push_back(',');
  level.empty = false;
  if (indent_ >= 0) NewLine(levels_.size());
  out_.push_back('"');
  AppendJsonEscaped(out_, key);
  out_.append(indent_ >= 0 ? "\": " : "\":");
  after_key_ = true;
}

void JsonWriter::Open(char bracket, bool object) {
  BeforeValue();
  out_.push_back(bracket);
  levels_.push_back(Level{});
  levels_.back().object = object;
}

void JsonWriter::Close(char bracket) {
  assert(!levels_.empty() && !after_key_);
  const bool empty = levels_.back().empty;
  levels_.pop_back();
  if (!empty && indent_ >= 0) NewLine(levels_.size());
  out_.push_back(bracket);
}

void JsonWriter::BeginObject() { Open('{', true); }
void JsonWriter::EndObject() { Close('}'); }
void JsonWriter::BeginArray() { Open('[', false); }
void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  out_.push_back('"');
  AppendJsonEscaped(out_, s);
  out_.push_back('"');
}

void JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  out_.append(b ? "true" : "false");
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out_.append(buf, end);
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out_.append(buf, end);
}

void JsonWriter::Double(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_.append("null");
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
}

void JsonWriter::StringOrNull(std::string_view key, std::string_view s) {
  Key(key);
  if (s.empty()) {
    Null();
  } else {
    String(s);
  }
}

void JsonWriter::Strings(std::string_view key, const std::vector<std::string>& list) {
  Key(key);
  BeginArray();
  for (const auto& s : list) String(s);
  EndArray();
}

}  // namespace crashsift::render
