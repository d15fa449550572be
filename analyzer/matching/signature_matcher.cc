#include "analyzer/matching/signature_matcher.h"

#include <algorithm>
#include <set>
#include <unordered_set>
#include <utility>

#include "analyzer/matching/clause_matcher.h"
#include "analyzer/matching/fact_clause.h"

namespace crashsift::matching {
namespace {

const events::SystemFacts* FactsFor(const std::vector<events::SystemFacts>& systems,
                                    uint32_t boot) {
  return boot < systems.size() ? &systems[boot] : nullptr;
}

// [system] requirements; returns reasons the facts rule the signature out.
std::vector<std::string> CheckSystem(const Signature& s, const events::SystemFacts* facts) {
  std::vector<std::string> out;
  if (s.system.zfs) {
    bool present = ZfsPresent(facts);
    if (*s.system.zfs && !present)
      out.push_back("zfs module not loaded (no ZFS banner, module or [zfs] frame)");
    if (!*s.system.zfs && present) out.push_back("zfs module is loaded");
  }
  const std::optional<Version>& kernel = facts && facts->kernel_upstream
                                             ? facts->kernel_upstream
                                             : (facts ? facts->kernel : std::nullopt);
  // A distribution release that names only its base cannot rule out (unknown).
  if (!s.system.kernel.empty() && kernel &&
      KernelInRanges(s.system.kernel, *kernel, facts->kernel_upstream.has_value(), nullptr) ==
          RangeVerdict::kOutside) {
    out.push_back("kernel " + facts->kernel_release + " is outside the affected range " +
                  DescribeRanges(s.system.kernel));
  }
  if (!s.system.openzfs.empty() && facts && facts->zfs &&
      ZfsInRanges(s.system.openzfs, *facts->zfs, nullptr) == RangeVerdict::kOutside) {
    out.push_back("ZFS " + facts->zfs_release + " is outside the affected range " +
                  DescribeRanges(s.system.openzfs));
  }
  return out;
}

// True when the signature states [system] requirements and the facts show
// each of them holds (known versions inside their ranges).
bool SystemHolds(const Signature& s, const events::SystemFacts* facts) {
  const SystemRequirement& r = s.system;
  if (!r.zfs && r.kernel.empty() && r.openzfs.empty()) return false;
  if (!facts || !CheckSystem(s, facts).empty()) return false;
  if (r.zfs && !*r.zfs) return false;  // absence is no sign of relevance
  if (!r.kernel.empty()) {
    const std::optional<Version>& k =
        facts->kernel_upstream ? facts->kernel_upstream : facts->kernel;
    if (!k || KernelInRanges(r.kernel, *k, facts->kernel_upstream.has_value(), nullptr) !=
                  RangeVerdict::kInside)
      return false;
  }
  if (!r.openzfs.empty() &&
      (!facts->zfs || ZfsInRanges(r.openzfs, *facts->zfs, nullptr) != RangeVerdict::kInside))
    return false;
  return true;
}

// The weight of the support clauses that hold on the root event itself.
double SupportOnRoot(const Match& m) {
  double weight = 0;
  for (const ClauseOutcome& o : m.support) {
    if (o.hit && o.event == m.root_event && o.clause->fact.empty()) weight += o.clause->weight;
  }
  return weight;
}

struct Evaluator {
  const SignatureLibrary& library;
  const std::vector<events::Event>& events;
  const std::vector<EventScan>& scans;

  ClauseResult Eval(const Clause& c, size_t e) const {
    return EvaluateClause(library, c, events[e], scans[e]);
  }
  // First event of `boot_events` on which `c` holds; -1 if none.
  long FindIn(const Clause& c, const std::vector<size_t>& boot_events, ClauseResult& out) const {
    for (size_t e : boot_events) {
      ClauseResult r = Eval(c, e);
      if (r.hit) {
        out = std::move(r);
        return static_cast<long>(e);
      }
      if (out.why_not.empty()) out.why_not = r.why_not;
    }
    return -1;
  }
};

ClauseOutcome Outcome(const Clause& c, const ClauseResult& r, size_t event) {
  ClauseOutcome o;
  o.clause = &c;
  o.hit = r.hit;
  o.event = event;
  o.line = r.line;
  o.text = r.text;
  o.why_not = r.why_not;
  return o;
}

// Evaluates signature `s` with its root clause on event `root`.
Match Evaluate(const Evaluator& ev, const Signature& s, size_t root,
               const std::vector<size_t>& boot_events, const events::SystemFacts* facts) {
  Match m;
  m.signature = &s;
  m.boot = ev.events[root].boot;
  m.root_event = root;
  m.facts = facts;
  m.events.push_back(root);
  // A header-less stack fragment is judged by the [[fragment]] clauses.
  m.on_fragment = !s.fragment.empty() && ev.events[root].kind == events::EventKind::kStackFragment;
  bool all = true;
  for (const Clause& c : m.on_fragment ? s.fragment : s.require) {
    ClauseResult r;
    size_t at = root;
    if (!c.fact.empty()) {
      r = EvaluateFact(c, facts);
    } else if (s.scope == Scope::kEvent || c.root) {
      r = ev.Eval(c, root);
    } else {
      long found = ev.FindIn(c, boot_events, r);
      if (found >= 0) at = static_cast<size_t>(found);
    }
    if (r.hit) {
      for (auto& [k, v] : r.captures) m.captures.emplace(k, v);
      if (std::find(m.events.begin(), m.events.end(), at) == m.events.end()) m.events.push_back(at);
    } else {
      all = false;
      // In boot scope the root clause was tried on every event of the boot.
      std::string why = s.scope == Scope::kBoot && c.root && boot_events.size() > 1
                            ? "no event of this boot holds it; e.g. " + r.why_not
                            : r.why_not;
      m.ruled_out.push_back("missing: " + c.name + " (" + why + ")");
    }
    m.require.push_back(Outcome(c, r, at));
  }
  const std::vector<size_t> root_only{root};
  const std::vector<size_t>& scope_events = s.scope == Scope::kEvent ? root_only : boot_events;
  for (const Clause& c : s.support) {
    ClauseResult r;
    if (!c.fact.empty()) {
      r = EvaluateFact(c, facts);
      m.support.push_back(Outcome(c, r, root));
      continue;
    }
    long found = ev.FindIn(c, scope_events, r);
    if (found >= 0) {
      for (auto& [k, v] : r.captures) m.captures.emplace(k, v);
    }
    m.support.push_back(Outcome(c, r, found >= 0 ? static_cast<size_t>(found) : root));
  }
  for (const Clause& c : s.exclude) {
    ClauseResult r;
    if (ev.FindIn(c, scope_events, r) >= 0) {
      all = false;
      m.ruled_out.push_back("excluded: " + c.name + " (line " + std::to_string(r.line) + ")");
    }
  }
  for (std::string& why : CheckSystem(s, facts)) {
    all = false;
    m.ruled_out.push_back(std::move(why));
  }
  m.matched = all;
  if (!all) {
    // How far it was: the weaker evidence that is absent too.
    for (const ClauseOutcome& o : m.support) {
      if (!o.hit)
        m.ruled_out.push_back("also missing (support): " + o.clause->name + " (" + o.why_not + ")");
    }
  }
  return m;
}

// Symptoms: events of the boot that a [[symptom]] clause accepts and that no
// match of this signature already uses. In event scope a symptom belongs to
// the latest match whose root precedes it (repeats of the signature are
// matches, not symptoms); in a boot-wide cascade the victims' hung-task
// reports often come before the dump that shows the root (sysrq-w after the
// hung-task warnings), so any event of the boot counts. Linear in the boot's
// events: no event is assigned twice.
void AssignSymptoms(const Evaluator& ev, const Signature& s, const std::vector<size_t>& boot_events,
                    std::vector<Match>& matches) {
  if (s.symptom.empty() || matches.empty()) return;
  std::unordered_set<size_t> used;
  for (const Match& m : matches) used.insert(m.events.begin(), m.events.end());
  std::vector<Match*> by_line;
  for (Match& m : matches) by_line.push_back(&m);
  std::sort(by_line.begin(), by_line.end(), [&](const Match* a, const Match* b) {
    return ev.events[a->root_event].first_line < ev.events[b->root_event].first_line;
  });
  for (size_t e : boot_events) {
    if (used.contains(e)) continue;
    Match* owner = nullptr;
    if (s.scope == Scope::kBoot) {
      owner = by_line.front();
    } else {
      for (Match* m : by_line) {
        if (ev.events[m->root_event].first_line > ev.events[e].first_line) break;
        owner = m;
      }
    }
    if (!owner) continue;
    for (const Clause& c : s.symptom) {
      if (ev.Eval(c, e).hit) {
        owner->symptoms.push_back(e);
        break;
      }
    }
  }
}

// Candidates: (signature, event) pairs where some require clause is triggered.
struct Candidates {
  std::map<uint32_t, std::set<size_t>> by_signature;        // signature -> events that trigger it
  std::set<std::pair<uint32_t, uint32_t>> triggered_boots;  // (signature, boot) by a real trigger
};

Candidates FindCandidates(const SignatureLibrary& library, const std::vector<events::Event>& events,
                          const std::vector<EventScan>& scans, const MatchOptions& options) {
  Candidates found;
  auto& candidates = found.by_signature;
  auto& triggered_boots = found.triggered_boots;
  auto note = [&](const std::vector<ClauseRef>& refs, size_t e) {
    for (const ClauseRef& r : refs) {
      candidates[r.signature].insert(e);
      triggered_boots.emplace(r.signature, events[e].boot);
    }
  };
  // Kind alone only makes a near-miss candidate, not a trigger.
  auto note_kind = [&](const std::vector<ClauseRef>& refs, size_t e) {
    for (const ClauseRef& r : refs) candidates[r.signature].insert(e);
  };
  for (size_t e = 0; e < events.size(); ++e) {
    const EventScan& scan = scans[e];
    for (const auto& [p, lines] : scan.line_hits) note(library.ByPattern(p), e);
    for (int p : scan.headline_hits) note(library.ByPattern(p), e);
    for (int p : scan.task_hits) note(library.ByPattern(p), e);
    for (const auto& [k, ps] : scan.detail_hits) {
      for (int p : ps) note(library.ByPattern(p), e);
    }
    for (const std::string& f : scan.all_functions) {
      if (const auto* refs = library.ByFrame(f)) note(*refs, e);
    }
    note(library.ByKind(events[e].kind), e);
    note(library.Always(), e);
    if (options.near_misses) note_kind(library.NearMissByKind(events[e].kind), e);
  }
  return found;
}

}  // namespace

bool ZfsPresent(const events::SystemFacts* facts) {
  if (!facts) return false;
  if (facts->zfs_loaded || facts->zfs || !facts->zfs_release.empty()) return true;
  for (const std::string& m : facts->modules) {
    if (m == "zfs" || m == "spl") return true;
  }
  return false;
}

Result<std::vector<Match>> MatchSignatures(const SignatureLibrary& library,
                                           const std::vector<events::Event>& events,
                                           const std::vector<events::SystemFacts>& systems,
                                           const MatchOptions& options) {
  std::vector<EventScan> scans;
  scans.reserve(events.size());
  for (const auto& e : events) {
    auto scan = ScanEvent(library, e);
    if (!scan) return tl::unexpected<Error>(scan.error());
    scans.push_back(std::move(*scan));
  }
  std::map<uint32_t, std::vector<size_t>> by_boot;
  for (size_t i = 0; i < events.size(); ++i) by_boot[events[i].boot].push_back(i);

  Candidates found = FindCandidates(library, events, scans, options);
  const auto& candidates = found.by_signature;
  const auto& triggered_boots = found.triggered_boots;

  Evaluator ev{library, events, scans};
  std::vector<Match> out;
  for (const auto& [si, triggered] : candidates) {
    const Signature& s = library.signatures()[si];
    const Clause* root_clause = nullptr;
    for (const Clause& c : s.require) {
      if (c.root) root_clause = &c;
    }
    // Group triggered events by boot; in boot scope evaluate once per boot.
    std::map<uint32_t, std::vector<size_t>> triggered_by_boot;
    for (size_t e : triggered) triggered_by_boot[events[e].boot].push_back(e);
    for (const auto& [boot, trig] : triggered_by_boot) {
      const std::vector<size_t>& boot_events = by_boot[boot];
      const events::SystemFacts* facts = FactsFor(systems, boot);
      // Only an event of a kind it names: close enough to explain only when
      // the system is the signature's own (a ZFS assertion for a ZFS
      // signature), not for every signature of that kind (no match possible:
      // each require clause that holds fires its trigger).
      const bool kind_only = !triggered_boots.contains({si, boot});
      if (kind_only && !SystemHolds(s, facts)) continue;
      std::optional<Match> best_miss;
      bool matched_in_boot = false;
      // Root candidates: in event scope every triggered event; in boot scope
      // the events of the boot where the root clause holds.
      std::vector<size_t> roots;
      if (s.scope == Scope::kEvent) {
        // Kind alone cannot match: one event is enough to say why not.
        roots = kind_only ? std::vector<size_t>{trig.front()} : trig;
      } else {
        for (size_t e : boot_events) {
          if (ev.Eval(*root_clause, e).hit) roots.push_back(e);
        }
        if (roots.empty()) roots.push_back(trig.front());  // for the near-miss report
      }
      std::vector<Match> matched;
      for (size_t root : roots) {
        Match m = Evaluate(ev, s, root, boot_events, facts);
        if (m.matched) {
          matched_in_boot = true;
          // One finding per boot in boot scope: the root that is itself the
          // strongest evidence (the spinning loop worker rather than the
          // mount blocked behind it), else the first.
          if (s.scope == Scope::kBoot && !matched.empty()) {
            if (SupportOnRoot(m) > SupportOnRoot(matched.front())) matched.front() = std::move(m);
            continue;
          }
          matched.push_back(std::move(m));
          continue;
        }
        auto held = [](const Match& x) {
          return std::count_if(x.require.begin(), x.require.end(),
                               [](const ClauseOutcome& o) { return o.hit; });
        };
        if (!best_miss || held(m) > held(*best_miss)) best_miss = std::move(m);
      }
      AssignSymptoms(ev, s, boot_events, matched);
      for (Match& m : matched) out.push_back(std::move(m));
      // Triggered (a require clause's regex, frame or kind was seen) but ruled
      // out: a near-miss, reported with every reason.
      if (!matched_in_boot && best_miss && options.near_misses)
        out.push_back(std::move(*best_miss));
    }
  }
  return out;
}

}  // namespace crashsift::matching
