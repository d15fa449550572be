// The structural lines of kernel reports: which line opens an event of which
// kind, which lines continue or end one. A table of rules checked after a
// first-byte dispatch, so an ordinary log line costs one switch (plus one
// memmem for the mid-line "invoked oom-killer"): no regex on the hot path.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "analyzer/events/event.h"
#include "analyzer/events/event_kind.h"

namespace crashsift::events {

enum class LineRole {
  kOpener,                // starts a new event of `kind`
  kOpenerOrContinuation,  // continues an open event of a kind in `continues`, else opens
  kContinuation,          // only inside an open event of a kind in `continues`
  kPrelude,               // "------------[ cut here ]------------", "=====": joins the next event
  kEndMarker,             // "---[ end trace ... ]---": closes the open event (included)
  kSingleLine,            // a one-line event (block I/O error, zio error)
  kDumpStart,             // "sysrq: Show Blocked State" / "sysrq: Show State"
  kTaskLine,              // "task:txg_sync state:D ..." (hung-task body or sysrq dump entry)
  kTerminalContinuation,  // continues an open event of a kind in `continues` and ends it
};

struct Headline {
  LineRole role = LineRole::kOpener;
  EventKind kind = EventKind::kOther;
  uint32_t continues = 0;  // bit mask of EventKind values this line may continue
  std::string_view text;   // the line with subsystem prefixes ("watchdog: ") removed
  // A line from inside a report whose first lines are not in the input (a
  // paste that starts at '"echo 0 > ...', at a bare "task:X state:D" block):
  // the event it opens is marked cut at its start.
  bool starts_cut = false;
};

constexpr uint32_t KindBit(EventKind kind) { return 1u << static_cast<uint32_t>(kind); }

// What an oops headline continues: an oops, a KASAN report or an untyped
// report ("BUG: ..." before "Oops: 0000 [#1]").
constexpr uint32_t kOopsLikeKinds =
    KindBit(EventKind::kOops) | KindBit(EventKind::kKasan) | KindBit(EventKind::kOther);

// Classifies one record's text; nullopt for ordinary lines (the common case).
std::optional<Headline> ClassifyLine(std::string_view text);

// SPL/ZFS assertion messages: "VERIFY3(x == y) failed (1 == 2)", "VERIFY(x)
// failed", "ASSERTION(x) failed" (include/os/linux/spl/sys/debug.h).
bool IsSplAssertion(std::string_view text);
// "SPLError: 52:0:(spl-kmem.c:1009:spl_slab_free()) ASSERTION(x) failed" (SPL
// before 0.6.1) -> the text after the location; "" when there is none.
std::string_view SplErrorMessage(std::string_view text);

// Parses "task:txg_sync        state:D stack:0     pid:113   ppid:1 ..."
// (5.14+) and the older "txg_sync        D    0   113      2 0x00000000"
// into comm/pid/ppid/state; nullopt when the line is not one.
struct TaskLine {
  std::string_view comm;
  char state = 0;
  std::optional<int64_t> pid;
  std::optional<int64_t> ppid;
};
std::optional<TaskLine> ParseTaskLine(std::string_view text);

}  // namespace crashsift::events
