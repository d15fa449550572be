// A diagnosis: a known problem recognised in the events of one input, with
// why we think so, whether the detected versions are affected, and what to do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/events/event.h"

namespace crashsift::diagnosis {

enum class Affected { kYes, kNo, kUnknown };
std::string_view ToString(Affected affected);  // "true" / "false" / "unknown"

// The versions an affected verdict could not find in the log (codes for
// collect-next; the reason says the same in English).
struct MissingVersions {
  bool kernel = false;
  bool zfs = false;
};

struct Action {
  std::string text;
  bool applies = true;  // false when the detected version already has the fix
  std::string why_not;  // "ZFS 2.3.3 already contains the fix"
};

// One step of a cause chain: event `cause` led to event `effect` (indexes
// into the report's events), e.g. a hung task and the hung_task_panic panic.
struct CauseLink {
  size_t cause = 0;
  size_t effect = 0;
  std::string relation;  // how the cause led to the effect, one sentence
};

struct Diagnosis {
  std::string signature;  // signature id, e.g. "openzfs-zap-create-leaf-verify3"
  std::string title;
  std::string summary;               // what happened, 2-4 lines
  double confidence = 0;             // [0, 1]
  std::vector<std::string> reasons;  // rules that hit, with their weight
  std::vector<std::string> missed;   // rules that did not
  Affected affected = Affected::kUnknown;
  std::string affected_reason;
  MissingVersions affected_missing;  // what the verdict waited for
  std::vector<events::EvidenceLine> evidence;
  std::vector<Action> actions;
  std::vector<std::string> references;
  std::vector<std::string> collect_next;  // what to gather when evidence is thin
  std::vector<size_t> event_indexes;      // events (in the report) this explains
  std::vector<size_t> victim_indexes;     // symptom events listed under the root cause
  std::string bucket;                     // signature id, or normalised top frames
  // How the events of this diagnosis led to each other (cause_chain.h), in
  // log order of the effects: the root event is the first cause; effects
  // folded in from other findings are among the victims.
  std::vector<CauseLink> chain;
  // Matched on a header-less stack fragment ([[fragment]] clauses): the
  // report's header was cut, its kind is inferred from the stack's tail.
  bool from_fragment = false;
};

// A signature that came close but was ruled out (--explain).
struct NearMiss {
  std::string signature;
  std::vector<std::string> reasons;  // "kernel 6.6.30 is outside the affected range"
};

}  // namespace crashsift::diagnosis
