#include "analyzer/redact/redaction_rules.h"

// toml++ from Debian is prebuilt with exceptions on; this file is the only
// place the redact library calls it, and it catches toml::parse_error.
#include <toml++/toml.h>

#include <algorithm>

#include "analyzer/core/limits.h"

namespace crashsift::redact {

// Defined in the generated redaction_rules_data.cc.
extern const char kEmbeddedRedactionRules[];

namespace {

Error RuleError(std::string_view origin, const toml::source_region& where, std::string what) {
  Error e{ErrorCode::kInvalidSignature, std::string(origin),
          static_cast<uint64_t>(where.begin.line), std::move(what)};
  e.is_line = true;
  return e;
}

}  // namespace

Result<RedactionRules> LoadRedactionRules(std::string_view toml_text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kSyntax, std::string(origin), std::string(e.description()),
                static_cast<uint64_t>(e.source().begin.line));
  }
  RedactionRules out;
  if (const toml::array* learn = root["learn"].as_array()) {
    for (const auto& kind : *learn) {
      if (!kind.is_string()) return Fail(RuleError(origin, kind.source(), "learn: not a string"));
      out.learned_kinds.insert(kind.as_string()->get());
    }
  }
  if (auto min = root["learn_min_length"].value<int64_t>()) {
    out.learn_min_length = static_cast<size_t>(std::max<int64_t>(1, *min));
  }
  const toml::array* rules = root["rule"].as_array();
  if (rules == nullptr) return Fail(RuleError(origin, root.source(), "no [[rule]]"));
  for (const auto& node : *rules) {
    const toml::table* t = node.as_table();
    if (t == nullptr) return Fail(RuleError(origin, node.source(), "rule: not a table"));
    RedactionRule rule;
    rule.name = (*t)["name"].value_or(std::string());
    const std::string pattern = (*t)["pattern"].value_or(std::string());
    if (rule.name.empty() || pattern.empty())
      return Fail(RuleError(origin, t->source(), "rule needs name and pattern"));
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(limits::kRe2MaxMemBytes);
    rule.pattern = std::make_unique<RE2>(pattern, options);
    if (!rule.pattern->ok())
      return Fail(RuleError(origin, t->source(), rule.name + ": " + rule.pattern->error()));
    for (const auto& [kind, index] : rule.pattern->NamedCapturingGroups())
      rule.groups.emplace_back(index, kind);
    if (rule.groups.empty())
      return Fail(RuleError(origin, t->source(), rule.name + ": no named group to redact"));
    if (const toml::array* keep = (*t)["keep"].as_array()) {
      for (const auto& v : *keep) {
        if (!v.is_string())
          return Fail(RuleError(origin, v.source(), rule.name + ": keep: not a string"));
        rule.keep.insert(v.as_string()->get());
      }
    }
    out.rules.push_back(std::move(rule));
  }
  return out;
}

Result<const RedactionRules*> BuiltinRedactionRules() {
  static const Result<RedactionRules> rules =
      LoadRedactionRules(kEmbeddedRedactionRules, "redaction_rules.toml");
  if (!rules) return Fail(rules.error());
  return &*rules;
}

}  // namespace crashsift::redact
