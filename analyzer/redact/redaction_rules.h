// The rules of --redact (redaction_rules.toml, embedded at build time):
// patterns whose named groups are sensitive values of a kind (host, ip, mac,
// user, path, serial), values that are not sensitive, and the kinds that are
// learned and then replaced everywhere.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace crashsift::redact {

struct RedactionRule {
  std::string name;
  std::unique_ptr<RE2> pattern;
  // (group index, kind) for every named group of `pattern`.
  std::vector<std::pair<int, std::string>> groups;
  std::set<std::string> keep;
};

struct RedactionRules {
  std::vector<RedactionRule> rules;
  std::set<std::string> learned_kinds;
  size_t learn_min_length = 3;
};

// Parses and compiles `toml_text`. Errors: syntax (TOML), invalid_signature
// (a missing or bad field, an RE2 error, a pattern without named groups),
// with `origin` and the line.
Result<RedactionRules> LoadRedactionRules(std::string_view toml_text, std::string_view origin);

// The rules built into crashsift, loaded once (the embedded text is checked
// by a test, so this cannot fail in a released binary; an error is returned
// rather than assumed away).
Result<const RedactionRules*> BuiltinRedactionRules();

}  // namespace crashsift::redact
