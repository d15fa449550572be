#include "analyzer/matching/fact_clause.h"

namespace crashsift::matching {

bool IsKnownFact(std::string_view fact) { return fact == "loop_device"; }

ClauseResult EvaluateFact(const Clause& clause, const events::SystemFacts* facts) {
  ClauseResult r;
  if (clause.fact == "loop_device") {
    if (facts && !facts->loop_devices.empty()) {
      r.hit = true;
      r.text = "loop devices in this boot: ";
      for (size_t i = 0; i < facts->loop_devices.size() && i < 8; ++i) {
        r.text += (i ? ", " : "") + facts->loop_devices[i];
      }
    } else {
      r.why_not = "no loopN: line in this boot";
    }
    return r;
  }
  r.why_not = "unknown fact " + clause.fact;
  return r;
}

}  // namespace crashsift::matching
