#include "analyzer/redact/redactor.h"

#include <algorithm>
#include <cctype>

namespace crashsift::redact {
namespace {

constexpr int kMaxGroups = 16;

// Characters that continue a host name or a path word: a learned value is
// replaced only where none of them is next to it ("vm" stays in "vm_area").
bool WordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

}  // namespace

std::string Redactor::PlaceholderOf(const std::string& kind, const std::string& value) const {
  auto it = placeholders_.find({kind, value});
  return it == placeholders_.end() ? std::string() : it->second;
}

std::string Redactor::PlaceholderFor(const std::string& kind, const std::string& value) {
  auto [it, inserted] = placeholders_.try_emplace({kind, value});
  if (!inserted) return it->second;
  it->second = kind + "-" + std::to_string(++counts_[kind]);
  if (rules_.learned_kinds.count(kind) && value.size() >= rules_.learn_min_length) {
    learned_.emplace_back(value, it->second);
    // Longest first: "db1.example.org" before "db1".
    std::stable_sort(learned_.begin(), learned_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
  return it->second;
}

std::string Redactor::ApplyRule(const RedactionRule& rule, std::string_view text) {
  const int groups = std::min(rule.pattern->NumberOfCapturingGroups(), kMaxGroups - 1);
  re2::StringPiece match[kMaxGroups];
  std::string out;
  size_t copied = 0;  // text[0, copied) is in `out`
  size_t pos = 0;
  while (pos <= text.size() &&
         rule.pattern->Match(text, pos, text.size(), RE2::UNANCHORED, match, groups + 1)) {
    // The named groups, in text order.
    std::vector<std::pair<size_t, const std::pair<int, std::string>*>> spans;
    for (const auto& g : rule.groups) {
      if (g.first > groups || match[g.first].data() == nullptr || match[g.first].empty()) continue;
      spans.emplace_back(static_cast<size_t>(match[g.first].data() - text.data()), &g);
    }
    std::sort(spans.begin(), spans.end());
    size_t resume = static_cast<size_t>(match[0].data() - text.data()) + match[0].size();
    size_t last_group_end = 0;
    for (const auto& [start, g] : spans) {
      const re2::StringPiece value = match[g->first];
      if (start < copied) continue;  // overlapping groups: the first one wins
      last_group_end = start + value.size();
      const std::string v(value.data(), value.size());
      if (rule.keep.count(v)) continue;
      out.append(text.substr(copied, start - copied));
      out += PlaceholderFor(g->second, v);
      copied = start + value.size();
    }
    // Patterns consume a boundary character after the value; the next match
    // may need it as its own leading boundary ("10.0.0.1 10.0.0.2").
    if (last_group_end > 0) resume = std::min(resume, last_group_end);
    pos = std::max(resume, static_cast<size_t>(match[0].data() - text.data()) + 1);
  }
  out.append(text.substr(copied));
  return out;
}

std::string Redactor::ApplyLearned(std::string_view text) const {
  std::string out(text);
  for (const auto& [value, placeholder] : learned_) {
    size_t pos = 0;
    while ((pos = out.find(value, pos)) != std::string::npos) {
      const size_t end = pos + value.size();
      const bool bounded =
          (pos == 0 || !WordChar(out[pos - 1])) && (end == out.size() || !WordChar(out[end]));
      // A JSON key ("file": ...) is the output's own word, never a value.
      const bool json_key = pos > 0 && out[pos - 1] == '"' && out.compare(end, 2, "\":") == 0;
      if (bounded && !json_key) {
        out.replace(pos, value.size(), placeholder);
        pos += placeholder.size();
      } else {
        pos = end;
      }
    }
  }
  return out;
}

std::string Redactor::Redact(std::string_view text) {
  std::string out(text);
  for (const RedactionRule& rule : rules_.rules) out = ApplyRule(rule, out);
  return learned_.empty() ? out : ApplyLearned(out);
}

}  // namespace crashsift::redact
