#include "analyzer/diagnosis/diagnoser.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "analyzer/diagnosis/affected.h"
#include "analyzer/diagnosis/crash_bucket.h"
#include "analyzer/matching/signature_matcher.h"

namespace crashsift::diagnosis {
namespace {

std::string Weight(double w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "+%.2f", w);
  return buf;
}

std::string LineRef(const matching::ClauseOutcome& o) {
  return o.line ? " (line " + std::to_string(o.line) + ")" : "";
}

struct Finding {
  Diagnosis diagnosis;
  const matching::Signature* signature = nullptr;
  size_t root = 0;
};

Finding BuildFinding(const matching::Match& m, const std::vector<events::Event>& events) {
  const matching::Signature& s = *m.signature;
  Finding f;
  f.signature = &s;
  f.root = m.root_event;
  Diagnosis& d = f.diagnosis;
  d.signature = s.id;
  d.title = s.title;
  d.summary = s.summary;
  double confidence = kBaseConfidence;
  std::set<uint64_t> seen_lines;
  auto evidence = [&](const matching::ClauseOutcome& o) {
    if (o.line && seen_lines.insert(o.line).second) d.evidence.push_back({o.line, o.text});
  };
  for (const auto& o : m.require) {
    std::string where = s.scope == matching::Scope::kBoot && o.event != m.root_event
                            ? " on task " + events[o.event].task.comm
                            : "";
    d.reasons.push_back("required: " + o.clause->name + where + LineRef(o));
    evidence(o);
  }
  for (const auto& o : m.support) {
    if (o.hit) {
      confidence += o.clause->weight;
      d.reasons.push_back("support " + Weight(o.clause->weight) + ": " + o.clause->name +
                          LineRef(o));
      evidence(o);
    } else {
      d.missed.push_back("support " + Weight(o.clause->weight) + " missed: " + o.clause->name +
                         " (" + o.why_not + ")");
    }
  }
  AffectedVerdict verdict = ComputeAffected(s, m.facts);
  d.affected = verdict.affected;
  d.affected_reason = verdict.reason;
  if (verdict.affected == Affected::kYes) {
    confidence += kAffectedBonus;
    d.reasons.push_back("affected version " + Weight(kAffectedBonus) + ": " + verdict.reason);
  } else if (verdict.affected == Affected::kNo) {
    confidence -= kNotAffectedPenalty;
    d.missed.push_back("not an affected version -" + Weight(kNotAffectedPenalty).substr(1) + ": " +
                       verdict.reason);
  }
  d.confidence = std::clamp(confidence, 0.0, 1.0);
  for (const auto& a : s.actions) {
    Action action{a.text, true, ""};
    if (a.only_if_affected && verdict.affected == Affected::kNo) {
      action.applies = false;
      action.why_not = verdict.reason;
    }
    d.actions.push_back(std::move(action));
  }
  d.references = s.references;
  if (d.confidence < kThinEvidence || verdict.affected == Affected::kUnknown) {
    d.collect_next = s.collect_next;
  }
  d.event_indexes = m.events;
  d.victim_indexes = m.symptoms;
  if (!m.symptoms.empty()) {
    d.reasons.push_back(std::to_string(m.symptoms.size()) +
                        " later event(s) of the same boot are listed as symptoms of this one");
  }
  std::sort(d.evidence.begin(), d.evidence.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  d.bucket = SignatureBucket(s, m.captures);
  return f;
}

bool Contains(const std::vector<size_t>& v, size_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Result<DiagnoseResult> Diagnose(const matching::SignatureLibrary& library,
                                const std::vector<events::Event>& events,
                                const std::vector<events::SystemFacts>& systems,
                                const DiagnoseOptions& options) {
  matching::MatchOptions match_options;
  match_options.near_misses = options.explain;
  auto matches = matching::MatchSignatures(library, events, systems, match_options);
  if (!matches) return tl::unexpected<Error>(matches.error());

  DiagnoseResult result;
  std::vector<Finding> findings;
  for (const matching::Match& m : *matches) {
    if (m.matched) {
      findings.push_back(BuildFinding(m, events));
    } else if (options.explain) {
      result.near_misses.push_back(NearMiss{m.signature->id, m.ruled_out});
    }
  }
  // Strongest first: priority, confidence, then log order.
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.signature->priority != b.signature->priority)
      return a.signature->priority > b.signature->priority;
    if (a.diagnosis.confidence != b.diagnosis.confidence)
      return a.diagnosis.confidence > b.diagnosis.confidence;
    return a.root < b.root;
  });
  // Pass 1: one finding per root event (the strongest).
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    const Finding* owner = nullptr;
    for (const Finding& k : kept) {
      if (Contains(k.diagnosis.event_indexes, f.root)) owner = &k;
    }
    if (!owner) {
      kept.push_back(std::move(f));
    } else if (options.explain) {
      result.near_misses.push_back(NearMiss{
          f.diagnosis.signature,
          {"explained by " + owner->diagnosis.signature + " (same event, stronger match)"}});
    }
  }
  // Pass 2: a finding rooted in another finding's symptom is folded under it.
  std::vector<bool> folded(kept.size(), false);
  for (size_t i = 0; i < kept.size(); ++i) {
    for (size_t j = 0; j < kept.size(); ++j) {
      if (i == j || folded[j]) continue;
      Diagnosis& cause = kept[j].diagnosis;
      if (!Contains(cause.victim_indexes, kept[i].root)) continue;
      folded[i] = true;
      for (size_t e : kept[i].diagnosis.event_indexes) {
        if (!Contains(cause.victim_indexes, e) && !Contains(cause.event_indexes, e)) {
          cause.victim_indexes.push_back(e);
        }
      }
      if (options.explain) {
        result.near_misses.push_back(
            NearMiss{kept[i].diagnosis.signature,
                     {"symptom of " + cause.signature + " (event " + std::to_string(kept[i].root) +
                      " is listed under it)"}});
      }
      break;
    }
  }
  // Pass 3: the same signature and bucket on several events (a VERIFY
  // printed twice, many identical hung tasks) becomes one finding.
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    for (size_t j = 0; j < i; ++j) {
      if (folded[j] || kept[j].diagnosis.bucket != kept[i].diagnosis.bucket) continue;
      for (size_t e : kept[i].diagnosis.event_indexes) {
        if (!Contains(kept[j].diagnosis.event_indexes, e))
          kept[j].diagnosis.event_indexes.push_back(e);
      }
      for (size_t e : kept[i].diagnosis.victim_indexes) {
        if (!Contains(kept[j].diagnosis.victim_indexes, e))
          kept[j].diagnosis.victim_indexes.push_back(e);
      }
      folded[i] = true;
      break;
    }
  }
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    std::sort(kept[i].diagnosis.victim_indexes.begin(), kept[i].diagnosis.victim_indexes.end());
    result.diagnoses.push_back(std::move(kept[i].diagnosis));
  }
  std::sort(result.diagnoses.begin(), result.diagnoses.end(),
            [](const Diagnosis& a, const Diagnosis& b) {
              return a.event_indexes.front() < b.event_indexes.front();
            });
  return result;
}

}  // namespace crashsift::diagnosis
