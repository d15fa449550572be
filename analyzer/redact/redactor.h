// --redact: hides hosts, IP addresses, MACs, user names, serial numbers and
// paths under /home in crashsift's output, so a report can go into a public
// bug. Each distinct value gets a stable placeholder for the whole run
// ("host-1", "ip-2", "user-1", "path-3"): the same value is the same
// placeholder in every record, the summary and the messages, so "the same
// host crashed twice" survives redaction while the host does not. What counts
// as sensitive is data: redaction_rules.toml.
//
// Works on rendered output (text, JSON, Markdown, HTML): placeholders hold
// only [a-z0-9-], so JSON and HTML stay well-formed. A learned kind (host) is
// replaced wherever it occurs after it was first recognised; output written
// before that is not revisited.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/redact/redaction_rules.h"

namespace crashsift::redact {

class Redactor {
 public:
  // `rules` must outlive the redactor.
  explicit Redactor(const RedactionRules& rules) : rules_(rules) {}

  // `text` with every sensitive value replaced by its placeholder. Not
  // thread-safe: one redactor per run, fed in output order, so numbering
  // does not depend on the number of workers.
  std::string Redact(std::string_view text);

  // The placeholder of a value seen so far, or "" (for tests).
  std::string PlaceholderOf(const std::string& kind, const std::string& value) const;

 private:
  std::string PlaceholderFor(const std::string& kind, const std::string& value);
  std::string ApplyRule(const RedactionRule& rule, std::string_view text);
  std::string ApplyLearned(std::string_view text) const;

  const RedactionRules& rules_;
  std::map<std::pair<std::string, std::string>, std::string> placeholders_;  // (kind, value)
  std::map<std::string, size_t> counts_;                                     // by kind
  std::vector<std::pair<std::string, std::string>> learned_;  // value, placeholder; longest first
};

}  // namespace crashsift::redact
