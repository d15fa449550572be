// Matches a SignatureLibrary against the events of one input. For each
// signature it finds the events that satisfy its [[require]] clauses (one
// event, or one boot in scope "boot"), checks [[exclude]] and [system], and
// reports full matches and near-misses (the signature was triggered: one of
// its require clauses' regex, frame or kind was seen; but it was ruled out) with the reason for
// every rule.
//
// Cost: one RE2::Set pass per event line (independent of the library size),
// then only the signatures triggered by a pattern hit, a frame name or an
// event kind are evaluated.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::matching {

struct ClauseOutcome {
  const Clause* clause = nullptr;
  bool hit = false;
  size_t event = 0;     // index into the events, when hit
  uint64_t line = 0;    // evidence line, when hit
  std::string text;     // evidence text, when hit
  std::string why_not;  // when missed
};

struct Match {
  const Signature* signature = nullptr;
  bool matched = false;                // false: a near-miss
  std::vector<std::string> ruled_out;  // why, for a near-miss
  uint32_t boot = 0;
  size_t root_event = 0;
  std::vector<size_t> events;          // events that satisfied require clauses (root first)
  std::vector<ClauseOutcome> require;  // the [[fragment]] clauses' when on_fragment
  bool on_fragment = false;            // root is a stack fragment, judged by [[fragment]]
  std::vector<ClauseOutcome> support;
  std::vector<size_t> symptoms;                 // events of the boot explained as consequences
  std::map<std::string, std::string> captures;  // named groups of the require regexes
  const events::SystemFacts* facts = nullptr;   // the boot's facts (may be null)
};

struct MatchOptions {
  bool near_misses = true;  // also return ruled-out candidates
};

// True when the facts (or the events of that boot) show the zfs/spl module.
bool ZfsPresent(const events::SystemFacts* facts);

// `systems` is indexed by Event::boot (SplitResult::systems); a boot without
// facts is matched with unknown versions. Fails only when the prefilter
// fails (RE2 out of memory).
Result<std::vector<Match>> MatchSignatures(const SignatureLibrary& library,
                                           const std::vector<events::Event>& events,
                                           const std::vector<events::SystemFacts>& systems,
                                           const MatchOptions& options = {});

}  // namespace crashsift::matching
