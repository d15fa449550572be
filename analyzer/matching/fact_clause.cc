#include "analyzer/matching/fact_clause.h"

#include <algorithm>

namespace crashsift::matching {

bool IsKnownFact(std::string_view fact) {
  return fact == "loop_device" || fact == "out_of_tree_code";
}

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
  if (clause.fact == "out_of_tree_code") {
    bool taint = facts && std::any_of(facts->taint_flags.begin(), facts->taint_flags.end(),
                                      [](const events::TaintFlag& f) {
                                        return f.letter == 'O' || f.letter == 'P';
                                      });
    if (taint || (facts && facts->out_of_tree_module_listed)) {
      r.hit = true;
      r.text = taint ? "kernel tainted " + facts->taint
                     : "out-of-tree (O) or proprietary (P) modules in 'Modules linked in:'";
    } else {
      r.why_not = "no O/P taint and no (O)/(P) module in this boot";
    }
    return r;
  }
  r.why_not = "unknown fact " + clause.fact;
  return r;
}

}  // namespace crashsift::matching
