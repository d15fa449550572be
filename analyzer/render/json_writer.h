// A streaming JSON writer: values are appended to a string as they are
// given, with no tree in between (a tree of a crash-dense report was half of
// a run's peak memory and a third of its time, issue 11).
//
// The text is byte for byte what nlohmann::json::dump(indent, ' ', false,
// error_handler_t::replace) printed for the same values, so every output
// crashsift wrote before keeps its bytes:
//  - strings: '"', '\\', \b \f \n \r \t escaped, other bytes below 0x20 as
//    \u00xx, everything else copied; each invalid UTF-8 sequence (its
//    maximal valid prefix, or one stray byte) becomes one U+FFFD, so the
//    output is valid JSON for any input bytes (man/crashsift.1);
//  - doubles: the shortest text that reads back the same (Grisu2, "1.0" for
//    whole numbers), null when not finite;
//  - pretty form (indent >= 0): one member per line, "key": value, empty
//    containers as {} and [].
// The caller gives an object's keys in ascending byte order, as nlohmann's
// std::map printed them; debug builds check it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace crashsift::render {

class JsonWriter {
 public:
  // Appends to `out`; `indent` < 0: one line (JSON Lines), else pretty.
  explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}
  // With `spill`, the text is handed to it in pieces of about kPieceBytes as
  // it grows (`out` keeps the rest, for the caller to take last): a large
  // report never needs one buffer of its whole size, nor the copies a growing
  // string makes (a 20 MB report cost ~50 MB at its peak), and can go to
  // its output while it is written.
  using Spill = std::function<void(std::string&& piece)>;
  JsonWriter(std::string& out, int indent, Spill spill)
      : out_(out), indent_(indent), spill_(std::move(spill)) {}
  static constexpr size_t kPieceBytes = 1 << 20;

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // The next value is this member of the open object.
  void Key(std::string_view key);

  void String(std::string_view s);
  void Null();
  void Bool(bool b);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);

  // Key + value in one call, for the common members.
  void Member(std::string_view key, std::string_view s) { Key(key), String(s); }
  void Member(std::string_view key, const char* s) { Key(key), String(s); }
  void Member(std::string_view key, const std::string& s) { Key(key), String(s); }
  void Member(std::string_view key, bool b) { Key(key), Bool(b); }
  void Member(std::string_view key, int v) { Key(key), Int(v); }
  void Member(std::string_view key, int64_t v) { Key(key), Int(v); }
  void Member(std::string_view key, uint32_t v) { Key(key), Uint(v); }
  void Member(std::string_view key, uint64_t v) { Key(key), Uint(v); }
  // A string, or null when it is empty.
  void StringOrNull(std::string_view key, std::string_view s);
  // An array of strings.
  void Strings(std::string_view key, const std::vector<std::string>& list);

 private:
  struct Level {
    bool empty = true;
    bool object = false;
#ifndef NDEBUG
    std::string last_key;
    bool has_key = false;
#endif
  };
  // Separator and indentation before a value (or a key) in the open container.
  void BeforeValue();
  void Open(char bracket, bool object);
  void Close(char bracket);
  void NewLine(size_t depth);
  void MaybeSpill();

  std::string& out_;
  int indent_;
  Spill spill_;
  std::vector<Level> levels_;
  bool after_key_ = false;  // a Key was written; its value follows without separator
};

// Appends `s` as a JSON string body (no quotes), escaped as described above.
void AppendJsonEscaped(std::string& out, std::string_view s);

}  // namespace crashsift::render
