#include "analyzer/matching/clause_matcher.h"

#include <algorithm>

namespace crashsift::matching {
namespace {

std::string FrameName(const events::StackFrame& f) {
  return f.normalized_function.empty() ? f.function : f.normalized_function;
}

bool Contains(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string KindList(const std::vector<events::EventKind>& kinds) {
  std::string s;
  for (auto k : kinds) s += (s.empty() ? "" : " or ") + std::string(events::ToString(k));
  return s;
}

// Named capture groups of `re` on `text`.
std::map<std::string, std::string> Captures(const RE2& re, std::string_view text) {
  std::map<std::string, std::string> out;
  const auto& names = re.CapturingGroupNames();
  if (names.empty()) return out;
  int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(static_cast<size_t>(n) + 1);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                groups.data(), n + 1)) {
    return out;
  }
  for (const auto& [index, name] : names) {
    const auto& g = groups[static_cast<size_t>(index)];
    out[name] = std::string(g.data(), g.size());
  }
  return out;
}

// "module/zfs/zap.c" names "/build/zfs-2.3.2/module/zfs/zap.c" too, but not
// "module/zfs/xzap.c".
bool SameSourceFile(const std::string& file, const std::string& wanted) {
  return file == wanted || (file.size() > wanted.size() && file.ends_with(wanted) &&
                            file[file.size() - wanted.size() - 1] == '/');
}

// Does any frame the clause considers (reliability, `top`) satisfy `pred`?
template <typename Pred>
bool AnyConsideredFrame(const Clause& c, const events::Event& event, Pred pred) {
  size_t considered = 0;
  for (const auto& f : event.frames) {
    if (!f.reliable && !c.unreliable_frames) continue;
    if (FrameName(f).starts_with("__pfx_")) continue;
    if (c.top && considered >= *c.top) break;
    ++considered;
    if (pred(f)) return true;
  }
  return false;
}

// The frames the clause considers, and the RIP frame: does any level of a
// source chain, inlined callees included, lie in c.file?
bool AnyFrameInFile(const Clause& c, const events::Event& event) {
  auto in_file = [&c](const events::StackFrame& f) {
    for (const auto& at : f.source) {
      if (SameSourceFile(at.file, c.file)) return true;
    }
    return false;
  };
  return (event.rip_frame && in_file(*event.rip_frame)) || AnyConsideredFrame(c, event, in_file);
}

}  // namespace

Result<EventScan> ScanEvent(const SignatureLibrary& library, const events::Event& event) {
  EventScan scan;
  std::vector<int> hits;
  auto run = [&](std::string_view text, std::vector<int>& out) -> Result<void> {
    hits.clear();
    if (auto r = library.PrefilterLine(text, hits); !r) return r;
    out.insert(out.end(), hits.begin(), hits.end());
    return {};
  };
  for (size_t i = 0; i < event.lines.size(); ++i) {
    std::vector<int> found;
    if (auto r = run(event.lines[i].text, found); !r) return tl::unexpected<Error>(r.error());
    for (int p : found) scan.line_hits[p].push_back(i);
  }
  if (auto r = run(event.headline, scan.headline_hits); !r) return tl::unexpected<Error>(r.error());
  if (!event.task.comm.empty()) {
    if (auto r = run(event.task.comm, scan.task_hits); !r) return tl::unexpected<Error>(r.error());
  }
  for (const auto& [key, value] : event.details) {
    if (auto r = run(value, scan.detail_hits[key]); !r) return tl::unexpected<Error>(r.error());
  }
  for (const auto& f : event.frames) {
    std::string name = FrameName(f);
    if (name.starts_with("__pfx_")) continue;
    if (f.reliable) scan.functions.push_back(name);
    scan.all_functions.push_back(std::move(name));
  }
  return scan;
}

ClauseResult EvaluateClause(const SignatureLibrary& library, const Clause& c,
                            const events::Event& event, const EventScan& scan) {
  ClauseResult r;
  auto fail = [&r](std::string why) {
    r.hit = false;
    r.why_not = std::move(why);
    return r;
  };
  if (!c.kinds.empty() && std::find(c.kinds.begin(), c.kinds.end(), event.kind) == c.kinds.end()) {
    return fail("event is " + std::string(events::ToString(event.kind)) + ", not " +
                KindList(c.kinds));
  }
  if (c.task && !Contains(scan.task_hits, c.task->index)) {
    return fail("task '" + event.task.comm + "' does not match /" + c.task->text + "/");
  }
  if (c.headline && !Contains(scan.headline_hits, c.headline->index)) {
    return fail("headline does not match /" + c.headline->text + "/");
  }
  for (const DetailPattern& d : c.details) {
    auto it = scan.detail_hits.find(d.key);
    if (it == scan.detail_hits.end() || !Contains(it->second, d.pattern.index)) {
      auto v = event.details.find(d.key);
      return fail(v == event.details.end()
                      ? "no " + d.key + " detail"
                      : d.key + " '" + v->second + "' does not match /" + d.pattern.text + "/");
    }
  }
  // Stack rules.
  const std::vector<std::string>& all = c.unreliable_frames ? scan.all_functions : scan.functions;
  size_t n = c.top ? std::min<size_t>(*c.top, all.size()) : all.size();
  auto begin = all.begin();
  auto end = all.begin() + static_cast<std::ptrdiff_t>(n);
  std::string where = c.top ? " in the top " + std::to_string(*c.top) + " frames" : "";
  if (!c.frames.empty()) {
    auto pos = begin;
    for (const std::string& f : c.frames) {
      auto found = std::find(pos, end, f);
      if (found == end) {
        bool anywhere = std::find(begin, end, f) != end;
        return fail(anywhere ? "frame " + f + " out of order" + where
                             : "frame " + f + " absent" + where);
      }
      pos = found + 1;
    }
  }
  for (const std::string& f : c.frames_all) {
    if (std::find(begin, end, f) == end) return fail("frame " + f + " absent" + where);
  }
  if (!c.frames_any.empty()) {
    bool any = false;
    for (const std::string& f : c.frames_any) any = any || std::find(begin, end, f) != end;
    if (!any) {
      std::string list;
      for (const auto& f : c.frames_any) list += (list.empty() ? "" : ", ") + f;
      return fail("none of the frames " + list + " present" + where);
    }
  }
  if (!c.module.empty() &&
      !AnyConsideredFrame(c, event, [&c](const auto& f) { return f.module == c.module; })) {
    return fail("no frame in module " + c.module + where);
  }
  if (!c.file.empty() && !AnyFrameInFile(c, event)) {
    return fail("no frame's source in " + c.file + where);
  }
  // Evidence line: the line regex's first matching line, else the headline.
  r.line = event.first_line;
  r.text = event.headline;
  if (c.line) {
    auto it = scan.line_hits.find(c.line->index);
    bool ok = false;
    if (it != scan.line_hits.end() && !it->second.empty()) {
      const auto& line = event.lines[it->second.front()];
      // The Set is exact for RE2 patterns; run the single regex once for captures.
      r.line = line.line;
      r.text = line.text;
      r.captures = Captures(library.pattern(c.line->index), line.text);
      ok = true;
    }
    if (!ok && Contains(scan.headline_hits, c.line->index)) {
      r.captures = Captures(library.pattern(c.line->index), event.headline);
      ok = true;
    }
    if (!ok) return fail("no line matches /" + c.line->text + "/");
  }
  r.hit = true;
  return r;
}

}  // namespace crashsift::matching
