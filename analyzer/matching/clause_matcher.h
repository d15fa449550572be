// Evaluates one clause against one event: kind, task, headline, lines,
// details and stack rules. Regexes are checked with the library's compiled
// patterns; the caller passes the prefilter's verdict for the event's lines
// so a pattern that the RE2::Set ruled out is never run again.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyzer/events/event.h"
#include "analyzer/matching/signature.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::matching {

// The prefilter's result for one event: which patterns matched which lines.
struct EventScan {
  // pattern index -> indexes into Event::lines that it matched (the Set said
  // so). Headline and task/details are scanned as extra pseudo-lines:
  std::map<int, std::vector<size_t>> line_hits;
  std::vector<int> task_hits;  // patterns matching the task comm
  std::vector<int> headline_hits;
  std::map<std::string, std::vector<int>> detail_hits;  // key -> patterns
  std::vector<std::string> functions;      // considered function names (normalised, reliable)
  std::vector<std::string> all_functions;  // including "? " frames
};

// Builds the scan of one event. Fails only when the RE2::Set fails (OOM).
Result<EventScan> ScanEvent(const SignatureLibrary& library, const events::Event& event);

struct ClauseResult {
  bool hit = false;
  uint64_t line = 0;    // evidence line number (0 when none)
  std::string text;     // evidence text
  std::string why_not;  // first failing rule, e.g. "frame zap_expand_leaf absent"
  std::map<std::string, std::string> captures;  // named groups of the line regex
};

ClauseResult EvaluateClause(const SignatureLibrary& library, const Clause& clause,
                            const events::Event& event, const EventScan& scan);

}  // namespace crashsift::matching
