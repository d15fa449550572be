#include "analyzer/events/task_context.h"

#include <charconv>

#include "analyzer/core/text.h"
#include "analyzer/events/text_scan.h"

namespace crashsift::events {
namespace {

// kernel/panic.c taint_flags[] (6.15: J = TAINT_FWCTL added).
struct TaintEntry {
  char letter;
  std::string_view meaning;
};
constexpr TaintEntry kTaintTable[] = {
    {'P', "proprietary module was loaded"},
    {'F', "module was force loaded"},
    {'S', "kernel running on an out of specification system"},
    {'R', "module was force unloaded"},
    {'M', "processor reported a Machine Check Exception (MCE)"},
    {'B', "bad page referenced or some unexpected page flags"},
    {'U', "taint requested by userspace application"},
    {'D', "kernel died recently, i.e. there was an OOPS or BUG"},
    {'A', "an ACPI table was overridden by user"},
    {'W', "kernel issued warning"},
    {'C', "staging driver was loaded"},
    {'I', "workaround for bug in platform firmware applied"},
    {'O', "externally-built (out-of-tree) module was loaded"},
    {'E', "unsigned module was loaded"},
    {'L', "soft lockup occurred"},
    {'K', "kernel has been live patched"},
    {'X', "auxiliary taint, defined for and used by distros"},
    {'T', "kernel was built with the struct randomization plugin"},
    {'N', "an in-kernel test has been run"},
    {'J', "userspace used a mutating debug operation in fwctl"},
};

using text::IsDigit;

// The decimal number right after `key` in `text`, e.g. "PID: 12" -> 12.
template <class T>
std::optional<T> NumberAfter(std::string_view text, std::string_view key) {
  size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = scan::Trim(text.substr(at + key.size()));
  size_t end = 0;
  while (end < rest.size() && IsDigit(rest[end])) ++end;
  return scan::Number<T>(rest.substr(0, end));
}

// After "Tainted: " / "Not tainted ": taint letters, then release and build.
void ParseTaintAndRelease(std::string_view rest, bool tainted, TaskContext& ctx) {
  size_t i = 0;
  if (tainted) {
    // Letters and the blanks of unset flags, up to the release (a digit).
    while (i < rest.size() && !IsDigit(rest[i])) ++i;
    std::string_view taint = rest.substr(0, i);
    // RHEL 7 prints "Tainted: P           OE  ------------   3.10.0-...": the
    // dashes mark an unsupported kernel build, not a taint flag.
    while (!taint.empty() && (taint.back() == ' ' || taint.back() == '-')) taint.remove_suffix(1);
    ctx.taint = std::string(scan::Trim(taint));
  }
  std::string_view tail = scan::Trim(rest.substr(i));
  size_t space = tail.find(' ');
  ctx.release = std::string(tail.substr(0, space));
  if (space != std::string_view::npos) ctx.build = std::string(scan::Trim(tail.substr(space)));
}

}  // namespace

std::optional<TaskContext> ParseTaskContext(std::string_view text) {
  text = scan::Trim(text);
  TaskContext ctx;
  std::string_view comm_key;
  if (text.starts_with("CPU: ")) {
    ctx.cpu = NumberAfter<int>(text, "CPU: ");
    ctx.pid = NumberAfter<int64_t>(text, " PID: ");
    ctx.uid = NumberAfter<int64_t>(text, " UID: ");
    comm_key = " Comm: ";
  } else if (text.starts_with("Pid: ")) {
    ctx.pid = NumberAfter<int64_t>(text, "Pid: ");
    comm_key = ", comm: ";
  } else {
    return std::nullopt;
  }
  if (!ctx.pid) return std::nullopt;
  size_t comm_at = text.find(comm_key);
  if (comm_at == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(comm_at + comm_key.size());
  // The comm may hold blanks ("Web Content"); it ends at the first marker.
  size_t end = rest.size();
  for (std::string_view marker : {" Kdump: ", " Tainted: ", " Not tainted"}) {
    size_t at = rest.find(marker);
    if (at != std::string_view::npos && at < end) end = at;
  }
  ctx.comm = std::string(scan::Trim(rest.substr(0, end)));
  std::string_view after = rest.substr(end);
  if (after.starts_with(" Kdump: loaded")) ctx.kdump_loaded = true;
  if (size_t t = after.find(" Tainted: "); t != std::string_view::npos) {
    ParseTaintAndRelease(after.substr(t + 10), true, ctx);
  } else if (size_t n = after.find(" Not tainted"); n != std::string_view::npos) {
    ParseTaintAndRelease(after.substr(n + 12), false, ctx);
  }
  return ctx;
}

std::vector<TaintFlag> DecodeTaint(std::string_view taint) {
  std::vector<TaintFlag> out;
  // 6.10+ also prints "Tainted: [W]=WARN, [O]=OOT_MODULE": only the bracketed
  // letters count there, not the letters of the names.
  bool bracketed = taint.find("]=") != std::string_view::npos;
  for (const TaintEntry& entry : kTaintTable) {
    bool present = false;
    if (bracketed) {
      const char needle[4] = {'[', entry.letter, ']', 0};
      present = taint.find(needle) != std::string_view::npos;
    } else {
      present = taint.find(entry.letter) != std::string_view::npos;
    }
    if (present) out.push_back(TaintFlag{entry.letter, std::string(entry.meaning)});
  }
  return out;
}

bool IsTainted(std::string_view taint) { return !DecodeTaint(taint).empty(); }

}  // namespace crashsift::events
