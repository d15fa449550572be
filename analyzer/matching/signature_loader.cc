#include "analyzer/matching/signature_loader.h"

#include <re2/re2.h>
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "analyzer/core/limits.h"
#include "analyzer/matching/fact_clause.h"
#include "analyzer/matching/toml_nesting.h"

namespace crashsift::matching {
namespace {

constexpr size_t kMaxSignatureFileBytes = 1 << 20;

// Collects the first error; every helper returns false once one is set.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  bool Fail(const toml::node* node, const std::string& field, const std::string& reason) {
    if (error_) return false;
    Error e;
    e.code = ErrorCode::kInvalidSignature;
    e.path = path_;
    if (node && node->source().begin.line > 0) {
      e.offset_or_line = node->source().begin.line;
      e.is_line = true;
    }
    e.reason = field.empty() ? reason : field + ": " + reason;
    error_ = std::move(e);
    return false;
  }
  bool failed() const { return error_.has_value(); }
  Error TakeError() { return std::move(*error_); }
  const std::string& path() const { return path_; }

  bool CheckKeys(const toml::table& table, const std::string& where,
                 const std::set<std::string_view>& allowed) {
    for (auto&& [key, value] : table) {
      if (!allowed.contains(key.str())) {
        std::string field =
            where.empty() ? std::string(key.str()) : where + "." + std::string(key.str());
        return Fail(&value, field, "unknown field");
      }
    }
    return true;
  }

  bool String(const toml::table& t, std::string_view key, const std::string& field,
              std::string& out, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) return Fail(&t, field, "missing required field");
      return true;
    }
    if (!n->is_string()) return Fail(n, field, "must be a string");
    out = n->as_string()->get();
    if (required && out.empty()) return Fail(n, field, "must not be empty");
    return true;
  }

  bool Bool(const toml::table& t, std::string_view key, const std::string& field,
            std::optional<bool>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_boolean()) return Fail(n, field, "must be true or false");
    out = n->as_boolean()->get();
    return true;
  }

  bool StringList(const toml::table& t, std::string_view key, const std::string& field,
                  std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    const toml::array* a = n->as_array();
    if (!a) return Fail(n, field, "must be an array of strings");
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& item = (*a)[i];
      if (!item.is_string()) {
        return Fail(&item, field + "[" + std::to_string(i) + "]", "must be a string");
      }
      out.push_back(item.as_string()->get());
    }
    return true;
  }

  // A string or an array of strings.
  bool StringOrList(const toml::table& t, std::string_view key, const std::string& field,
                    std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (n->is_string()) {
      out.push_back(n->as_string()->get());
      return true;
    }
    return StringList(t, key, field, out);
  }

  bool Regex(const toml::table& t, std::string_view key, const std::string& field,
             std::optional<Pattern>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_string()) return Fail(n, field, "must be a string (a regex)");
    Pattern p;
    if (!CompileCheck(n, field, n->as_string()->get(), p)) return false;
    out = std::move(p);
    return true;
  }

  bool CompileCheck(const toml::node* n, const std::string& field, const std::string& raw,
                    Pattern& p) {
    if (raw.empty()) return Fail(n, field, "empty regex");
    p.text = ExpandRegexMacros(raw);
    p.where = SourceLine{path_, static_cast<uint32_t>(n->source().begin.line)};
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(limits::kRe2MaxMemBytes);
    RE2 re(p.text, options);
    if (!re.ok()) return Fail(n, field, "bad regex: " + re.error());
    return true;
  }

  bool Ranges(const toml::table& t, std::string_view key, const std::string& field,
              std::vector<VersionRange>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    std::vector<std::string> texts;
    if (!StringOrList(t, key, field, texts)) return false;
    for (size_t i = 0; i < texts.size(); ++i) {
      std::string reason;
      auto r = ParseVersionRange(texts[i], reason);
      if (!r) return Fail(n, field + "[" + std::to_string(i) + "]", reason);
      out.push_back(std::move(*r));
    }
    return true;
  }

 private:
  std::string path_;
  std::optional<Error> error_;
};

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok_first(id.front())) return false;
  for (char c : id) {
    if (!ok_first(c) && c != '-') return false;
  }
  return true;
}

std::string GeneratedClauseName(const Clause& c) {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!c.kinds.empty()) {
    std::string k;
    for (auto kind : c.kinds) k += (k.empty() ? "" : "|") + std::string(events::ToString(kind));
    add("kind " + k);
  }
  if (c.task) add("task /" + c.task->text + "/");
  if (c.headline) add("headline /" + c.headline->text + "/");
  if (c.line) add("line /" + c.line->text + "/");
  for (const auto& d : c.details) add(d.key + " /" + d.pattern.text + "/");
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& f : v) s += (s.empty() ? "" : sep) + f;
    return s;
  };
  if (!c.frames.empty()) add("frames " + join(c.frames, " -> "));
  if (!c.frames_all.empty()) add("frames " + join(c.frames_all, " & "));
  if (!c.frames_any.empty()) add("a frame of " + join(c.frames_any, "|"));
  if (!c.fact.empty()) add("fact " + c.fact);
  if (!c.module.empty()) add("module " + c.module);
  if (!c.file.empty()) add("file " + c.file);
  return out;
}

enum class ClauseRole { kRequire, kSupport, kExclude, kSymptom };

bool ReadClause(Reader& r, const toml::table& t, const std::string& where, ClauseRole role,
                Clause& c) {
  static const std::set<std::string_view> kKeys = {
      "name",   "kind",       "line",       "headline", "task", "details",
      "frames", "frames_all", "frames_any", "module",   "top",  "unreliable_frames",
      "weight", "root",       "fact",       "file"};
  if (!r.CheckKeys(t, where, kKeys)) return false;
  c.where = SourceLine{r.path(), static_cast<uint32_t>(t.source().begin.line)};
  if (!r.String(t, "name", where + ".name", c.name, false)) return false;
  std::vector<std::string> kinds;
  if (!r.StringOrList(t, "kind", where + ".kind", kinds)) return false;
  for (const std::string& k : kinds) {
    auto kind = events::EventKindFromString(k);
    if (!kind) return r.Fail(t.get("kind"), where + ".kind", "unknown event kind '" + k + "'");
    c.kinds.push_back(*kind);
  }
  if (!r.Regex(t, "line", where + ".line", c.line)) return false;
  if (!r.Regex(t, "headline", where + ".headline", c.headline)) return false;
  if (!r.Regex(t, "task", where + ".task", c.task)) return false;
  if (const toml::node* d = t.get("details")) {
    const toml::table* dt = d->as_table();
    if (!dt) return r.Fail(d, where + ".details", "must be a table of regexes");
    for (auto&& [key, value] : *dt) {
      std::string field = where + ".details." + std::string(key.str());
      if (!value.is_string()) return r.Fail(&value, field, "must be a string (a regex)");
      DetailPattern dp;
      dp.key = std::string(key.str());
      if (!r.CompileCheck(&value, field, value.as_string()->get(), dp.pattern)) return false;
      c.details.push_back(std::move(dp));
    }
  }
  if (!r.StringList(t, "frames", where + ".frames", c.frames)) return false;
  if (!r.StringList(t, "frames_all", where + ".frames_all", c.frames_all)) return false;
  if (!r.StringList(t, "frames_any", where + ".frames_any", c.frames_any)) return false;
  if (!r.String(t, "module", where + ".module", c.module, false)) return false;
  if (!r.String(t, "fact", where + ".fact", c.fact, false)) return false;
  if (!c.fact.empty() && !IsKnownFact(c.fact)) {
    return r.Fail(t.get("fact"), where + ".fact",
                  "unknown fact '" + c.fact + "' (known: loop_device, out_of_tree_code)");
  }
  if (!r.String(t, "file", where + ".file", c.file, false)) return false;
  if (c.file.starts_with("/") || c.file.ends_with("/") || c.file.find(':') != std::string::npos)
    return r.Fail(t.get("file"), where + ".file",
                  "must be a source path relative to the source tree (\"module/zfs/zap.c\"), "
                  "without line");
  if (const toml::node* n = t.get("top")) {
    if (!n->is_integer()) return r.Fail(n, where + ".top", "must be an integer");
    int64_t v = n->as_integer()->get();
    if (v < 1 || v > 256) return r.Fail(n, where + ".top", "must be between 1 and 256");
    c.top = static_cast<uint32_t>(v);
  }
  std::optional<bool> b;
  if (!r.Bool(t, "unreliable_frames", where + ".unreliable_frames", b)) return false;
  c.unreliable_frames = b.value_or(false);
  if (const toml::node* n = t.get("weight")) {
    if (role != ClauseRole::kSupport)
      return r.Fail(n, where + ".weight", "only [[support]] clauses have a weight");
    if (!n->is_number()) return r.Fail(n, where + ".weight", "must be a number");
    double w = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                               : n->as_floating_point()->get();
    if (!(w > 0 && w <= 1)) return r.Fail(n, where + ".weight", "must be in (0, 1]");
    c.weight = w;
  }
  std::optional<bool> root;
  if (!r.Bool(t, "root", where + ".root", root)) return false;
  if (root && role != ClauseRole::kRequire)
    return r.Fail(t.get("root"), where + ".root", "only [[require]] clauses can be the root");
  c.root = root.value_or(false);
  bool has_event_rule = !c.kinds.empty() || c.line || c.headline || c.task || !c.details.empty() ||
                        !c.frames.empty() || !c.frames_all.empty() || !c.frames_any.empty() ||
                        !c.module.empty() || !c.file.empty();
  if (!has_event_rule && c.fact.empty())
    return r.Fail(&t, where,
                  "a clause needs at least one rule (kind, line, headline, task, details, frames, "
                  "frames_all, frames_any, module, file, fact)");
  if (has_event_rule && !c.fact.empty())
    return r.Fail(&t, where, "a fact clause holds on the boot, not on an event: no other rule");
  if (!c.fact.empty() && role != ClauseRole::kRequire && role != ClauseRole::kSupport)
    return r.Fail(&t, where, "only [[require]] and [[support]] clauses can name a fact");
  if (!c.fact.empty() && c.root)
    return r.Fail(&t, where, "a fact clause cannot be the root (it names no event)");
  if (c.name.empty()) c.name = GeneratedClauseName(c);
  return true;
}

bool ReadClauses(Reader& r, const toml::table& root, std::string_view key, ClauseRole role,
                 std::vector<Clause>& out) {
  const toml::node* n = root.get(key);
  if (!n) return true;
  const toml::array* a = n->as_array();
  if (!a)
    return r.Fail(n, std::string(key), "must be an array of tables ([[" + std::string(key) + "]])");
  for (size_t i = 0; i < a->size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    const toml::table* t = (*a)[i].as_table();
    if (!t) return r.Fail(&(*a)[i], where, "must be a table");
    Clause c;
    if (!ReadClause(r, *t, where, role, c)) return false;
    out.push_back(std::move(c));
  }
  return true;
}

// [[affected]]: which kernel or OpenZFS versions the problem is in.
bool ReadAffected(Reader& r, const toml::table& root, std::vector<AffectedRule>& affected) {
  const toml::node* n = root.get("affected");
  if (!n) return true;
  const toml::array* a = n->as_array();
  if (!a) return r.Fail(n, "affected", "must be an array of tables ([[affected]])");
  for (size_t i = 0; i < a->size(); ++i) {
    std::string where = "affected[" + std::to_string(i) + "]";
    const toml::table* t = (*a)[i].as_table();
    if (!t) return r.Fail(&(*a)[i], where, "must be a table");
    if (!r.CheckKeys(*t, where,
                     {"component", "ranges", "inside", "outside", "unverified", "unverified_why"}))
      return false;
    AffectedRule rule;
    std::string component;
    if (!r.String(*t, "component", where + ".component", component, true)) return false;
    if (component == "kernel") {
      rule.component = Component::kKernel;
    } else if (component == "openzfs") {
      rule.component = Component::kOpenZfs;
    } else {
      return r.Fail(t->get("component"), where + ".component", "must be \"kernel\" or \"openzfs\"");
    }
    if (!t->get("ranges")) return r.Fail(t, where + ".ranges", "missing required field");
    if (!r.Ranges(*t, "ranges", where + ".ranges", rule.ranges)) return false;
    if (!r.String(*t, "inside", where + ".inside", rule.inside, true)) return false;
    if (!r.String(*t, "outside", where + ".outside", rule.outside, true)) return false;
    if (!r.Ranges(*t, "unverified", where + ".unverified", rule.unverified)) return false;
    if (!r.String(*t, "unverified_why", where + ".unverified_why", rule.unverified_why,
                  !rule.unverified.empty()))
      return false;
    affected.push_back(std::move(rule));
  }
  return true;
}

// [[fragment]] clauses and fragment_confidence: the signature on a stack
// fragment whose report header was cut (signature.h).
bool ReadFragment(Reader& r, const toml::table& root, Signature& s) {
  if (!ReadClauses(r, root, "fragment", ClauseRole::kRequire, s.fragment)) return false;
  for (size_t i = 0; i < s.fragment.size(); ++i) {
    Clause& c = s.fragment[i];
    std::string where = "fragment[" + std::to_string(i) + "]";
    if (!c.kinds.empty())
      return r.Fail(root.get("fragment"), where + ".kind",
                    "a fragment clause holds on a stack_fragment event only; no kind");
    if (c.root) return r.Fail(root.get("fragment"), where, "a fragment clause is never the root");
    if (c.fact.empty()) c.kinds.push_back(events::EventKind::kStackFragment);
  }
  if (!s.fragment.empty() && s.scope == Scope::kBoot)
    return r.Fail(root.get("fragment"), "fragment", "only event-scope signatures have fragments");
  if (const toml::node* n = root.get("fragment_confidence")) {
    if (s.fragment.empty())
      return r.Fail(n, "fragment_confidence", "needs at least one [[fragment]] clause");
    if (!n->is_floating_point()) return r.Fail(n, "fragment_confidence", "must be a number");
    double c = n->as_floating_point()->get();
    if (!(c > 0 && c <= 1)) return r.Fail(n, "fragment_confidence", "must be in (0, 1]");
    s.fragment_confidence = c;
  }
  return true;
}

bool ReadSignature(Reader& r, const toml::table& root, const std::string& path, Signature& s) {
  static const std::set<std::string_view> kKeys = {
      "id",           "title",    "summary",    "scope",    "tags",
      "bucket",       "priority", "require",    "support",  "exclude",
      "symptom",      "system",   "affected",   "action",   "references",
      "collect_next", "tests",    "confidence", "fragment", "fragment_confidence"};
  if (!r.CheckKeys(root, "", kKeys)) return false;
  if (!r.String(root, "id", "id", s.id, true)) return false;
  if (!ValidId(s.id)) return r.Fail(root.get("id"), "id", "must match [a-z0-9][a-z0-9-]*");
  std::string stem = std::filesystem::path(path).stem().string();
  if (!path.empty() && stem != s.id) {
    return r.Fail(root.get("id"), "id", "'" + s.id + "' differs from the file name '" + stem + "'");
  }
  if (!r.String(root, "title", "title", s.title, true)) return false;
  if (!r.String(root, "summary", "summary", s.summary, true)) return false;
  while (!s.summary.empty() && (s.summary.front() == '\n')) s.summary.erase(0, 1);
  std::string scope;
  if (!r.String(root, "scope", "scope", scope, false)) return false;
  if (scope == "boot") {
    s.scope = Scope::kBoot;
  } else if (!scope.empty() && scope != "event") {
    return r.Fail(root.get("scope"), "scope", "must be \"event\" or \"boot\"");
  }
  if (!r.StringList(root, "tags", "tags", s.tags)) return false;
  if (!r.StringList(root, "bucket", "bucket", s.bucket)) return false;
  if (const toml::node* n = root.get("priority")) {
    if (!n->is_integer()) return r.Fail(n, "priority", "must be an integer");
    s.priority = static_cast<int>(n->as_integer()->get());
  }
  if (const toml::node* n = root.get("confidence")) {
    if (!n->is_number()) return r.Fail(n, "confidence", "must be a number");
    double c = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                               : n->as_floating_point()->get();
    if (!(c > 0 && c <= 1)) return r.Fail(n, "confidence", "must be in (0, 1]");
    s.base_confidence = c;
  }
  if (!ReadClauses(r, root, "require", ClauseRole::kRequire, s.require)) return false;
  if (s.require.empty())
    return r.Fail(&root, "require", "at least one [[require]] clause is needed");
  if (!ReadFragment(r, root, s)) return false;
  if (!ReadClauses(r, root, "support", ClauseRole::kSupport, s.support)) return false;
  if (!ReadClauses(r, root, "exclude", ClauseRole::kExclude, s.exclude)) return false;
  if (!ReadClauses(r, root, "symptom", ClauseRole::kSymptom, s.symptom)) return false;
  int roots = 0;
  for (const Clause& c : s.require) roots += c.root ? 1 : 0;
  if (roots > 1)
    return r.Fail(root.get("require"), "require", "at most one clause can be the root");
  if (roots == 0) s.require.front().root = true;

  if (const toml::node* n = root.get("system")) {
    const toml::table* t = n->as_table();
    if (!t) return r.Fail(n, "system", "must be a table");
    if (!r.CheckKeys(*t, "system", {"zfs", "kernel", "openzfs"})) return false;
    if (!r.Bool(*t, "zfs", "system.zfs", s.system.zfs)) return false;
    if (!r.Ranges(*t, "kernel", "system.kernel", s.system.kernel)) return false;
    if (!r.Ranges(*t, "openzfs", "system.openzfs", s.system.openzfs)) return false;
  }
  if (!ReadAffected(r, root, s.affected)) return false;
  if (const toml::node* n = root.get("action")) {
    const toml::array* a = n->as_array();
    if (!a) return r.Fail(n, "action", "must be an array of tables ([[action]])");
    for (size_t i = 0; i < a->size(); ++i) {
      std::string where = "action[" + std::to_string(i) + "]";
      const toml::table* t = (*a)[i].as_table();
      if (!t) return r.Fail(&(*a)[i], where, "must be a table");
      if (!r.CheckKeys(*t, where, {"text", "only_if_affected"})) return false;
      ActionSpec action;
      if (!r.String(*t, "text", where + ".text", action.text, true)) return false;
      std::optional<bool> b;
      if (!r.Bool(*t, "only_if_affected", where + ".only_if_affected", b)) return false;
      action.only_if_affected = b.value_or(false);
      s.actions.push_back(std::move(action));
    }
  }
  if (!r.StringList(root, "references", "references", s.references)) return false;
  if (!r.StringList(root, "collect_next", "collect_next", s.collect_next)) return false;
  if (const toml::node* n = root.get("tests")) {
    const toml::table* t = n->as_table();
    if (!t) return r.Fail(n, "tests", "must be a table");
    if (!r.CheckKeys(*t, "tests", {"match", "no_match"})) return false;
    if (!r.StringList(*t, "match", "tests.match", s.tests_match)) return false;
    if (!r.StringList(*t, "no_match", "tests.no_match", s.tests_no_match)) return false;
  }
  return !r.failed();
}

}  // namespace

std::string ExpandRegexMacros(std::string_view regex) {
  static constexpr std::pair<std::string_view, std::string_view> kMacros[] = {
      {"{{FUNC}}", "[A-Za-z_][A-Za-z0-9_.]*"},
      {"{{HEX}}", "[0-9a-fA-F]+"},
      {"{{ADDR}}", "(?:0x)?[0-9a-fA-F]+"},
      {"{{NUM}}", "[0-9]+"},
  };
  std::string out;
  out.reserve(regex.size());
  size_t i = 0;
  while (i < regex.size()) {
    bool replaced = false;
    if (regex[i] == '{' && i + 1 < regex.size() && regex[i + 1] == '{') {
      for (const auto& [name, value] : kMacros) {
        if (regex.substr(i).starts_with(name)) {
          out += value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += regex[i++];
  }
  return out;
}

Result<Signature> ParseSignature(std::string_view text, const std::string& path,
                                 const std::string& subsystem) {
  if (auto shallow = CheckTomlNesting(text, path, limits::kMaxTomlNesting); !shallow)
    return tl::unexpected<Error>(shallow.error());
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    Error error;
    error.code = ErrorCode::kSyntax;
    error.path = path;
    if (e.source().begin.line > 0) {
      error.offset_or_line = e.source().begin.line;
      error.is_line = true;
    }
    error.reason = "TOML: " + std::string(e.description());
    return tl::unexpected<Error>(std::move(error));
  }
  Reader reader(path);
  Signature s;
  s.path = path;
  s.subsystem = subsystem;
  if (!ReadSignature(reader, root, path, s)) return tl::unexpected<Error>(reader.TakeError());
  return s;
}

Result<Signature> LoadSignatureFile(const std::filesystem::path& path,
                                    const std::string& subsystem) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(ErrorCode::kNotFound, path.string(), "cannot read: " + ec.message());
  if (size > kMaxSignatureFileBytes) {
    return Fail(ErrorCode::kLimitExceeded, path.string(), "signature file larger than 1 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, path.string(), "cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseSignature(buf.str(), path.string(), subsystem);
}

}  // namespace crashsift::matching
