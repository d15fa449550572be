// The "who and where" lines of a kernel report, in the layouts printed since
// 3.x:
//   "CPU: 1 PID: 1 Comm: init Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2"
//   "CPU: 0 PID: 1 Comm: init Kdump: loaded Not tainted 6.1.0-56-amd64 #1 ..."
//   "CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.0 #1"   (6.10+ adds UID)
//   "Pid: 2104, comm: kworker/0:1 Tainted: G W 3.2.0-4-amd64 #1 Debian 3.2.65-1"  (3.x x86)
// and the taint table of kernel/panic.c (taint_flags[]).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/events/system_facts.h"

namespace crashsift::events {

struct TaskContext {
  std::optional<int> cpu;
  std::optional<int64_t> pid;
  std::optional<int64_t> uid;
  std::string comm;
  std::string taint;  // "G           OE" (trimmed), "" when "Not tainted"
  bool kdump_loaded = false;
  std::string release;  // "6.1.0-56-amd64"
  std::string build;    // "#1  Debian 6.1.192-2"
};

// nullopt when the line is not a CPU:/Pid: context line.
std::optional<TaskContext> ParseTaskContext(std::string_view text);

// Decodes a taint string ("G           OEL", "PO", "[W]=WARN, [O]=OOT_MODULE")
// into flags with their meaning, in the kernel's table order; 'G' (all
// modules GPL) and unknown letters are skipped.
std::vector<TaintFlag> DecodeTaint(std::string_view taint);

// True when the taint string has any flag at all ('G' and blanks are none).
bool IsTainted(std::string_view taint);

}  // namespace crashsift::events
