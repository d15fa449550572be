#include "analyzer/diagnosis/diagnoser.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/diagnosis/affected.h"
#include "analyzer/diagnosis/cause_chain.h"
#include "analyzer/diagnosis/collect_next.h"
#include "analyzer/diagnosis/crash_bucket.h"
#include "analyzer/diagnosis/input_advice.h"
#include "analyzer/matching/signature_matcher.h"

namespace crashsift::diagnosis {
namespace {

std::string Weight(double w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "+%.2f", w);
  return buf;
}

std::string LineRef(const matching::ClauseOutcome& o, const std::string& location) {
  return o.line ? " (" + location + " " + std::to_string(o.line) + ")" : "";
}

struct Finding {
  Diagnosis diagnosis;
  const matching::Signature* signature = nullptr;
  size_t root = 0;
};

Finding BuildFinding(const matching::Match& m, const std::vector<events::Event>& events,
                     const std::string& location) {
  const matching::Signature& s = *m.signature;
  Finding f;
  f.signature = &s;
  f.root = m.root_event;
  Diagnosis& d = f.diagnosis;
  d.signature = s.id;
  d.title = s.title;
  d.summary = s.summary;
  double confidence = m.on_fragment ? s.fragment_confidence.value_or(kFragmentConfidence)
                                    : s.base_confidence.value_or(kBaseConfidence);
  d.from_fragment = m.on_fragment;
  if (m.on_fragment) {
    d.reasons.push_back(
        "header cut: only the tail of the report (stack, registers) is in the log; matched on "
        "the stack fragment's own evidence");
  }
  std::set<uint64_t> seen_lines;
  auto evidence = [&](const matching::ClauseOutcome& o) {
    if (o.line && seen_lines.insert(o.line).second) d.evidence.push_back({o.line, o.text});
  };
  for (const auto& o : m.require) {
    std::string where = s.scope == matching::Scope::kBoot && o.event != m.root_event
                            ? " on task " + events[o.event].task.comm
                            : "";
    d.reasons.push_back("required: " + o.clause->name + where + LineRef(o, location));
    evidence(o);
  }
  for (const auto& o : m.support) {
    if (o.hit) {
      confidence += o.clause->weight;
      d.reasons.push_back("support " + Weight(o.clause->weight) + ": " + o.clause->name +
                          LineRef(o, location));
      evidence(o);
    } else {
      d.missed.push_back("support " + Weight(o.clause->weight) + " missed: " + o.clause->name +
                         " (" + o.why_not + ")");
    }
  }
  AffectedVerdict verdict = ComputeAffected(s, m.facts);
  d.affected = verdict.affected;
  d.affected_reason = verdict.reason;
  d.affected_missing = verdict.missing;
  if (verdict.affected == Affected::kYes) {
    confidence += kAffectedBonus;
    d.reasons.push_back("affected version " + Weight(kAffectedBonus) + ": " + verdict.reason);
  } else if (verdict.affected == Affected::kNo) {
    confidence -= kNotAffectedPenalty;
    d.missed.push_back("not an affected version -" + Weight(kNotAffectedPenalty).substr(1) + ": " +
                       verdict.reason);
  }
  // A guess from a fragment stays below a confident diagnosis unless the
  // signature says its fragment evidence is specific enough.
  const double cap =
      m.on_fragment ? std::max(kFragmentCap, s.fragment_confidence.value_or(0)) : 1.0;
  d.confidence = std::clamp(confidence, 0.0, cap);
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
    d.reasons.push_back(
        std::to_string(m.symptoms.size()) +
        (s.scope == matching::Scope::kBoot ? " other" : " later") +
        std::string(" event(s) of the same boot are listed as symptoms of this one"));
  }
  std::sort(d.evidence.begin(), d.evidence.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  d.bucket = SignatureBucket(s, m.captures);
  return f;
}

// Near-misses of findings folded into others, one per (signature, where it
// went): a cascade of 20,000 hung tasks gives one line, not 20,000.
enum class Fold { kExplained, kSymptom, kEffect };

class FoldNotes {
 public:
  void Add(const std::string& signature, const std::string& into, Fold how, size_t event) {
    std::string key = signature + static_cast<char>('\x01' + static_cast<int>(how)) + into;
    auto [it, inserted] = index_.emplace(key, notes_.size());
    if (inserted) notes_.push_back({signature, into, how, {}});
    notes_[it->second].events.push_back(event);
  }
  void AppendTo(std::vector<NearMiss>& out) const {
    for (const Note& n : notes_) {
      std::string why;
      if (n.how == Fold::kEffect) {
        why = "part of the cause chain of " + n.into + " (event " + std::to_string(n.events[0]) +
              (n.events.size() > 1 ? " and " + std::to_string(n.events.size() - 1) + " more" : "") +
              " is listed under it)";
      } else if (n.how == Fold::kExplained) {
        why = "explained by " + n.into + " (same event, stronger match" +
              (n.events.size() > 1 ? "; " + std::to_string(n.events.size()) + " events)" : ")");
      } else if (n.events.size() == 1) {
        why = "symptom of " + n.into + " (event " + std::to_string(n.events[0]) +
              " is listed under it)";
      } else {
        std::string list;
        for (size_t i = 0; i < n.events.size() && i < kListed; ++i)
          list += (i ? ", " : "") + std::to_string(n.events[i]);
        if (n.events.size() > kListed) list += ", ...";
        why = "symptom of " + n.into + " (" + std::to_string(n.events.size()) +
              " events are listed under it: " + list + ")";
      }
      out.push_back(NearMiss{n.signature, {why}});
    }
  }

 private:
  static constexpr size_t kListed = 5;
  struct Note {
    std::string signature;
    std::string into;
    Fold how = Fold::kExplained;
    std::vector<size_t> events;
  };
  std::vector<Note> notes_;
  std::unordered_map<std::string, size_t> index_;
};

// Pass 4 (cause_chain.h): a finding rooted in an effect whose cause is
// another finding's event is folded under that finding, so the report leads
// with the cause (a hung_task_panic panic under the hung tasks that
// triggered it, an RCU stall under the soft lockup of its CPU). When the
// cause's finding is a generic catch-all (priority 0) and the effect's is
// not, the effect's finding leads and lists the cause's events instead. A
// cause explained by no finding is added to the effect's events, first.
void ApplyCauseChains(const std::vector<CauseLink>& links, std::vector<Finding>& kept,
                      std::vector<bool>& folded, FoldNotes& notes, bool explain) {
  if (links.empty()) return;
  std::unordered_map<size_t, const CauseLink*> cause_of;  // effect event -> link
  for (const CauseLink& l : links) cause_of.emplace(l.effect, &l);
  std::unordered_map<size_t, size_t> owner;  // event -> finding (evidence before victims)
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    for (size_t e : kept[i].diagnosis.event_indexes) owner.emplace(e, i);
  }
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    for (size_t e : kept[i].diagnosis.victim_indexes) owner.emplace(e, i);
  }
  auto in_chain = [](const Diagnosis& d, const CauseLink& l) {
    return std::any_of(d.chain.begin(), d.chain.end(),
                       [&](const CauseLink& c) { return c.effect == l.effect; });
  };
  // Within one finding (a soft lockup and its softlockup_panic panic): the
  // cause becomes the root.
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    Diagnosis& d = kept[i].diagnosis;
    for (size_t step = 0; step < d.event_indexes.size(); ++step) {
      auto link = cause_of.find(d.event_indexes.front());
      if (link == cause_of.end() || in_chain(d, *link->second)) break;
      auto at = std::find(d.event_indexes.begin(), d.event_indexes.end(), link->second->cause);
      if (at == d.event_indexes.end()) break;
      d.chain.push_back(*link->second);
      std::rotate(d.event_indexes.begin(), at, at + 1);
      kept[i].root = d.event_indexes.front();
    }
  }
  std::vector<size_t> into(kept.size());
  std::iota(into.begin(), into.end(), 0);
  auto resolve = [&](size_t i) {
    while (into[i] != i) i = into[i];
    return i;
  };
  for (const CauseLink& l : links) {
    auto effect_owner = owner.find(l.effect);
    if (effect_owner == owner.end() || kept[effect_owner->second].root != l.effect) continue;
    size_t i = resolve(effect_owner->second);
    auto cause_owner = owner.find(l.cause);
    if (cause_owner == owner.end()) {
      Diagnosis& d = kept[i].diagnosis;
      if (in_chain(d, l)) continue;
      d.chain.push_back(l);
      d.event_indexes.insert(d.event_indexes.begin(), l.cause);
      kept[i].root = l.cause;
      continue;
    }
    size_t j = resolve(cause_owner->second);
    if (i == j) {
      if (!in_chain(kept[i].diagnosis, l)) kept[i].diagnosis.chain.push_back(l);
      continue;
    }
    bool effect_leads = kept[j].signature->priority == 0 && kept[i].signature->priority > 0;
    size_t from = effect_leads ? j : i, to = effect_leads ? i : j;
    Diagnosis& source = kept[from].diagnosis;
    Diagnosis& target = kept[to].diagnosis;
    target.victim_indexes.insert(target.victim_indexes.end(), source.event_indexes.begin(),
                                 source.event_indexes.end());
    target.victim_indexes.insert(target.victim_indexes.end(), source.victim_indexes.begin(),
                                 source.victim_indexes.end());
    target.chain.insert(target.chain.end(), source.chain.begin(), source.chain.end());
    target.chain.push_back(l);
    folded[from] = true;
    into[from] = to;
    if (explain) notes.Add(source.signature, target.signature, Fold::kEffect, kept[from].root);
  }
}

// Pass 3 of Diagnose: the same signature and bucket on several events (a
// VERIFY printed twice, many identical hung tasks) becomes one finding.
void FoldSameBucket(std::vector<Finding>& kept, std::vector<bool>& folded) {
  std::unordered_map<std::string, size_t> first_of_bucket;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    auto [it, inserted] = first_of_bucket.emplace(kept[i].diagnosis.bucket, i);
    if (inserted) continue;
    Diagnosis& into = kept[it->second].diagnosis;
    into.event_indexes.insert(into.event_indexes.end(), kept[i].diagnosis.event_indexes.begin(),
                              kept[i].diagnosis.event_indexes.end());
    into.victim_indexes.insert(into.victim_indexes.end(), kept[i].diagnosis.victim_indexes.begin(),
                               kept[i].diagnosis.victim_indexes.end());
    folded[i] = true;
  }
}

// A finding's events and victims in report order, each once.
void OrderIndexes(Diagnosis& d) {
  // Root first, then the other events in log order, each once; victims that
  // are also evidence are not listed twice.
  std::unordered_set<size_t> seen;
  std::vector<size_t> events;
  for (size_t e : d.event_indexes) {
    if (seen.insert(e).second) events.push_back(e);
  }
  std::sort(events.begin() + 1, events.end());
  d.event_indexes = std::move(events);
  std::vector<size_t> victims;
  for (size_t e : d.victim_indexes) {
    if (seen.insert(e).second) victims.push_back(e);
  }
  std::sort(victims.begin(), victims.end());
  d.victim_indexes = std::move(victims);
  std::sort(d.chain.begin(), d.chain.end(),
            [](const CauseLink& a, const CauseLink& b) { return a.effect < b.effect; });
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
      findings.push_back(BuildFinding(m, events, options.location));
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
  FoldNotes notes;
  // Pass 1: one finding per root event (the strongest). Hash maps keep every
  // pass linear: a log can hold tens of thousands of hung-task reports.
  std::vector<Finding> kept;
  std::unordered_map<size_t, size_t> owner_of;  // event -> kept finding using it
  for (Finding& f : findings) {
    auto it = owner_of.find(f.root);
    if (it != owner_of.end()) {
      if (options.explain) {
        notes.Add(f.diagnosis.signature, kept[it->second].diagnosis.signature, Fold::kExplained,
                  f.root);
      }
      continue;
    }
    for (size_t e : f.diagnosis.event_indexes) owner_of.emplace(e, kept.size());
    kept.push_back(std::move(f));
  }
  // Pass 2: a finding rooted in another finding's symptom is folded under it.
  std::unordered_map<size_t, std::vector<size_t>> causes_of;  // victim event -> findings
  for (size_t j = 0; j < kept.size(); ++j) {
    for (size_t e : kept[j].diagnosis.victim_indexes) causes_of[e].push_back(j);
  }
  auto ListsAsVictim = [&](size_t cause, size_t finding) {  // cause lists finding's root
    auto victims = causes_of.find(kept[finding].root);
    return victims != causes_of.end() && std::find(victims->second.begin(), victims->second.end(),
                                                   cause) != victims->second.end();
  };
  std::vector<bool> folded(kept.size(), false);
  for (size_t i = 0; i < kept.size(); ++i) {
    auto it = causes_of.find(kept[i].root);
    if (it == causes_of.end()) continue;
    for (size_t j : it->second) {
      if (j == i || folded[j]) continue;
      // Each lists the other's root as a victim (a loop worker spinning in ZFS
      // and a generic "txg_sync blocked"): the more specific one stays the cause.
      if (kept[j].signature->priority < kept[i].signature->priority && ListsAsVictim(i, j)) {
        continue;
      }
      Diagnosis& cause = kept[j].diagnosis;
      folded[i] = true;
      for (size_t e : kept[i].diagnosis.event_indexes) cause.victim_indexes.push_back(e);
      for (size_t e : kept[i].diagnosis.victim_indexes) cause.victim_indexes.push_back(e);
      if (options.explain)
        notes.Add(kept[i].diagnosis.signature, cause.signature, Fold::kSymptom, kept[i].root);
      break;
    }
  }
  FoldSameBucket(kept, folded);
  ApplyCauseChains(FindCauseLinks(events), kept, folded, notes, options.explain);
  notes.AppendTo(result.near_misses);
  for (size_t i = 0; i < kept.size(); ++i) {
    if (folded[i]) continue;
    Diagnosis& d = kept[i].diagnosis;
    OrderIndexes(d);
    result.diagnoses.push_back(std::move(d));
  }
  // Log order; a guess from a header-less fragment after whole reports.
  std::sort(result.diagnoses.begin(), result.diagnoses.end(),
            [](const Diagnosis& a, const Diagnosis& b) {
              if (a.from_fragment != b.from_fragment) return b.from_fragment;
              return a.event_indexes.front() < b.event_indexes.front();
            });
  result.collect_next = CollectNextForInput(events, systems, result.diagnoses);
  DropAsksForWhatIsGiven(events, result.diagnoses, result.collect_next);
  return result;
}

}  // namespace crashsift::diagnosis
