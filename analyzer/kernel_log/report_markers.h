// The one table of kernel report markers: the lines that open a kernel
// report ("Kernel panic - not syncing", "BUG: ", "Oops: ", "WARNING: CPU: ",
// "<comm> invoked oom-killer:", ...), with what each consumer needs to know
// about them as columns. Every reader of markers selects its subset here by
// the `uses` column instead of keeping a list of its own:
//   - the text reader (StartsKernelReport): a pasted report's unstamped
//     first line;
//   - the vmcore reader: the report after which "CPU: N" names the
//     panicking CPU;
//   - events/ (ClassifyLine): the headline's role, event kind and what it
//     continues; the phrases that refine a kind ("BUG: KASAN:", lockdep's
//     wording) stay with events/;
//   - events/ (fragment tail): what oops_end() prints after its end trace;
//   - events/ (IsReportLine): the lines that stay in the report around them.
// tests/structure/check_markers.py fails on a marker literal anywhere else.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace crashsift::kernel_log {

enum class Marker : uint8_t {
  kPanic,
  kBug,
  kSlubBug,
  kBootingKernel,
  kOops,
  kOopsWord,
  kOutOfMemory,
  kGeneralProtection,
  kKernelBugAt,
  kKmemCacheDestroy,
  kKmemleak,
  kInvalidOpcode,
  kDivideError,
  kDivideErrorOld,
  kSegmentProtection,
  kStackSegment,
  kUbsan,
  kUnableToHandle,
  kUnhandledFault,
  kSyncExternalAbort,
  kWarning,
  kWarnCpu,
  kWarnAt,
  kWarnPossible,
  kWarnSuspiciousRcu,
  kHardLockup,
  kInfoTask,
  kInfoRcu,
  kInfo,
  kLockdepOff,
  kInternalError,
  kCutHere,
  kDoubleFault,
  kUnregisterNetdev,
  kUnreferencedObject,
  kMemcgOom,
  kOomKill,
  kFramedInfo,
  kFramedBug,
  kNmiBacktrace,
  kWatchdogBug,
  kRcuInfo,
  kWatchdogReporter,
  kNmiWatchdogReporter,
  kRcuReporter,
  kNetdevWatchdog,
  kKilledProcess,
  kOomInvoked,
  kPageAllocationFailure,
  kCount
};

// The `uses` bits: which consumer reads a row.
enum MarkerUse : uint8_t {
  kStartsReport = 1,  // the text reader: a report's first line without a printk prefix
  kPanicCpu = 2,      // the vmcore reader: "CPU: N" after it is the panicking CPU
  kHeadline = 4,      // events/: a headline of the role, kind and continuation below
  kAfterOops = 8,     // events/: a line oops_end() prints after "---[ end trace"
  kReporter = 16,     // events/: a subsystem prefix before a headline ("watchdog: ")
  kInReport = 32,     // events/: a line that belongs to the report around it (IsReportLine)
};

enum class MarkerPlace : uint8_t {
  kLineStart,  // the line starts with `text`
  kAfterComm,  // `text` follows the task's comm: "<comm> invoked oom-killer:"
};

// What a headline does to the event being cut (events/ maps it to LineRole).
enum class MarkerRole : uint8_t {
  kNone,               // not a headline
  kOpener,             // opens an event
  kOpenerOrContinues,  // continues an open event of a kind in `continues`, else opens
  kPrelude,            // joins the next event ("------------[ cut here ]")
  kEndsContinuation,   // continues an open event of a kind in `continues` and ends it
};

enum class MarkerContinues : uint8_t {
  kNothing,
  kSameKind,  // an event of the headline's own kind
  kOopsLike,  // an oops, a KASAN report or an untyped report ("BUG: ...")
};

struct ReportMarker {
  Marker id;
  std::string_view text;
  MarkerPlace place;
  uint8_t uses;  // MarkerUse bits
  // The event kind's stable name (events/event_kind.cc); "" when no headline.
  std::string_view kind;
  MarkerRole role;
  MarkerContinues continues;
  // A phrase the line must also hold ("" when none).
  std::string_view needs;
};

// All rows, in table order (a line takes the first row that matches).
std::span<const ReportMarker> ReportMarkers();

// The row of `id`.
const ReportMarker& MarkerRow(Marker id);
inline std::string_view MarkerText(Marker id) { return MarkerRow(id).text; }

// The `uses` bits of all kLineStart rows by their first byte.
extern const std::array<uint8_t, 256> kMarkerUsesByFirstByte;

// False when no kLineStart row of `uses_mask` starts with the line's first
// byte: the inline test the per-line callers make before MatchLineStart.
inline bool MayStartWithMarker(std::string_view line, uint8_t uses_mask) {
  return !line.empty() &&
         (kMarkerUsesByFirstByte[static_cast<unsigned char>(line.front())] & uses_mask) != 0;
}

// `line` starts with the row's text and holds its `needs`.
bool StartsWithRow(std::string_view line, const ReportMarker& row);

// The first kLineStart row with a `uses` bit of `uses_mask` that `line`
// starts with (and that holds the row's `needs`), after the row `after`
// when one is given (the next candidate when the caller refused a match).
// Looked up by the line's first byte: an ordinary line costs a table read.
const ReportMarker* MatchLineStart(std::string_view line, uint8_t uses_mask,
                                   const ReportMarker* after = nullptr);

// The first kAfterComm row with a `uses` bit of `uses_mask` whose text
// follows the line's first word (a comm: up to the first blank or colon,
// at most 64 bytes).
const ReportMarker* MatchAfterFirstWord(std::string_view line, uint8_t uses_mask);

}  // namespace crashsift::kernel_log
