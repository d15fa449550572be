#include "analyzer/events/event_splitter.h"

#include <algorithm>

#include "analyzer/core/limits.h"
#include "analyzer/core/text.h"
#include "analyzer/events/arch_hints.h"
#include "analyzer/events/event_details.h"
#include "analyzer/events/event_kind_traits.h"
#include "analyzer/events/fragment_tail.h"
#include "analyzer/events/report_lines.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/events/task_context.h"

namespace crashsift::events {
namespace {

using text::TrimLeft;

// Records after a report closes during which orphan stack lines are still its
// own (interleaved console output cut it short), not a pasted fragment.
constexpr uint64_t kFragmentQuietRecords = 256;

// Unknown lines tolerated after (or inside) a finished stack.
constexpr size_t kTraceTailBudget = 3;

// Roughly what an event costs in memory: its structs plus the heap text.
size_t ApproximateBytes(const Event& e) {
  size_t bytes = sizeof(Event) + e.headline.size() + e.rip.size();
  for (const EvidenceLine& line : e.lines) bytes += sizeof(EvidenceLine) + line.text.size();
  for (const StackFrame& frame : e.frames) {
    bytes += sizeof(StackFrame) + frame.function.size() + frame.normalized_function.size() +
             frame.module.size() + frame.context.size();
    for (const SourceLocation& at : frame.source)
      bytes += sizeof(SourceLocation) + at.function.size() + at.file.size();
  }
  for (const auto& [key, value] : e.details) bytes += 64 + key.size() + value.size();
  for (const auto& label : e.stack_labels) bytes += sizeof(std::string) + label.size();
  return bytes;
}

}  // namespace

std::optional<Headline> EventSplitter::LegacyTaskLine(const kernel_log::LogRecord& r) {
  // Old kernels print a task line as "comm  D  0  pid  ppid 0x0", no prefix to dispatch on: a
  // headline where one is due (a sysrq/hung-task dump, a hung-task report before its stack) or, in
  // D state, outside any other report (a block whose header the paste cut, as "task:.. state:D").
  const Stream* s = FindStream(r.caller, false);
  const OpenEvent* open = s != nullptr && s->open ? &*s->open : nullptr;
  bool due = (s != nullptr && s->dump != 0) ||
             (open && open->event.kind == EventKind::kHungTask && !open->trace_started);
  if (!due && open && open->event.kind != EventKind::kBlockedTask) return std::nullopt;
  auto task = ParseTaskLine(r.text);
  if (!task || (!due && task->state != 'D')) return std::nullopt;
  return Headline{LineRole::kTaskLine, EventKind::kBlockedTask, 0, r.text};
}

SystemFactsCollector& EventSplitter::Facts() {
  uint32_t boot = boot_.value_or(0);
  // Map nodes never move: remember the current boot's, a lookup per record showed in profiles.
  if (current_facts_ != nullptr && current_facts_boot_ == boot) return *current_facts_;
  auto it = facts_.find(boot);
  if (it == facts_.end()) it = facts_.emplace(boot, SystemFactsCollector(boot)).first;
  current_facts_ = &it->second;
  current_facts_boot_ = boot;
  return it->second;
}

EventSplitter::Stream* EventSplitter::FindStream(const std::string& caller, bool create) {
  for (Stream& s : streams_) {
    if (s.caller == caller) return &s;
  }
  if (!create) return nullptr;
  if (streams_.size() >= kMaxStreams) {
    // Too many concurrent callers: close the least recently used one.
    auto oldest = std::min_element(
        streams_.begin(), streams_.end(),
        [](const Stream& a, const Stream& b) { return a.last_used < b.last_used; });
    Close(*oldest, true);
    streams_.erase(oldest);
  }
  streams_.push_back(Stream{});
  streams_.back().caller = caller;
  return &streams_.back();
}

void EventSplitter::Add(const kernel_log::LogRecord& record) {
  ++records_;
  boots_seen_ = std::max<uint64_t>(boots_seen_, uint64_t{record.boot} + 1);
  uint32_t boot = std::min(record.boot, kMaxBoots - 1);
  if (!boot_ || *boot_ != boot) {
    CloseAll();
    boot_ = boot;
    last_close_record_ = 0;
    Facts();
  }
  std::string_view text = record.text;
  if (SystemFactsCollector::MayBeFact(text)) Facts().Observe(text);
  std::optional<Headline> headline = ClassifyLine(text);
  if (!headline) headline = LegacyTaskLine(record);
  if (!headline && streams_.empty() && groups_.empty()) {
    if (IsOrphanStackLine(text)) StackLineWithoutReport(record);
    return;  // the common case: an ordinary line
  }
  if (headline) {
    // Report headers name the machine too: "... [#1] SMP ARM", "... SMP PTI",
    // x86's "segfault at ... ip ... sp ... error" and "mce: [Hardware Error]".
    if (std::string_view arch = ArchFromReportLine(TrimLeft(text)); !arch.empty()) {
      Facts().ObserveArchHint(arch);
    }
  }
  if (!groups_.empty()) {
    groups_.Expire(record, closed_groups_);
    bool detail = !headline && groups_.AddDetail(record);
    EmitClosedGroups();
    if (detail || (!headline && streams_.empty())) {
      // The stack a device error's report dumps still names the machine.
      if (!headline && IsOrphanStackLine(text)) ObserveArchOf(text);
      return;
    }
  }

  Stream* s = FindStream(record.caller, headline.has_value());
  if (s == nullptr) return;
  s->last_used = ++tick_;
  if (headline) {
    HandleHeadline(*s, record, *headline);
  } else if (s->open) {
    if (!HandleBodyLine(*s, record)) {
      // The line ended the event; it is an ordinary line for what follows.
      s->prelude.clear();
      if (s->dump && !s->open) s->dump = 0;
    }
  } else if (s->dump == 0 && IsOrphanStackLine(text)) {
    s->prelude.clear();
    StackLineWithoutReport(record);
    return;
  } else {
    s->prelude.clear();
    s->dump = 0;  // the task list of a sysrq dump ended
  }
  if (s->open &&
      (s->open->event.lines.size() >= limits::kMaxEventLines || s->open->bytes >= kMaxEventBytes)) {
    s->open->event.details.emplace("evidence_capped", "true");
    Close(*s, false);
  }
  if (!s->open && s->prelude.empty() && s->dump == 0) {
    streams_.erase(streams_.begin() + (s - streams_.data()));
  }
}

void EventSplitter::HandleHeadline(Stream& s, const kernel_log::LogRecord& r, const Headline& h) {
  OpenEvent* open = s.open ? &*s.open : nullptr;
  auto continues = [&](bool header_only) {
    if (!open || !(h.continues & KindBit(open->event.kind))) return false;
    return !header_only || (!open->trace_started && !open->context_seen);
  };
  if (h.kind == EventKind::kCpuBacktrace) {
    HandleCpuBacktrace(s, r, h);
    return;
  }
  switch (h.role) {
    case LineRole::kPrelude:
      if (open &&
          (open->event.kind == EventKind::kKasan || open->event.kind == EventKind::kUbsan) &&
          open->event.lines.size() > 1 && h.text.front() == '=') {
        Append(*open, r, true);  // the closing "=====" of a sanitizer report
        Close(s, false);
        return;
      }
      if (open) Close(s, true);
      if (s.prelude.size() >= 2) s.prelude.clear();
      if (s.prelude.empty()) s.prelude_first_line = r.line;
      s.prelude.push_back(EvidenceLine{r.line, r.text});
      return;
    case LineRole::kEndMarker:
      if (open) {
        Append(*open, r, true);
        Close(s, false);
      }
      return;
    case LineRole::kDumpStart:
      if (open) Close(s, true);
      s.prelude.clear();
      // The column header of old kernels follows "Show Blocked State": keep it.
      if (s.dump == 0 || !h.text.starts_with("task ")) {
        s.dump = h.text.find("Blocked") != std::string_view::npos ? 1 : 2;
      }
      return;
    case LineRole::kTaskLine:
      HandleTaskLine(s, r, h);
      return;
    case LineRole::kOpenerOrContinuation:
      if (continues(h.kind == EventKind::kOops || h.kind == EventKind::kHungTask)) {
        Append(*open, r, true);
        ExtractDetails(h, open->event);
        return;
      }
      if (open) Close(s, true);
      Open(s, r, h);
      return;
    case LineRole::kContinuation:
      if (continues(false)) {
        Append(*open, r, true);
        ExtractDetails(h, open->event);
      } else if (open) {
        HandleBodyLine(s, r);
      }
      return;
    case LineRole::kTerminalContinuation:
      if (continues(false)) {
        Append(*open, r, true);
        ExtractDetails(h, open->event);
        Close(s, false);
        return;
      }
      HandleSingleLine(s, r, h);
      return;
    case LineRole::kSingleLine:
      HandleSingleLine(s, r, h);
      return;
    case LineRole::kOpener:
      HandleOpener(s, r, h);
      return;
  }
}

void EventSplitter::HandleCpuBacktrace(Stream& s, const kernel_log::LogRecord& r,
                                       const Headline& h) {
  OpenEvent* open = s.open ? &*s.open : nullptr;
  // Inside a lockup, stall or panic report the other CPUs' stacks belong to
  // it (as when this line was no headline); after a sysrq-w task or another
  // CPU's stack (sysrq-l) it starts an event: the busy task's own stack.
  if (open && open->event.kind != EventKind::kBlockedTask &&
      open->event.kind != EventKind::kHungTask && open->event.kind != EventKind::kCpuBacktrace &&
      HandleBodyLine(s, r)) {
    return;
  }
  if (s.open) Close(s, true);
  Open(s, r, h);
  // "NMI backtrace for cpu 1 skipped: idling at intel_idle+0x..": no stack follows.
  if (h.text.find(" skipped") != std::string_view::npos) s.open->discard = true;
}

void EventSplitter::HandleTaskLine(Stream& s, const kernel_log::LogRecord& r, const Headline& h) {
  OpenEvent* open = s.open ? &*s.open : nullptr;
  auto task = ParseTaskLine(h.text);
  if (open && open->event.kind == EventKind::kHungTask && !open->trace_started) {
    Append(*open, r, true);
    if (task) {
      open->event.details.emplace("state", std::string(1, task->state));
      if (task->ppid) open->event.details.emplace("ppid", std::to_string(*task->ppid));
      // A header a report template or a paste mangled ("INFO: task
      // $NAME:$PID blocked ..."): the task line names the task.
      std::string& comm = open->event.task.comm;
      if (comm.empty() || comm.find_first_of("$%<{") != std::string::npos) {
        comm = std::string(task->comm);
        if (task->pid) open->event.task.pid = task->pid;
      }
    }
    return;
  }
  if (s.dump && task) {
    if (open) Close(s, true);
    Open(s, r, h);
    // sysrq-t lists every task: only D-state (uninterruptible) ones are events.
    if (task->state != 'D') s.open->discard = true;
    return;
  }
  if (task && task->state == 'D' && (!open || open->event.kind == EventKind::kBlockedTask)) {
    // A bare D-state block (a hung-task or sysrq-w header cut); the next one ends the last.
    if (open) Close(s, true);
    Headline cut = h;
    cut.starts_cut = true;
    Open(s, r, cut);
    return;
  }
  if (open) HandleBodyLine(s, r);
}

void EventSplitter::HandleSingleLine(Stream& s, const kernel_log::LogRecord& r, const Headline& h) {
  // One-line events interleave with reports (an I/O error printed while
  // a hung task is dumped): they never close the open event.
  if (h.kind == EventKind::kIoError || h.kind == EventKind::kFsError) {
    if (auto device = ParseDeviceLine(h.text)) {
      groups_.AddError(r, h, *device, boot_.value_or(0), closed_groups_);
      EmitClosedGroups();
      s.prelude.clear();
      return;
    }
  }
  Stream single;
  single.caller = s.caller;
  Open(single, r, h);
  Close(single, false);
  s.prelude.clear();
}

void EventSplitter::HandleOpener(Stream& s, const kernel_log::LogRecord& r, const Headline& h) {
  OpenEvent* open = s.open ? &*s.open : nullptr;
  if (h.kind == EventKind::kHardLockup && open && open->event.kind == EventKind::kWarning &&
      !open->trace_started && open->event.headline.find("watchdog") != std::string::npos) {
    // Before 4.x the NMI watchdog reported through WARN(): "WARNING: ... at
    // kernel/watchdog.c:265 watchdog_overflow_callback" then "Watchdog
    // detected hard LOCKUP on cpu 1": one report, a hard lockup.
    open->event.kind = EventKind::kHardLockup;
    Append(*open, r, true);
    return;
  }
  if (h.kind == EventKind::kPanic && open && !PanicsAfterItsStack(open->event.kind) &&
      !open->trace_started && !open->context_seen) {
    // "WARNING: ..." then "Kernel panic - not syncing: panic_on_warn set ...":
    // one report whose stack follows the panic line.
    Append(*open, r, true);
    size_t colon = h.text.find(": ");
    if (colon != std::string_view::npos) {
      open->event.details.emplace("panic", std::string(h.text.substr(colon + 2)));
    }
    return;
  }
  if (open) Close(s, true);
  Open(s, r, h);
}

void EventSplitter::StackLineWithoutReport(const kernel_log::LogRecord& r) {
  if (last_close_record_ != 0 && records_ - last_close_record_ <= kFragmentQuietRecords) {
    last_close_record_ = records_;  // still the rest of the report that just closed
    ObserveArchOf(r.text);          // its registers and frames still name the machine
    return;
  }
  OpenStackFragment(r);
}

void EventSplitter::OpenStackFragment(const kernel_log::LogRecord& r) {
  Stream* s = FindStream(r.caller, true);
  if (s == nullptr) return;
  s->last_used = ++tick_;
  if (s->open) Close(*s, true);
  Open(*s, r, Headline{LineRole::kOpener, EventKind::kStackFragment, 0, r.text, true});
  // The line itself is a frame, marker or register: parse it as the body.
  s->open->event.lines.clear();
  s->open->bytes = 0;
  s->open->known_lines = 0;
  HandleBodyLine(*s, r);
}

void EventSplitter::Open(Stream& s, const kernel_log::LogRecord& r, const Headline& h) {
  s.open.emplace();
  OpenEvent& e = *s.open;
  e.event.kind = h.kind;
  e.event.headline = r.text;
  if (h.starts_cut || r.clipped) e.event.details.emplace("cut", "start");
  e.event.time = r.monotonic;
  e.event.wall_time = r.wall_time;
  e.event.boot = boot_.value_or(0);
  e.event.first_line = s.prelude.empty() ? r.line : s.prelude_first_line;
  for (EvidenceLine& line : s.prelude) e.event.lines.push_back(std::move(line));
  e.known_lines = e.event.lines.size();
  s.prelude.clear();
  ConfigureForKind(h.kind, e.closes_after_trace, e.idle_budget);
  Append(e, r, true);
  ExtractDetails(h, e.event);
}

void EventSplitter::Append(OpenEvent& e, const kernel_log::LogRecord& r, bool known) {
  if (e.event.lines.size() < limits::kMaxEventLines && e.bytes < kMaxEventBytes) {
    e.event.lines.push_back(EvidenceLine{r.line, r.text});
    e.bytes += r.text.size();
  }
  e.event.last_line = std::max(r.last_line, r.line);
  if (known) {
    e.idle = 0;
    e.known_lines = e.event.lines.size();
    e.known_last_line = e.event.last_line;
  } else {
    ++e.idle;
  }
}

void EventSplitter::AppendFrame(OpenEvent& e, const kernel_log::LogRecord& r, StackFrame frame) {
  Event& ev = e.event;
  std::string_view text = r.text;
  if (!e.in_stack && (ev.stack_labels.empty() || !e.gap_only_registers)) {
    ev.stack_labels.push_back(e.pending_label);
  }
  if (ev.stack_labels.empty()) ev.stack_labels.push_back("");
  frame.stack = static_cast<uint32_t>(ev.stack_labels.size() - 1);
  if (frame.context.empty()) frame.context = e.context;
  Facts().ObserveFrame(frame);
  ObserveArchOfFrame(frame, text);
  ev.frames.push_back(std::move(frame));
  e.arm_caller = ParseArmCaller(text, r.line);
  e.trace_started = true;
  e.trace_done = false;
  e.in_stack = true;
  e.gap_only_registers = true;
  Append(e, r, true);
}

void EventSplitter::ObserveArchOfFrame(const StackFrame& frame, std::string_view line) {
  if (ArchHint hint = ArchFromFrame(frame, line); !hint.arch.empty()) {
    Facts().ObserveArchHint(hint.arch, hint.weak);
  }
}

void EventSplitter::ObserveArchOf(std::string_view text) {
  if (std::string_view arch = ArchFromReportLine(TrimLeft(text)); !arch.empty()) {
    Facts().ObserveArchHint(arch);
  } else if (auto frame = ParseStackFrame(text)) {
    ObserveArchOfFrame(*frame, text);
  } else if (ArchHint row = ArchFromMemoryRow(TrimLeft(text)); !row.arch.empty()) {
    Facts().ObserveArchHint(row.arch, row.weak);
  }
}

bool EventSplitter::HandleBodyLine(Stream& s, const kernel_log::LogRecord& r) {
  OpenEvent& e = *s.open;
  Event& ev = e.event;
  std::string_view text = r.text;
  std::string_view t = TrimLeft(text);
  if (std::string_view arch = ArchFromReportLine(t); !arch.empty()) {
    Facts().ObserveArchHint(arch);  // user RIPs too
  } else if (ArchHint row = ArchFromMemoryRow(t); !row.arch.empty()) {
    Facts().ObserveArchHint(row.arch, row.weak);
  }

  if (e.closes_after_trace && e.trace_done) {
    // The stack ended with "</TASK>": only trailer lines still belong; a new
    // CPU:/Call Trace:/stack is another report (sysrq-l after sysrq-w).
    if (IsReportTrailer(t)) {
      Append(e, r, true);
      return true;
    }
    if (e.idle >= kTraceTailBudget) {
      Close(s, true);
      return false;
    }
    Append(e, r, false);
    return true;
  }
  if (auto marker = ParseContextMarker(t)) {
    if (marker->closing) {
      e.context.clear();
      if (marker->context == "task") e.trace_done = true;
    } else {
      e.context = std::string(marker->context);
      e.trace_done = false;
    }
    Append(e, r, true);
    return true;
  }
  if (auto frame = ParseStackFrame(text, r.line)) {
    AppendFrame(e, r, std::move(*frame));
    return true;
  }
  e.in_stack = false;
  bool registers = IsRegisterLine(t);
  if (!registers) {
    e.gap_only_registers = false;
    e.pending_label = std::string(t);
  }
  if (auto ip = ParseInstructionPointer(t, r.line)) {
    if (ev.rip.empty()) {
      // The value as printed: "lab_do_work+0x5/0x10 [labcrash]" (segment removed).
      std::string_view value = t.starts_with("PC is at ") ? t.substr(9) : t.substr(5);
      value = TrimLeft(value);
      if (value.size() > 5 && value[4] == ':') value.remove_prefix(5);
      ev.rip = std::string(TrimLeft(value));
      ev.rip_frame = ip;
    }
    // "PC is at" is both 32-bit ARM and arm64 before 4.10: no hint from it.
    Append(e, r, true);
    return true;
  }
  if (auto ctx = ParseTaskContext(t)) {
    if (!e.context_seen) {
      e.context_seen = true;
      if (!ev.cpu) ev.cpu = ctx->cpu;
      if (ev.task.comm.empty()) ev.task.comm = ctx->comm;
      if (!ev.task.pid) ev.task.pid = ctx->pid;
      ev.taint = ctx->taint;
      ev.kernel_release = ctx->release;
    }
    Append(e, r, true);
    return true;
  }
  if (t.starts_with("Hardware name: ")) {
    if (ev.hardware.empty()) ev.hardware = std::string(t.substr(15));
    Append(e, r, true);
    return true;
  }
  if (t.starts_with("stack backtrace:")) e.closes_after_trace = true;  // lockdep's last part
  if (IsReportLine(t)) {
    Append(e, r, true);
    return true;
  }
  // An unknown line. After the stack of a report that ends with its stack,
  // it belongs to what follows; an old kernel without </TASK> ends here too.
  if (e.closes_after_trace && e.trace_started) {
    // Consoles interleave other output into a stack without caller ids: a
    // few unknown lines are kept tentatively, and dropped again on close.
    if (e.idle >= kTraceTailBudget) {
      Close(s, true);
      return false;
    }
    Append(e, r, false);
    return true;
  }
  if (e.idle >= e.idle_budget || ev.lines.size() >= limits::kMaxEventLines) {
    Close(s, true);
    return false;
  }
  Append(e, r, false);
  return true;
}

void EventSplitter::Close(Stream& s, bool trim_unknown_tail) {
  if (!s.open) return;
  last_close_record_ = records_;
  OpenEvent& e = *s.open;
  if (trim_unknown_tail && e.idle > 0 && e.known_lines > 0) {
    // Lines after the last report line were only tentatively part of it.
    e.event.lines.resize(std::min(e.event.lines.size(), e.known_lines));
    e.event.last_line = e.known_last_line;
  }
  if (e.arm_caller && !e.event.frames.empty()) {
    // The trace ended (or was cut) after a 32-bit ARM "(a) from (b+..)" line.
    StackFrame caller = std::move(*e.arm_caller);
    caller.stack = e.event.frames.back().stack;
    caller.context = e.event.frames.back().context;
    caller.reliable = e.event.frames.back().reliable;
    Facts().ObserveFrame(caller);
    e.event.frames.push_back(std::move(caller));
  }
  DescribeFragmentTail(e.event);
  if (!e.discard) Emit(std::move(e.event));
  s.open.reset();
}

void EventSplitter::CloseAll() {
  for (Stream& s : streams_) Close(s, true);
  streams_.clear();
  groups_.CloseAll(closed_groups_);
  EmitClosedGroups();
}

void EventSplitter::EmitClosedGroups() {
  for (Event& e : closed_groups_) Emit(std::move(e));
  closed_groups_.clear();
}

void EventSplitter::Emit(Event event) {
  size_t bytes = ApproximateBytes(event);
  if (capped_ || events_.size() >= limits::kMaxEventsPerInput ||
      kept_bytes_ + bytes > limits::kMaxKeptEventBytes) {
    if (!capped_ || event.boot < first_dropped_boot_ ||
        (event.boot == first_dropped_boot_ && event.first_line < first_dropped_line_)) {
      first_dropped_boot_ = event.boot;
      first_dropped_line_ = event.first_line;
    }
    capped_ = true;
    ++dropped_[event.kind];
    return;
  }
  // Kept until the end of the input: without the slack of vector growth.
  event.frames.shrink_to_fit();
  event.lines.shrink_to_fit();
  kept_bytes_ += bytes;
  events_.push_back(std::move(event));
}

SplitResult EventSplitter::Finish() {
  CloseAll();
  SplitResult out;
  out.records = records_;
  out.events_capped = capped_;
  out.dropped = std::move(dropped_);
  out.first_dropped_boot = first_dropped_boot_;
  out.first_dropped_line = first_dropped_line_;
  out.boots_seen = boots_seen_;
  // Events were emitted when closed; report them in the order they opened.
  std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
    if (a.boot != b.boot) return a.boot < b.boot;
    return a.first_line < b.first_line;
  });
  out.events = std::move(events_);
  for (const auto& [boot, collector] : facts_) out.systems.push_back(collector.Finish());
  events_.clear();
  facts_.clear();
  current_facts_ = nullptr;
  boot_.reset();
  records_ = 0;
  boots_seen_ = 0;
  capped_ = false;
  kept_bytes_ = 0;
  dropped_.clear();
  return out;
}

}  // namespace crashsift::events
