// The signature model: one known problem as loaded from signatures/**/*.toml
// (schema: signatures/README.md). Plain values; regexes are kept as source
// text here and compiled once by SignatureLibrary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/events/event_kind.h"
#include "analyzer/matching/version_range.h"

namespace crashsift::matching {

// Where a value came from in its file, for error messages and `show`.
struct SourceLine {
  std::string path;
  uint32_t line = 0;
};

// A regex as written (macros expanded), with its index in the library's
// pattern table once compiled (-1 before).
struct Pattern {
  std::string text;
  int index = -1;
  SourceLine where;
};

struct DetailPattern {
  std::string key;
  Pattern pattern;
};

// One [[require]]/[[support]]/[[exclude]]/[[symptom]] table: every field
// given must hold on one event.
struct Clause {
  std::string name;                      // label for reasons; generated when the file has none
  std::vector<events::EventKind> kinds;  // empty = any
  std::optional<Pattern> line;
  std::optional<Pattern> headline;
  std::optional<Pattern> task;
  std::vector<DetailPattern> details;
  std::vector<std::string> frames;      // ordered subsequence, innermost first
  std::vector<std::string> frames_all;  // unordered, all
  std::vector<std::string> frames_any;  // at least one
  std::string module;
  // A fact of the boot rather than of an event ("loop_device": the log names
  // a loop device): the clause holds when the boot's system facts show it.
  std::string fact;
  // A source file ("module/zfs/zap.c") one of the frames' source chains
  // passes through, inlined levels included; needs --debuginfo or a console
  // that prints sources. Matches the whole path or a "/"-suffix of it.
  std::string file;
  std::optional<uint32_t> top;
  bool unreliable_frames = false;
  double weight = 0.1;  // [[support]] only
  bool root = false;    // [[require]] in boot scope
  SourceLine where;
};

enum class Scope { kEvent, kBoot };

enum class Component { kKernel, kOpenZfs };
std::string_view ToString(Component component);  // "kernel" / "openzfs"

struct AffectedRule {
  Component component = Component::kKernel;
  std::vector<VersionRange> ranges;
  std::string inside;
  std::string outside;
  // Versions where the sources do not settle it (the exact stable release of
  // a backport): the verdict is unknown there, with this sentence.
  std::vector<VersionRange> unverified;
  std::string unverified_why;
};

struct SystemRequirement {
  std::optional<bool> zfs;
  std::vector<VersionRange> kernel;
  std::vector<VersionRange> openzfs;
};

struct ActionSpec {
  std::string text;
  bool only_if_affected = false;
};

struct Signature {
  std::string id;
  std::string title;
  std::string summary;
  Scope scope = Scope::kEvent;
  std::vector<std::string> tags;
  std::vector<std::string> bucket;  // capture-group names
  int priority = 0;
  // Confidence before support, affected bonus or penalty (the diagnoser's
  // kBaseConfidence, 0.6, when the file gives none). A broad signature whose
  // required evidence alone is thin sets it below 0.5, so that only support
  // clauses can make it a confident diagnosis.
  std::optional<double> base_confidence;
  std::vector<Clause> require;
  // [[fragment]]: what stands in for the require clauses on a header-less
  // stack fragment (a paste holding only the tail of a report: frames, RIP,
  // registers, end trace). Each such clause holds on the fragment event only;
  // a match there starts at fragment_confidence, stays below 0.5 unless that
  // is set higher, and says the report's header was cut.
  std::vector<Clause> fragment;
  std::optional<double> fragment_confidence;
  std::vector<Clause> support;
  std::vector<Clause> exclude;
  std::vector<Clause> symptom;
  SystemRequirement system;
  std::vector<AffectedRule> affected;
  std::vector<ActionSpec> actions;
  std::vector<std::string> references;
  std::vector<std::string> collect_next;
  std::vector<std::string> tests_match;  // relative to corpus/
  std::vector<std::string> tests_no_match;
  std::string path;       // the file it came from
  std::string subsystem;  // its folder under signatures/ ("openzfs")
};

}  // namespace crashsift::matching
