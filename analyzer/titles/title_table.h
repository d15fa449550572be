// The compiled crash-title rules (title_formats.toml): oops markers with their
// false-positive suppressions, title formats, stack recipes, frame-skip lists
// and stall/hang anchors. Built once, immutable afterwards, shared by every
// ReportScanner and TitleForEvent call.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace crashsift::titles {

// How the guilty frame is chosen from the frames a recipe collected.
enum class FrameExtractor {
  kFirst,  // the first frame not on a skip list
  kStall,  // the frame just before the first stall anchor (loops, stalls)
  kHang,   // hung-task buckets (rtnl_lock, synchronize_rcu), else skip words
};

// One step of a stack recipe: a regex that advances (and may capture frames),
// or a "parse a stack trace from here" marker (regex == nullptr).
struct RecipeStep {
  std::unique_ptr<RE2> regex;
  bool IsTrace() const { return regex == nullptr; }
};

// A frame-skip list: the global list, one regex shared by every format and
// rule, plus a format's or rule's own additions compiled apart (compiling
// the long global list again for each of them was most of start-up). A name
// is skipped when either matches, as it would with one alternation.
struct SkipList {
  std::shared_ptr<const RE2> global;
  std::shared_ptr<const RE2> own;
  bool Matches(std::string_view name) const;
};

struct StackRecipe {
  std::vector<RecipeStep> steps;
  std::vector<RecipeStep> fallback_steps;  // tried when `steps` finds no frame
  SkipList skip;                           // global + per-format skip
  FrameExtractor extractor = FrameExtractor::kFirst;
  bool Empty() const { return steps.empty(); }
};

struct TitleFormat {
  std::unique_ptr<RE2> title;
  std::unique_ptr<RE2> report;  // optional
  std::string template_text;    // "{1}" .. "{9}": captures, then frames
  std::vector<std::string> alt_templates;
  StackRecipe recipe;
  bool corrupted = false;
  bool no_stack_trace = false;
};

struct OopsMarker {
  std::string marker;  // plain substring that opens a report
  std::vector<std::unique_ptr<RE2>> suppressions;
  std::vector<TitleFormat> formats;
};

struct HangBucket {
  std::string contains;
  std::string title;  // empty: report the frame itself
};

struct TypeRule {
  std::string type;
  std::vector<std::string> prefixes;
};

// A title rule for one of crashsift's own event kinds (see TitleForEvent).
struct EventTitleRule {
  std::string kind;           // events::ToString(EventKind) name, or "*" for any
  std::string template_text;  // {frame}, {detail:NAME}, {comm}, {headline}
  FrameExtractor extractor = FrameExtractor::kFirst;
  SkipList skip;     // global + per-rule skip list
  bool rip = false;  // the RIP frame goes before the call trace
  bool corrupted = false;
  bool crash = true;  // false: the kind is an error, not a crash
};

struct TitleTable {
  std::vector<OopsMarker> oopses;
  std::vector<std::unique_ptr<RE2>> report_start_ignores;
  std::vector<std::string> info_with_stack;
  std::vector<std::unique_ptr<RE2>> corrupted_titles;
  std::vector<std::unique_ptr<RE2>> suppressions;
  std::vector<std::string> suppression_keywords;  // prefilter for suppressions
  std::string console_hangup;

  // [report]: how a started report is cut.
  std::vector<std::string> report_skip_line;
  std::vector<std::string> report_all_cpus;
  std::vector<std::string> report_cut_tail;
  size_t report_min_lines = 22;
  std::string short_report_marker;
  size_t short_min_lines = 16;

  std::vector<std::unique_ptr<RE2>> stack_starts;
  std::shared_ptr<const RE2> any_stack_start;         // all of stack_starts in one regex
  std::shared_ptr<const RE2> any_corrupted_line;      // all of corrupted_lines in one regex
  std::vector<const RE2*> stack_starts_not_required;  // subset of stack_starts
  std::vector<std::unique_ptr<RE2>> frame_patterns;
  std::vector<std::unique_ptr<RE2>> corrupted_lines;
  std::vector<std::string> strip_prefixes;

  std::vector<std::unique_ptr<RE2>> stall_anchors;
  std::vector<std::string> stall_report_self;
  std::vector<HangBucket> hang_buckets;
  std::vector<std::string> hang_skip_words;

  std::vector<TypeRule> types;
  std::vector<EventTitleRule> event_rules;

  // The call-trace keyword and RIP-line regexes, for TitleForEvent.
  std::shared_ptr<const RE2> global_skip;
};

// Parses and compiles a rules file. `origin` names it in errors
// ("title_formats.toml:123: oops[2].format[4].title: missing ) ...").
// Errors: kSyntax (TOML), kInvalidSignature (schema or regex).
Result<std::unique_ptr<const TitleTable>> LoadTitleTable(std::string_view toml_text,
                                                         std::string_view origin);

// The built-in table (embedded title_formats.toml), compiled on first use.
// The embedded file is validated by a unit test, so a failure here is a build
// defect; it is reported as an Error all the same, never thrown.
Result<const TitleTable*> DefaultTitleTable();

// RE2 options used for every rule: bytes (Latin-1, so invalid UTF-8 in a log
// is just bytes), no error logging, bounded memory.
RE2::Options RuleRegexOptions();

}  // namespace crashsift::titles
