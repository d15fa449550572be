// An event: one crash, warning, hang or error report cut out of a kernel log,
// with the evidence lines it came from. Plain value type; matching and
// rendering see only these and SystemFacts, never files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/events/event_kind.h"
#include "analyzer/events/stack_frame.h"

namespace crashsift::events {

struct TaskRef {
  std::string comm;
  std::optional<int64_t> pid;
};

// A line of evidence, quoted exactly with where it came from.
struct EvidenceLine {
  uint64_t line = 0;  // 1-based input line, or record number for a vmcore
  std::string text;   // the record text (no timestamp prefix)
};

struct Event {
  EventKind kind = EventKind::kOther;
  std::string title;       // syzbot-style: "general protection fault in foo"
  bool crash = false;      // a crash report (not an I/O error or a blocked task)
  std::string headline;    // the record that opened the event, verbatim
  bool corrupted = false;  // title cannot be trusted (truncated/interleaved)
  std::string corrupted_reason;
  // For people (titles/native_title.h): the title without syzkaller's
  // "corrupted" placeholder, and why the report is really cut or
  // interleaved ("" when it is whole, whatever the syzkaller verdict).
  std::string native_title;
  std::string damage;

  std::optional<double> time;       // monotonic seconds of the headline
  std::optional<double> wall_time;  // Unix seconds, when the log had them
  std::optional<int> cpu;
  TaskRef task;
  std::string taint;           // "G           OE" as printed, or "" when "Not tainted"
  std::string hardware;        // "Hardware name:" value
  std::string kernel_release;  // from the event's own CPU:/Tainted: line
  std::string rip;             // "lab_do_work+0x5/0x10 [labcrash]"
  std::optional<StackFrame> rip_frame;

  std::vector<StackFrame> frames;  // call trace, innermost first
  // One label per stack of the event, in order ("Call Trace:", "Allocated by
  // task 12:", "stack backtrace:"); StackFrame::stack indexes it. Frames that
  // came before any label belong to a "" label at index 0.
  std::vector<std::string> stack_labels;

  // Kind-specific details, e.g. {"expression": "dmu_buf_set_user(...) == NULL",
  // "file": "zap.c", "line": "441", "function": "zap_create_leaf"} for an
  // assertion, {"blocked_seconds": "122", "state": "D"} for a hung task,
  // {"pool": "tank", "error": "5"} for a zio error.
  std::map<std::string, std::string> details;

  uint64_t first_line = 0;  // input line range the event covers
  uint64_t last_line = 0;
  std::vector<EvidenceLine> lines;  // capped at limits::kMaxEventLines
  uint32_t boot = 0;
};

}  // namespace crashsift::events
