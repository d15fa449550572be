#include "analyzer/titles/normalize.h"

#include <re2/re2.h>

#include <array>
#include <memory>

#include "analyzer/core/text.h"
#include "analyzer/titles/title_table.h"

namespace crashsift::titles {
namespace {

struct Replacement {
  std::unique_ptr<RE2> match;
  const char* rewrite;
};

// Order matters: executor ids before ADDR/NUM, offsets before NUM.
const std::array<Replacement, 9>& Replacements() {
  static const auto* table = [] {
    auto make = [](const char* re, const char* rewrite) {
      return Replacement{std::make_unique<RE2>(re, RuleRegexOptions()), rewrite};
    };
    return new std::array<Replacement, 9>{
        make(R"(syz-executor\.?[0-9]+((/|:)[0-9]+)?)", "syz-executor"),
        make(R"(syzkaller[0-9]+((/|:)[0-9]+)?)", "syzkaller"),
        // Anything that looks like an address; the leading character keeps
        // identifiers such as "cfg80211" whole.
        make(R"(([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,})", R"(\1ADDR)"),
        make(R"(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}))", "IP"),
        make(R"((\.\w+)(:[0-9]+)+)", R"(\1:LINE)"),
        make(R"(([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+)", R"(\1)"),
        make(R"(CPU#[0-9]+)", "CPU"),
        // Overlapping matches ("0,1,2") need repeated passes; see below.
        make(R"((\W)(\d+)(\W|$))", R"(\1NUM\3)"),
        make(R"((\d+){7,})", "NUM"),
    };
  }();
  return *table;
}

}  // namespace

std::string ReplaceDynamicParts(std::string_view title) {
  std::string out(title);
  for (const auto& r : Replacements()) {
    // Repeat until stable; each pass only shrinks or keeps placeholders, and
    // a cap guards against a rule that would grow forever.
    for (int pass = 0; pass < 64; ++pass) {
      if (RE2::GlobalReplace(&out, *r.match, r.rewrite) == 0) break;
    }
  }
  return out;
}

std::string SanitizeTitle(std::string_view title) {
  std::string out;
  out.reserve(std::min(title.size(), kMaxTitleBytes));
  char prev = ' ';
  for (size_t i = 0; i < title.size() && i < kMaxTitleBytes; ++i) {
    char ch = title[i];
    auto byte = static_cast<unsigned char>(ch);
    if (ch == '\t') {
      ch = ' ';
    } else if (byte < 0x20 || byte >= 0x7f) {
      continue;
    }
    if (ch == ' ' && prev == ' ') continue;
    out.push_back(ch);
    prev = ch;
  }
  return std::string(text::Trim(out, " ", " "));
}

std::string NormalizeTitle(std::string_view title) {
  return SanitizeTitle(ReplaceDynamicParts(title));
}

std::string_view TitleKind(std::string_view title) {
  size_t pos = title.rfind(" in ");
  return pos == std::string_view::npos ? title : title.substr(0, pos);
}

std::string GuiltyFrameOfTitle(std::string_view title) {
  size_t pos = title.rfind(" in ");
  if (pos == std::string_view::npos) return "";
  std::string_view rest = title.substr(pos + 4);
  size_t i = 0;
  if (!rest.empty() && rest[0] == '<') {
    size_t close = rest.find('>');
    if (close == std::string_view::npos) return "";
    i = close + 1;
  }
  auto ident = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':';
  };
  size_t end = i;
  while (end < rest.size() && ident(rest[end])) ++end;
  if (end == i) return "";
  return std::string(rest.substr(0, end));
}

}  // namespace crashsift::titles
