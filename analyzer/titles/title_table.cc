#include "analyzer/titles/title_table.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

// toml++ from Debian is prebuilt with exceptions on; this file is the only
// place that calls it, and it catches toml::parse_error.
#include <toml++/toml.h>

#include "analyzer/core/limits.h"
#include "analyzer/events/event_kind.h"

namespace crashsift::titles {

// Defined in the generated title_formats_data.cc.
extern const char kEmbeddedTitleFormats[];

namespace {

constexpr int kMaxMacroDepth = 8;

class Loader {
 public:
  Loader(std::string_view origin) : origin_(origin) {}

  Result<std::unique_ptr<const TitleTable>> Load(std::string_view text) {
    toml::table root;
    try {
      root = toml::parse(text, origin_);
    } catch (const toml::parse_error& e) {
      return Fail(ErrorCode::kSyntax, origin_, std::string(e.description()),
                  static_cast<uint64_t>(e.source().begin.line));
    }
    auto table = std::make_unique<TitleTable>();
    if (!LoadMacros(root) || !LoadGlobals(root, *table) || !LoadOopses(root, *table) ||
        !LoadTypes(root, *table) || !LoadEventRules(root, *table)) {
      return Fail(error_);
    }
    return std::unique_ptr<const TitleTable>(std::move(table));
  }

 private:
  bool Error(const toml::source_region& where, std::string what) {
    error_ = crashsift::Error{ErrorCode::kInvalidSignature, origin_,
                              static_cast<uint64_t>(where.begin.line), std::move(what)};
    error_.is_line = true;
    return false;
  }

  bool LoadMacros(const toml::table& root) {
    const toml::table* macros = root["macros"].as_table();
    if (macros == nullptr) return true;
    for (const auto& [key, node] : *macros) {
      const auto* value = node.as_string();
      if (value == nullptr)
        return Error(node.source(), "macros." + std::string(key) + ": not a string");
      macros_.emplace_back("{{" + std::string(key.str()) + "}}", value->get());
    }
    return true;
  }

  // Replaces {{NAME}} until none is left (macros may use macros).
  bool Expand(const toml::node& where, std::string& pattern) {
    for (int depth = 0; depth < kMaxMacroDepth; ++depth) {
      bool changed = false;
      for (const auto& [name, value] : macros_) {
        for (size_t pos = pattern.find(name); pos != std::string::npos;
             pos = pattern.find(name, pos + value.size())) {
          pattern.replace(pos, name.size(), value);
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (pattern.find("{{") != std::string::npos) {
      return Error(where.source(), "unknown or recursive macro in '" + pattern + "'");
    }
    return true;
  }

  bool Compile(const toml::node& where, std::string pattern, std::unique_ptr<RE2>& out) {
    if (!Expand(where, pattern)) return false;
    out = std::make_unique<RE2>(pattern, RuleRegexOptions());
    if (!out->ok()) return Error(where.source(), "bad regex '" + pattern + "': " + out->error());
    return true;
  }

  bool Strings(const toml::node_view<const toml::node>& view, std::string_view name,
               std::vector<std::string>& out) {
    if (!view) return true;
    const toml::array* array = view.as_array();
    if (array == nullptr) return Error(view.node()->source(), std::string(name) + ": not an array");
    for (const auto& item : *array) {
      const auto* value = item.as_string();
      if (value == nullptr) return Error(item.source(), std::string(name) + ": not a string");
      out.push_back(value->get());
    }
    return true;
  }

  bool Regexes(const toml::node_view<const toml::node>& view, std::string_view name,
               std::vector<std::unique_ptr<RE2>>& out) {
    std::vector<std::string> patterns;
    if (!Strings(view, name, patterns)) return false;
    for (size_t i = 0; i < patterns.size(); ++i) {
      std::unique_ptr<RE2> re;
      if (!Compile(*view.as_array()->get(i), patterns[i], re)) return false;
      out.push_back(std::move(re));
    }
    return true;
  }

  // One alternation of substring patterns ("a|b|c"), each group wrapped so
  // anchors inside a pattern keep their meaning. Compiled once per distinct
  // list (many formats add the same few words).
  bool SkipRegex(const toml::node& where, const std::vector<std::string>& patterns,
                 std::shared_ptr<const RE2>& out) {
    if (patterns.empty()) return true;
    std::string joined;
    for (const auto& p : patterns) {
      if (!joined.empty()) joined += '|';
      joined += "(?:" + p + ")";
    }
    auto [it, inserted] = compiled_skips_.try_emplace(joined);
    if (inserted) {
      std::unique_ptr<RE2> re;
      if (!Compile(where, joined, re)) {
        compiled_skips_.erase(it);
        return false;
      }
      it->second = std::move(re);
    }
    out = it->second;
    return true;
  }

  // The global skip list (LoadGlobals compiled it) plus `where`'s own list.
  bool Skips(const toml::table& where, const std::string& name, SkipList& out) {
    std::vector<std::string> own;
    if (!Strings(where["skip"], name + ".skip", own)) return false;
    out.global = global_skip_regex_;
    return SkipRegex(where, own, out.own);
  }

  bool LoadGlobals(const toml::table& root, TitleTable& t) {
    const auto& r = root;
    if (!Regexes(r["report_start_ignores"], "report_start_ignores", t.report_start_ignores) ||
        !Strings(r["info_with_stack"], "info_with_stack", t.info_with_stack) ||
        !Regexes(r["corrupted_titles"], "corrupted_titles", t.corrupted_titles) ||
        !Regexes(r["suppressions"], "suppressions", t.suppressions) ||
        !Strings(r["suppression_keywords"], "suppression_keywords", t.suppression_keywords) ||
        !Regexes(r["stack"]["start"], "stack.start", t.stack_starts) ||
        !Regexes(r["stack"]["frame"], "stack.frame", t.frame_patterns) ||
        !Regexes(r["stack"]["corrupted_line"], "stack.corrupted_line", t.corrupted_lines) ||
        !Strings(r["stack"]["strip_prefixes"], "stack.strip_prefixes", t.strip_prefixes) ||
        !Strings(r["stack"]["skip"], "stack.skip", global_skip_) ||
        !Regexes(r["stall"]["anchors"], "stall.anchors", t.stall_anchors) ||
        !Strings(r["stall"]["report_self"], "stall.report_self", t.stall_report_self) ||
        !Strings(r["hang"]["skip_words"], "hang.skip_words", t.hang_skip_words) ||
        !Strings(r["report"]["skip_line"], "report.skip_line", t.report_skip_line) ||
        !Strings(r["report"]["all_cpus"], "report.all_cpus", t.report_all_cpus) ||
        !Strings(r["report"]["cut_tail"], "report.cut_tail", t.report_cut_tail)) {
      return false;
    }
    t.console_hangup = r["console_hangup"].value_or(std::string());
    t.report_min_lines = r["report"]["min_lines"].value_or(size_t{22});
    t.short_report_marker = r["report"]["short_report_marker"].value_or(std::string());
    t.short_min_lines = r["report"]["short_min_lines"].value_or(size_t{16});
    if (t.frame_patterns.empty() || t.stack_starts.empty()) {
      return Error(root.source(), "stack.frame and stack.start must not be empty");
    }
    std::vector<std::string> not_required;
    if (!Strings(r["stack"]["start_not_required"], "stack.start_not_required", not_required)) {
      return false;
    }
    for (const auto& pattern : not_required) {
      for (const auto& re : t.stack_starts) {
        if (re->pattern() == pattern) t.stack_starts_not_required.push_back(re.get());
      }
    }
    if (const toml::array* buckets = r["hang"]["buckets"].as_array()) {
      for (const auto& node : *buckets) {
        const toml::table* bucket = node.as_table();
        auto contains = bucket ? (*bucket)["contains"].value<std::string>() : std::nullopt;
        auto title = bucket ? (*bucket)["title"].value<std::string>() : std::nullopt;
        if (!contains || !title)
          return Error(node.source(), "hang.buckets: need contains and title");
        t.hang_buckets.push_back({*contains, *title});
      }
    }
    // One alternation each, for the per-line checks of the frame walker.
    auto join = [](const std::vector<std::unique_ptr<RE2>>& list) {
      std::vector<std::string> patterns;
      for (const auto& re : list) patterns.push_back(re->pattern());
      return patterns;
    };
    if (!SkipRegex(root, global_skip_, global_skip_regex_)) return false;
    t.global_skip = global_skip_regex_;
    return SkipRegex(root, join(t.stack_starts), t.any_stack_start) &&
           (t.corrupted_lines.empty() ||
            SkipRegex(root, join(t.corrupted_lines), t.any_corrupted_line));
  }

  bool LoadRecipe(const toml::table& f, const std::string& name, const char* key,
                  std::vector<RecipeStep>& out) {
    std::vector<std::string> steps;
    if (!Strings(f[key], name + "." + key, steps)) return false;
    for (size_t i = 0; i < steps.size(); ++i) {
      RecipeStep step;
      if (steps[i] != "TRACE" && !Compile(*f[key].as_array()->get(i), steps[i], step.regex)) {
        return false;
      }
      out.push_back(std::move(step));
    }
    return true;
  }

  bool LoadFormat(const toml::table& f, const std::string& name, TitleFormat& format) {
    auto title = f["title"].value<std::string>();
    auto tmpl = f["template"].value<std::string>();
    if (!title || !tmpl) return Error(f.source(), name + ": needs title and template");
    if (!Compile(*f["title"].node(), *title, format.title)) return false;
    if (auto report = f["report"].value<std::string>()) {
      if (!Compile(*f["report"].node(), *report, format.report)) return false;
    }
    format.template_text = *tmpl;
    format.corrupted = f["corrupted"].value_or(false);
    format.no_stack_trace = f["no_stack_trace"].value_or(false);
    if (!Strings(f["alt"], name + ".alt", format.alt_templates) ||
        !LoadRecipe(f, name, "stack", format.recipe.steps) ||
        !LoadRecipe(f, name, "stack2", format.recipe.fallback_steps)) {
      return false;
    }
    if (!format.recipe.steps.empty() && !Skips(f, name, format.recipe.skip)) return false;
    return Extractor(f, name, format.recipe.extractor);
  }

  bool Extractor(const toml::table& f, const std::string& name, FrameExtractor& out) {
    std::string extractor = f["extractor"].value_or(std::string("first"));
    if (extractor == "first") {
      out = FrameExtractor::kFirst;
    } else if (extractor == "stall") {
      out = FrameExtractor::kStall;
    } else if (extractor == "hang") {
      out = FrameExtractor::kHang;
    } else {
      return Error(f.source(), name + ": unknown extractor '" + extractor + "'");
    }
    return true;
  }

  bool LoadEventRules(const toml::table& root, TitleTable& t) {
    const toml::array* rules = root["event"].as_array();
    if (rules == nullptr) return true;
    for (size_t i = 0; i < rules->size(); ++i) {
      const toml::table* r = rules->get(i)->as_table();
      std::string name = "event[" + std::to_string(i) + "]";
      auto kind = r ? (*r)["kind"].value<std::string>() : std::nullopt;
      auto tmpl = r ? (*r)["template"].value<std::string>() : std::nullopt;
      if (!kind || !tmpl) return Error(rules->get(i)->source(), name + ": needs kind and template");
      if (*kind != "*" && !events::EventKindFromString(*kind)) {
        return Error(r->source(), name + ": unknown event kind '" + *kind + "'");
      }
      EventTitleRule rule;
      rule.kind = *kind;
      rule.template_text = *tmpl;
      rule.rip = (*r)["rip"].value_or(false);
      rule.corrupted = (*r)["corrupted"].value_or(false);
      rule.crash = (*r)["crash"].value_or(true);
      if (!Skips(*r, name, rule.skip) || !Extractor(*r, name, rule.extractor)) {
        return false;
      }
      t.event_rules.push_back(std::move(rule));
    }
    return true;
  }

  bool LoadOopses(const toml::table& root, TitleTable& t) {
    const toml::array* oopses = root["oops"].as_array();
    if (oopses == nullptr || oopses->empty()) return Error(root.source(), "no [[oops]] tables");
    for (size_t i = 0; i < oopses->size(); ++i) {
      const toml::table* o = oopses->get(i)->as_table();
      std::string name = "oops[" + std::to_string(i) + "]";
      if (o == nullptr) return Error(oopses->get(i)->source(), name + ": not a table");
      OopsMarker oops;
      auto marker = (*o)["marker"].value<std::string>();
      if (!marker || marker->empty()) return Error(o->source(), name + ": needs a marker");
      oops.marker = *marker;
      if (!Regexes((*o)["suppress"], name + ".suppress", oops.suppressions)) return false;
      const toml::array* formats = (*o)["format"].as_array();
      if (formats == nullptr || formats->empty()) return Error(o->source(), name + ": no formats");
      for (size_t j = 0; j < formats->size(); ++j) {
        const toml::table* f = formats->get(j)->as_table();
        std::string fname = name + ".format[" + std::to_string(j) + "]";
        if (f == nullptr) return Error(formats->get(j)->source(), fname + ": not a table");
        TitleFormat format;
        if (!LoadFormat(*f, fname, format)) return false;
        oops.formats.push_back(std::move(format));
      }
      t.oopses.push_back(std::move(oops));
    }
    // MarkerFinder reports each marker and keyword as one bit of a uint64_t.
    if (t.oopses.size() + t.suppression_keywords.size() + t.info_with_stack.size() +
            t.report_skip_line.size() + t.report_all_cpus.size() + t.report_cut_tail.size() + 2 >
        63) {
      return Error(root.source(), "more than 62 markers and suppression keywords");
    }
    return true;
  }

  bool LoadTypes(const toml::table& root, TitleTable& t) {
    const toml::array* types = root["types"].as_array();
    if (types == nullptr) return true;
    for (const auto& node : *types) {
      const toml::table* rule = node.as_table();
      auto type = rule ? (*rule)["type"].value<std::string>() : std::nullopt;
      if (!type) return Error(node.source(), "types: needs type");
      TypeRule out{*type, {}};
      if (!Strings((*rule)["prefixes"], "types.prefixes", out.prefixes)) return false;
      t.types.push_back(std::move(out));
    }
    return true;
  }

  std::string origin_;
  crashsift::Error error_;
  std::vector<std::pair<std::string, std::string>> macros_;
  std::vector<std::string> global_skip_;
  std::shared_ptr<const RE2> global_skip_regex_;
  std::map<std::string, std::shared_ptr<const RE2>> compiled_skips_;
};

}  // namespace

bool SkipList::Matches(std::string_view name) const {
  return (global && RE2::PartialMatch(name, *global)) || (own && RE2::PartialMatch(name, *own));
}

RE2::Options RuleRegexOptions() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(limits::kRe2MaxMemBytes / 8);
  return options;
}

Result<std::unique_ptr<const TitleTable>> LoadTitleTable(std::string_view toml_text,
                                                         std::string_view origin) {
  return Loader(origin).Load(toml_text);
}

Result<const TitleTable*> DefaultTitleTable() {
  static std::once_flag once;
  static Result<std::unique_ptr<const TitleTable>>* loaded = nullptr;
  std::call_once(once, [] {
    loaded = new Result<std::unique_ptr<const TitleTable>>(
        LoadTitleTable(kEmbeddedTitleFormats, "title_formats.toml"));
  });
  if (!loaded->has_value()) return Fail(loaded->error());
  return loaded->value().get();
}

}  // namespace crashsift::titles
