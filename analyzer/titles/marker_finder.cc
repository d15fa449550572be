#include "analyzer/titles/marker_finder.h"

namespace crashsift::titles {
namespace {

uint16_t Pair(char a, char b) {
  return static_cast<uint16_t>(static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b));
}

std::vector<std::string> Markers(const TitleTable& table) {
  std::vector<std::string> markers;
  for (const auto& oops : table.oopses) markers.push_back(oops.marker);
  return markers;
}

}  // namespace

KeywordSet::KeywordSet(std::vector<std::string> keywords) : keywords_(std::move(keywords)) {
  for (const auto& keyword : keywords_) {
    if (keyword.size() >= 2) first_pairs_.set(Pair(keyword[0], keyword[1]));
  }
}

bool KeywordSet::AnyIn(std::string_view line) const {
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (!first_pairs_.test(Pair(line[i], line[i + 1]))) continue;
    std::string_view rest = line.substr(i);
    for (const auto& keyword : keywords_) {
      if (rest.substr(0, keyword.size()) == keyword) return true;
    }
  }
  return false;
}

MarkerFinder::MarkerFinder(const TitleTable& table) : table_(table), markers_(Markers(table)) {}

int MarkerFinder::Find(std::string_view line) const {
  if (!markers_.AnyIn(line)) return -1;
  for (size_t i = 0; i < table_.oopses.size(); ++i) {
    const OopsMarker& oops = table_.oopses[i];
    if (line.find(oops.marker) == std::string_view::npos) continue;
    bool suppressed = false;
    for (const auto& re : oops.suppressions) {
      if (RE2::PartialMatch(line, *re)) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace crashsift::titles
