#include "analyzer/events/marker_headlines.h"

#include <algorithm>
#include <array>

#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

using kernel_log::Marker;
using kernel_log::MarkerRow;
using kernel_log::ReportMarker;
using scan::Has;

LineRole RoleOf(kernel_log::MarkerRole role) {
  switch (role) {
    case kernel_log::MarkerRole::kOpenerOrContinues:
      return LineRole::kOpenerOrContinuation;
    case kernel_log::MarkerRole::kPrelude:
      return LineRole::kPrelude;
    case kernel_log::MarkerRole::kEndsContinuation:
      return LineRole::kTerminalContinuation;
    default:
      return LineRole::kOpener;
  }
}

// Each headline row as a Headline (the text left empty), compiled once.
struct CompiledRows {
  std::array<Headline, static_cast<size_t>(Marker::kCount)> headline;
  CompiledRows() {
    for (const ReportMarker& row : kernel_log::ReportMarkers()) {
      if (!(row.uses & kernel_log::kHeadline)) continue;
      Headline& h = headline[static_cast<size_t>(row.id)];
      h.role = RoleOf(row.role);
      h.kind = EventKindFromString(row.kind).value_or(EventKind::kOther);
      switch (row.continues) {
        case kernel_log::MarkerContinues::kSameKind:
          h.continues = KindBit(h.kind);
          break;
        case kernel_log::MarkerContinues::kOopsLike:
          h.continues = kOopsLikeKinds;
          break;
        case kernel_log::MarkerContinues::kNothing:
          break;
      }
    }
  }
};

const CompiledRows kCompiled;

Headline Compiled(Marker id, std::string_view text) {
  Headline h = kCompiled.headline[static_cast<size_t>(id)];
  h.text = text;
  return h;
}

Headline WithKind(Headline h, EventKind kind) {
  h.kind = kind;
  return h;
}

// "BUG: <what>": the sanitizers, kmemleak, the soft lockup watchdog, a fault,
// lockdep before 4.x, else an untyped report.
Headline ClassifyBug(Headline h) {
  std::string_view what = h.text.substr(MarkerRow(Marker::kBug).text.size());
  if (what.starts_with("KASAN:") || what.starts_with("KFENCE:") || what.starts_with("KMSAN:") ||
      what.starts_with("KCSAN:")) {
    return WithKind(h, EventKind::kKasan);
  }
  if (what.starts_with("memory leak")) return WithKind(h, EventKind::kMemoryLeak);
  if (what.starts_with("soft lockup")) return WithKind(h, EventKind::kSoftLockup);
  if (what.starts_with("unable to handle") || what.starts_with("kernel NULL pointer") ||
      what.starts_with("stack guard page") || what.starts_with("TASK stack guard page")) {
    return WithKind(h, EventKind::kOops);
  }
  // arch/arm/vfp/vfpmodule.c: VFP/NEON used in kernel mode; the "Internal error: Oops -
  // undefined instruction" report follows at once and belongs to this event.
  if (what.starts_with("unsupported FP instruction in kernel mode")) {
    return WithKind(h, EventKind::kOops);
  }
  if (IsLockdepPhrase(what)) return WithKind(h, EventKind::kLockdep);
  return h;
}

// A WARN() report, as __warn() prints it: "WARNING: CPU: 0 PID: 1 at fs/x.c:1
// func+0x1/0x2" (4.x+), "WARNING: at fs/x.c:1 func()" (before), and the
// "WARNING: fs/x.c:1 at func+0x1/0x2, CPU#0: comm/1" layout of newer kernels.
// Plain messages that start with "WARNING: " are not reports.
bool IsWarnReport(std::string_view t) {
  if (t.starts_with(MarkerRow(Marker::kWarnCpu).text) ||
      t.starts_with(MarkerRow(Marker::kWarnAt).text)) {
    return true;
  }
  std::string_view after = t.substr(MarkerRow(Marker::kWarning).text.size());
  if (after.starts_with("kernel stack ")) return true;  // x86 unwinder: "regs has bad 'bp' value"
  return Has(t, " at ") && Has(t, "CPU#");
}

// slab_bug() of mm/slub.c: "BUG kmalloc-8 (Tainted: G    B   ): Object already free".
bool IsSlubProblem(std::string_view t) {
  static constexpr std::string_view kProblems[] = {
      "Object already free", "overwritten", "corrupt",           "Invalid object pointer",
      "Wrong object count",  "Freechain",   "Objects remaining", "Redzone",
  };
  for (std::string_view p : kProblems) {
    if (Has(t, p)) return true;
  }
  return false;
}

// The row's headline, refined by the words after its marker; nullopt when
// they say the line is no report.
std::optional<Headline> HeadlineOf(const ReportMarker& row, std::string_view t) {
  Headline h = Compiled(row.id, t);
  switch (row.id) {
    case Marker::kBug:
      return ClassifyBug(h);
    case Marker::kSlubBug:
      if (IsSlubProblem(t)) return h;
      return std::nullopt;
    case Marker::kWarning:
      if (IsLockdepPhrase(t)) return WithKind(h, EventKind::kLockdep);
      if (IsWarnReport(t)) return h;
      return std::nullopt;
    case Marker::kInfoTask:
      if (Has(t, " blocked ")) return h;
      return std::nullopt;
    case Marker::kInfo:
    case Marker::kFramedInfo:
    case Marker::kFramedBug:
      if (IsLockdepPhrase(t)) return h;
      return std::nullopt;
    default:
      return h;
  }
}

}  // namespace

bool IsLockdepPhrase(std::string_view s) {
  static constexpr std::string_view kPhrases[] = {
      "possible circular locking dependency",
      "possible recursive locking",
      "inconsistent lock state",
      "possible irq lock inversion",
      "lock order detected",
      "bad unlock balance",
      "held lock freed",
      "lock held when returning to user space",
      "suspicious RCU usage",
      "Nested lock was not taken",
      "lock held at task exit time",
      "trying to register non-static key",
      "looking up invalid subclass",
      "MAX_LOCKDEP",
      "still has locks held",
      "nested lock was not taken",
      "lockdep bfs error",
      "Invalid wait context",
      "Illegal lock usage",
  };
  for (std::string_view p : kPhrases) {
    if (Has(s, p)) return true;
  }
  return false;
}

std::optional<Headline> ClassifyMarkedLine(std::string_view t) {
  for (const ReportMarker* row = kernel_log::MatchLineStart(t, kernel_log::kHeadline); row;
       row = kernel_log::MatchLineStart(t, kernel_log::kHeadline, row)) {
    if (auto h = HeadlineOf(*row, t)) return h;
  }
  return std::nullopt;
}

Headline MarkerHeadline(const ReportMarker& row, std::string_view text) {
  return Compiled(row.id, text);
}

}  // namespace crashsift::events
