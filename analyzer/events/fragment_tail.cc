#include "analyzer/events/fragment_tail.h"

#include <array>
#include <string_view>

#include "analyzer/core/text.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {
namespace {

bool IsEndTrace(std::string_view t) { return t.starts_with("---[ end trace"); }

// A line an oops prints between its stack and '---[ end trace', never a WARN.
bool OopsSummaryLine(std::string_view t, bool user_rip) {
  if (t.starts_with("CR2: ") && t.find("CR3:") == std::string_view::npos) return true;
  if (t.starts_with("Modules linked in:")) return true;
  if (t.starts_with("RIP  [<") || t.starts_with("EIP: [<") || t.starts_with("RSP <")) return true;
  // The kernel's own code bytes (the user-space RIP: 0033 of a syscall
  // frame prints its Code: line in a WARN too).
  return t.starts_with("Code: ") && !user_rip;
}

// What oops_end() prints after the end-trace line.
bool OopsAftermath(std::string_view t) {
  return (t.starts_with("RIP: ") && !t.starts_with("RIP: 0033:") && !t.starts_with("RIP: 0023:")) ||
         kernel_log::MatchLineStart(t, kernel_log::kAfterOops) || t.starts_with("Fatal exception");
}

bool SchedulerFrame(const StackFrame& f) {
  static constexpr std::array<std::string_view, 10> kSleep = {"schedule",
                                                              "__schedule",
                                                              "schedule_timeout",
                                                              "io_schedule",
                                                              "io_schedule_timeout",
                                                              "schedule_preempt_disabled",
                                                              "cv_wait_common",
                                                              "__cv_wait",
                                                              "__cv_wait_io",
                                                              "__mutex_lock_slowpath"};
  const std::string& name = f.normalized_function.empty() ? f.function : f.normalized_function;
  for (std::string_view s : kSleep) {
    if (name == s) return true;
  }
  return false;
}

const char* TailAtEndTrace(const std::vector<EvidenceLine>& lines, size_t end) {
  if (end + 1 < lines.size() && OopsAftermath(text::Trim(lines[end + 1].text))) return "oops";
  bool user_rip = false;
  for (size_t i = end; i-- > 0;) {
    std::string_view t = text::Trim(lines[i].text);
    if (t.starts_with("RIP: 0033:") || t.starts_with("RIP: 0023:")) user_rip = true;
    if (t.starts_with("RIP: 0010:") || t.starts_with("RIP: 0060:")) break;
  }
  // The lines just before the end trace (a wrapped module list or a CR2
  // line can sit two or three lines up).
  for (size_t back = 1; back <= 3 && back <= end; ++back) {
    std::string_view t = text::Trim(lines[end - back].text);
    if (OopsSummaryLine(t, user_rip)) return "oops";
    if (t == "</TASK>" || t.starts_with("R13: ") || t.starts_with("Call Trace:")) break;
  }
  return "warning";
}

}  // namespace

void DescribeFragmentTail(Event& event) {
  if (event.kind != EventKind::kStackFragment) return;
  const std::vector<EvidenceLine>& lines = event.lines;
  for (size_t i = lines.size(); i-- > 0;) {
    if (IsEndTrace(text::Trim(lines[i].text))) {
      event.details["tail"] = TailAtEndTrace(lines, i);
      return;
    }
  }
  bool any_reliable = false;
  for (const StackFrame& f : event.frames) {
    if (SchedulerFrame(f)) {
      event.details["tail"] = "sleeping";
      return;
    }
    any_reliable = any_reliable || f.reliable;
  }
  if (any_reliable) event.details["tail"] = "running";
}

}  // namespace crashsift::events
