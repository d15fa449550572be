// Diagnoser: events + per-boot facts -> Diagnoses (diagnosis.h) and, with
// explain, NearMisses. Builds on matching::MatchSignatures and adds what a
// support engineer reads: confidence with the rules that hit and missed, the
// affected-version verdict and its reason, actions (those that no longer
// apply marked), collect-next advice when the evidence is thin, and the
// bucket key.
//
// Cause and symptom: a finding whose root event is a symptom of an earlier
// finding (a hung task after a parked SPL VERIFY thread, txg_sync blocked
// behind a spinning loop worker) is folded under it as a victim, not
// reported separately; two findings that explain the same root event keep
// the higher-priority (then more confident) one and list the other as a
// near-miss "explained by ...". Cause chains (cause_chain.h) then fold an
// effect's finding under its cause's (a hung_task_panic panic under the hung
// tasks, an RCU stall under the soft lockup of its CPU), so the report leads
// with the cause; Diagnosis::chain says how the events led to each other.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/event.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::diagnosis {

struct DiagnoseOptions {
  bool explain = false;  // fill near_misses
  // What EvidenceLine::line counts, for reasons ("(line 12)"): "record" for
  // a vmcore's printk records.
  std::string location = "line";
};

struct DiagnoseResult {
  std::vector<Diagnosis> diagnoses;  // in log order of their root events
  std::vector<NearMiss> near_misses;
  // What to gather for the input as a whole when the evidence is thin
  // (collect_next.h): unexplained events, versions missing from the log.
  std::vector<std::string> collect_next;
};

// Confidence model (documented in signatures/README.md).
inline constexpr double kBaseConfidence = 0.6;
// A match on a header-less stack fragment ([[fragment]] clauses): where it
// starts when the signature gives no fragment_confidence, and where support
// and version bonuses stop (a guess, below a confident 0.5).
inline constexpr double kFragmentConfidence = 0.3;
inline constexpr double kFragmentCap = 0.45;
inline constexpr double kAffectedBonus = 0.1;
inline constexpr double kNotAffectedPenalty = 0.2;
// Below this, or with an unknown verdict, collect_next advice is attached.
inline constexpr double kThinEvidence = 0.8;
// Below this a diagnosis says what class of problem the evidence shows, not
// its cause (a broad signature's base confidence, signatures/README.md).
inline constexpr double kConfidentDiagnosis = 0.5;

// `systems` is indexed by Event::boot. Fails only when matching fails (RE2
// out of memory).
Result<DiagnoseResult> Diagnose(const matching::SignatureLibrary& library,
                                const std::vector<events::Event>& events,
                                const std::vector<events::SystemFacts>& systems,
                                const DiagnoseOptions& options = {});

}  // namespace crashsift::diagnosis
