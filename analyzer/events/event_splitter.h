// EventSplitter: a streaming state machine that cuts kernel log records into
// Events (one crash, warning, hang or error report each, with its frames and
// evidence lines) and collects SystemFacts per boot.
//
// Contract:
//  - Add() each record in input order, then Finish() once. Records of one
//    boot must be contiguous (a new LogRecord::boot closes every open event).
//  - Memory is bounded: only the open events' lines are kept (each capped at
//    limits::kMaxEventLines lines and kMaxEventBytes bytes), at most
//    kMaxStreams printk callers are tracked,
//    and at most limits::kMaxEventsPerInput events (and about
//    limits::kMaxKeptEventBytes of them) are returned in full; later ones
//    are counted by kind in SplitResult::dropped.
//  - Cheap on ordinary lines: a first-byte dispatch decides; no regex.
//  - Device and filesystem error lines (io_error, fs_error) are grouped per
//    device across callers (DeviceErrorGroups): a storm is one event.
//  - Records are routed by their printk caller id ("T123"/"C1") when the log
//    has them, so reports printed at once by several CPUs split correctly.
//    Timestamps are never assumed monotonic.
//  - Event::title is left empty (the titles module fills it).
//  - Never fails: any byte sequence is a valid (if uninteresting) log.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/events/device_error_groups.h"
#include "analyzer/events/event.h"
#include "analyzer/events/event_headlines.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/events/system_facts_collector.h"
#include "analyzer/kernel_log/log_record.h"

namespace crashsift::events {

namespace splitter_internal {

// Per-caller state of the splitter (outside the class: clang rejects
// std::optional of a nested struct with default member initializers).
struct OpenEvent {
  Event event;
  bool trace_started = false;  // a frame was seen
  bool trace_done = false;     // a closing marker (or a non-frame after frames) was seen
  bool context_seen = false;   // CPU:/Pid: line seen
  bool closes_after_trace = true;
  bool discard = false;   // a non-D task of a sysrq-t dump
  bool in_stack = false;  // the previous line was a frame
  bool gap_only_registers = true;
  std::string pending_label;  // last non-frame line: labels the next stack
  size_t idle = 0;            // unknown lines since the last report line
  size_t idle_budget = 32;    // unknown lines tolerated before the stack
  size_t known_lines = 0;     // evidence lines up to the last report line
  uint64_t known_last_line = 0;
  std::string context;  // current <TASK>/<IRQ> context
  // The caller printed on the last 32-bit ARM frame line ("(a) from [<..>]
  // (b+0x1/0x2)"): a frame of its own when no line follows to print it.
  std::optional<StackFrame> arm_caller;
  size_t bytes = 0;  // evidence text kept so far
};
struct Stream {
  std::string caller;
  std::optional<OpenEvent> open;
  std::vector<EvidenceLine> prelude;  // "cut here" / "=====" waiting for a headline
  uint64_t prelude_first_line = 0;
  int dump = 0;  // 1: sysrq-w (blocked), 2: sysrq-t (all tasks)
  uint64_t last_used = 0;
};

}  // namespace splitter_internal

struct SplitResult {
  std::vector<Event> events;         // in the order they were opened
  std::vector<SystemFacts> systems;  // one per boot seen, by boot index
  uint64_t records = 0;              // records seen
  bool events_capped = false;        // over limits::kMaxEventsPerInput/kMaxKeptEventBytes
  // When capped: how many events were dropped, by kind, and where the first
  // dropped one began (later titles reports have no event to go to).
  std::map<EventKind, uint64_t> dropped;
  uint32_t first_dropped_boot = 0;
  uint64_t first_dropped_line = 0;
  // Boots in the input; above EventSplitter::kMaxBoots the later ones are
  // merged into the last kept one (`systems` has kMaxBoots entries).
  uint64_t boots_seen = 0;
};

class EventSplitter {
 public:
  static constexpr size_t kMaxStreams = 64;
  static constexpr uint32_t kMaxBoots = 4096;
  // Evidence text kept per event: with kMaxStreams open events at most
  // 64 MiB even when every line is a cut 64 KiB line. An event reaching
  // this (or limits::kMaxEventLines lines) is closed as it is.
  static constexpr size_t kMaxEventBytes = 1 << 20;

  EventSplitter() = default;

  void Add(const kernel_log::LogRecord& record);
  SplitResult Finish();

 private:
  using OpenEvent = splitter_internal::OpenEvent;
  using Stream = splitter_internal::Stream;

  Stream* FindStream(const std::string& caller, bool create);
  std::optional<Headline> LegacyTaskLine(const kernel_log::LogRecord& r);
  void HandleHeadline(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  // HandleHeadline's cases that take more than a few lines.
  void HandleCpuBacktrace(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  void HandleTaskLine(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  void HandleSingleLine(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  void HandleOpener(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  // Returns false when the line ended the open event and must be handled again.
  bool HandleBodyLine(Stream& s, const kernel_log::LogRecord& r);
  void Open(Stream& s, const kernel_log::LogRecord& r, const Headline& h);
  // Opens a stack_fragment event on a stack line that no header opened.
  // A stack line outside any report: the rest of a report that just closed
  // (interleaved output, a cap), else the start of a pasted fragment.
  void StackLineWithoutReport(const kernel_log::LogRecord& r);
  // Arch hints (arch_hints.h) of a register or frame line, and of a frame.
  void ObserveArchOf(std::string_view text);
  void ObserveArchOfFrame(const StackFrame& frame, std::string_view line);
  void OpenStackFragment(const kernel_log::LogRecord& r);
  void Append(OpenEvent& e, const kernel_log::LogRecord& r, bool known);
  // A stack frame line of the open event `e`.
  void AppendFrame(OpenEvent& e, const kernel_log::LogRecord& r, StackFrame frame);
  void Close(Stream& s, bool trim_unknown_tail);
  void CloseAll();
  void Emit(Event event);
  void EmitClosedGroups();
  SystemFactsCollector& Facts();

  std::vector<Stream> streams_;
  DeviceErrorGroups groups_;  // io_error / fs_error storms, one event per device
  std::vector<Event> closed_groups_;
  std::map<uint32_t, SystemFactsCollector> facts_;
  SystemFactsCollector* current_facts_ = nullptr;  // facts_[current_facts_boot_]
  uint32_t current_facts_boot_ = 0;
  std::optional<uint32_t> boot_;
  std::vector<Event> events_;
  size_t kept_bytes_ = 0;  // approximate memory of events_
  std::map<EventKind, uint64_t> dropped_;
  uint32_t first_dropped_boot_ = 0;
  uint64_t first_dropped_line_ = 0;
  uint64_t records_ = 0;
  uint64_t boots_seen_ = 0;  // highest record.boot + 1
  uint64_t tick_ = 0;
  // The record count when a report of this boot last closed: stack lines soon
  // after it are the rest of that report, interleaved with other output, not
  // a pasted fragment (0: none closed in this boot yet).
  uint64_t last_close_record_ = 0;
  bool capped_ = false;
};

}  // namespace crashsift::events
