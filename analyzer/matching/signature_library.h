// SignatureLibrary: every signature of a folder, validated and compiled once.
// All regexes of all signatures live in one pattern table; they are compiled
// individually (for captures and per-target checks) and together into one
// RE2::Set, the prefilter that tells in one pass over a line which patterns
// can match it. Clauses without regexes are indexed by frame name and event
// kind, so the signatures worth evaluating for an event are found without
// walking the library.
//
// Thread-safety: immutable after Load()/Build(); const methods may be called
// from several threads.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/matching/signature.h"

namespace crashsift::matching {

// A require clause's cheapest trigger: what must be seen for it to hold.
struct ClauseRef {
  uint32_t signature = 0;
  uint32_t clause = 0;  // index in Signature::require, then in Signature::fragment
};

class SignatureLibrary {
 public:
  // Loads every *.toml below `dir` (sorted by path; the first folder below
  // `dir` is the subsystem). Errors: the first file that fails (file:line:
  // field), a duplicate id (both files named), an unreadable directory, or a
  // pattern set that does not compile (RE2 out of memory).
  static Result<SignatureLibrary> Load(const std::filesystem::path& dir);
  // Compiles signatures already in memory (tests, benchmarks).
  static Result<SignatureLibrary> Build(std::vector<Signature> signatures,
                                        std::string origin = "<memory>");

  SignatureLibrary(SignatureLibrary&&) noexcept;
  SignatureLibrary& operator=(SignatureLibrary&&) noexcept;
  ~SignatureLibrary();

  const std::vector<Signature>& signatures() const { return signatures_; }
  const Signature* Find(std::string_view id) const;
  size_t pattern_count() const { return patterns_.size(); }
  const RE2& pattern(int index) const { return *patterns_[static_cast<size_t>(index)]; }

  // Indexes of every pattern that matches somewhere in `text`, appended to
  // `hits` (unsorted, may repeat across calls). An RE2::Set out-of-memory is
  // an Error, never "no match".
  Result<void> PrefilterLine(std::string_view text, std::vector<int>& hits) const;

  // Require clauses triggered by a pattern, a frame name or an event kind.
  const std::vector<ClauseRef>& ByPattern(int pattern) const {
    return by_pattern_[static_cast<size_t>(pattern)];
  }
  const std::vector<ClauseRef>* ByFrame(std::string_view function) const;
  const std::vector<ClauseRef>& ByKind(events::EventKind kind) const;
  // Every require clause that names `kind`, whatever its trigger: an event of
  // that kind is a near-miss candidate (explain only; never a match by itself).
  const std::vector<ClauseRef>& NearMissByKind(events::EventKind kind) const;
  // Require clauses with no pattern, frame or kind (module-only): always tried.
  const std::vector<ClauseRef>& Always() const { return always_; }

 private:
  SignatureLibrary();
  Result<void> Compile(const std::string& origin);

  std::vector<Signature> signatures_;
  std::vector<std::unique_ptr<RE2>> patterns_;
  std::unique_ptr<RE2::Set> set_;
  std::vector<std::vector<ClauseRef>> by_pattern_;
  std::unordered_map<std::string, std::vector<ClauseRef>> by_frame_;
  std::vector<std::vector<ClauseRef>> by_kind_;
  std::vector<std::vector<ClauseRef>> near_by_kind_;
  std::vector<ClauseRef> always_;
  std::unordered_map<std::string, size_t> by_id_;
};

}  // namespace crashsift::matching
