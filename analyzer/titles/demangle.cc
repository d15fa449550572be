#include "analyzer/titles/demangle.h"

#include <cstdint>
#include <optional>

#include "analyzer/core/text.h"

namespace crashsift::titles {
namespace {

constexpr int kMaxDepth = 64;

using text::IsDigit;
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Rust v0 mangling (RFC 2603), enough for kernel symbols: crate roots,
// nested paths, inherent and trait impls, backrefs, basic and reference
// types, generic arguments.
class RustV0 {
 public:
  explicit RustV0(std::string_view body) : s_(body) {}

  std::optional<std::string> Symbol() {
    // An optional encoding version (decimal) precedes the path.
    if (pos_ < s_.size() && IsDigit(s_[pos_])) {
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    }
    auto path = Path(0);
    if (!path || failed_) return std::nullopt;
    return path;
  }

 private:
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<uint64_t> Base62() {
    if (Eat('_')) return 0;
    uint64_t value = 0;
    while (pos_ < s_.size() && s_[pos_] != '_') {
      char c = s_[pos_++];
      int digit = IsDigit(c) ? c - '0' : IsLower(c) ? c - 'a' + 10 : IsUpper(c) ? c - 'A' + 36 : -1;
      if (digit < 0 || value > (UINT64_MAX - 61) / 62) return std::nullopt;
      value = value * 62 + static_cast<uint64_t>(digit);
    }
    if (!Eat('_')) return std::nullopt;
    return value + 1;
  }

  bool Disambiguator() {
    if (!Eat('s')) return true;
    return Base62().has_value();
  }

  std::optional<std::string> Identifier() {
    if (!Disambiguator()) return std::nullopt;
    bool punycode = Eat('u');
    size_t len = 0;
    if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return std::nullopt;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) {
      len = len * 10 + static_cast<size_t>(s_[pos_++] - '0');
      if (len > s_.size()) return std::nullopt;
    }
    Eat('_');
    if (punycode || pos_ + len > s_.size()) return std::nullopt;
    std::string id(s_.substr(pos_, len));
    pos_ += len;
    return id;
  }

  std::optional<std::string> Backref(int depth, bool type) {
    auto offset = Base62();
    if (!offset || *offset >= pos_) return std::nullopt;
    size_t saved = pos_;
    pos_ = static_cast<size_t>(*offset);
    auto out = type ? Type(depth + 1) : Path(depth + 1);
    pos_ = saved;
    return out;
  }

  std::optional<std::string> GenericArgs(int depth) {
    std::string out = "<";
    bool first = true;
    while (!Eat('E')) {
      if (pos_ >= s_.size()) return std::nullopt;
      if (!first) out += ", ";
      first = false;
      if (Eat('L')) {  // lifetime
        if (!Base62()) return std::nullopt;
        out += "'_";
        continue;
      }
      if (Eat('K')) {  // const generic: skip its encoding, print "_"
        if (Eat('p')) {
          out += "_";
          continue;
        }
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        while (pos_ < s_.size() && s_[pos_] != '_') ++pos_;
        if (!Eat('_')) return std::nullopt;
        out += "_";
        continue;
      }
      auto ty = Type(depth + 1);
      if (!ty) return std::nullopt;
      out += *ty;
    }
    return out + ">";
  }

  std::optional<std::string> Path(int depth) {
    if (depth > kMaxDepth || pos_ >= s_.size()) return std::nullopt;
    char tag = s_[pos_++];
    switch (tag) {
      case 'C':
        return Identifier();
      case 'M': {
        if (!Disambiguator() || !Path(depth + 1)) return std::nullopt;
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        return "<" + *ty + ">";
      }
      case 'X':  // an impl path, then the same as 'Y'
        if (!Disambiguator() || !Path(depth + 1)) return std::nullopt;
        [[fallthrough]];
      case 'Y': {
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        auto trait = Path(depth + 1);
        if (!trait) return std::nullopt;
        return "<" + *ty + " as " + *trait + ">";
      }
      case 'N': {
        if (pos_ >= s_.size()) return std::nullopt;
        char ns = s_[pos_++];
        auto parent = Path(depth + 1);
        if (!parent) return std::nullopt;
        auto id = Identifier();
        if (!id) return std::nullopt;
        if (IsUpper(ns)) {
          std::string kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : std::string(1, ns);
          return *parent + "::{" + kind + (id->empty() ? "" : ":" + *id) + "}";
        }
        return *parent + "::" + *id;
      }
      case 'I': {
        auto path = Path(depth + 1);
        if (!path) return std::nullopt;
        auto args = GenericArgs(depth);
        if (!args) return std::nullopt;
        return *path + "::" + *args;
      }
      case 'B':
        return Backref(depth, false);
      default:
        return std::nullopt;
    }
  }

  std::optional<std::string> Type(int depth) {
    if (depth > kMaxDepth || pos_ >= s_.size()) return std::nullopt;
    static constexpr std::string_view kBasic[26] = {
        "i8",    "bool", "char", "f64", "str",  "f32",  "",    "u8", "isize",
        "usize", "",     "i32",  "u32", "i128", "u128", "_",   "",   "",
        "i16",   "u16",  "()",   "...", "",     "i64",  "u64", "!"};
    char c = s_[pos_];
    if (IsLower(c) && !kBasic[c - 'a'].empty()) {
      ++pos_;
      return std::string(kBasic[c - 'a']);
    }
    switch (c) {
      case 'R':
      case 'Q': {
        ++pos_;
        if (Eat('L') && !Base62()) return std::nullopt;
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        return (c == 'R' ? "&" : "&mut ") + *ty;
      }
      case 'P':
      case 'O': {
        ++pos_;
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        return (c == 'P' ? "*const " : "*mut ") + *ty;
      }
      case 'S': {
        ++pos_;
        auto ty = Type(depth + 1);
        if (!ty) return std::nullopt;
        return "[" + *ty + "]";
      }
      case 'T': {
        ++pos_;
        std::string out = "(";
        bool first = true;
        while (!Eat('E')) {
          if (pos_ >= s_.size()) return std::nullopt;
          auto ty = Type(depth + 1);
          if (!ty) return std::nullopt;
          out += (first ? "" : ", ") + *ty;
          first = false;
        }
        return out + ")";
      }
      case 'B':
        ++pos_;
        return Backref(depth, true);
      default:
        return Path(depth + 1);
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// Itanium names without templates: _Z<len><id>... or _ZN<len><id>...E...
std::optional<std::string> Itanium(std::string_view s) {
  size_t pos = 0;
  auto ident = [&](std::string& out) {
    size_t len = 0;
    if (pos >= s.size() || !IsDigit(s[pos])) return false;
    while (pos < s.size() && IsDigit(s[pos])) {
      len = len * 10 + static_cast<size_t>(s[pos++] - '0');
      if (len > s.size()) return false;
    }
    if (pos + len > s.size()) return false;
    out = std::string(s.substr(pos, len));
    pos += len;
    return true;
  };
  if (pos < s.size() && s[pos] == 'N') {
    ++pos;
    while (pos < s.size() && (s[pos] == 'r' || s[pos] == 'V' || s[pos] == 'K')) ++pos;
    std::string out;
    while (pos < s.size() && s[pos] != 'E') {
      std::string part;
      if (!ident(part)) return std::nullopt;
      if (!out.empty()) out += "::";
      out += part;
    }
    if (pos >= s.size()) return std::nullopt;
    // Rust legacy mangling ends with a hash component "h<16 hex>".
    size_t last = out.rfind("::");
    if (last != std::string::npos && out.size() - last == 2 + 17 && out[last + 2] == 'h') {
      out.erase(last);
    }
    return out;
  }
  std::string out;
  if (!ident(out)) return std::nullopt;
  return out;
}

}  // namespace

std::string DemangleNoParams(std::string_view symbol) {
  if (symbol.size() < 3 || symbol[0] != '_') return std::string(symbol);
  std::optional<std::string> out;
  if (symbol[1] == 'R') {
    out = RustV0(symbol.substr(2)).Symbol();
  } else if (symbol[1] == 'Z') {
    out = Itanium(symbol.substr(2));
  }
  return out ? *out : std::string(symbol);
}

}  // namespace crashsift::titles
