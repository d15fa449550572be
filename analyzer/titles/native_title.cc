#include "analyzer/titles/native_title.h"

#include <string_view>

namespace crashsift::titles {
namespace {

constexpr std::string_view kPlaceholder = "corrupted";

// Frames that say where the report was printed or how the task slept, not
// what it was doing (kernel/sched/core.c, lib/dump_stack.c, kernel/panic.c).
constexpr std::string_view kNotTheCulprit[] = {
    "__schedule",
    "schedule",
    "schedule_timeout",
    "io_schedule",
    "dump_stack",
    "dump_stack_lvl",
    "show_stack",
    "dump_backtrace",
    "panic",
    "__warn",
    "report_bug",
    "__switch_to",
    "rcu_dump_cpu_stacks",
    "print_cpu_stall",
    "watchdog_timer_fn",
    "__hrtimer_run_queues",
};

// syzkaller corrupted reasons that describe damage to the text, with the
// words a person gets (analyzer/titles/describe.cc, report_scanner.cc).
struct DamageReason {
  std::string_view reason;
  std::string_view words;
};
constexpr DamageReason kDamage[] = {
    {"console disconnected", "the console output stops inside the report"},
    {"call trace is missed", "the report is cut right after its 'Call Trace:' line"},
    {"no frames in a stack trace",
     "a stack trace has no frames (the report is cut or other output is interleaved)"},
};

bool Culprit(const events::StackFrame& f) {
  if (!f.reliable) return false;
  std::string_view name = f.normalized_function.empty() ? f.function : f.normalized_function;
  if (name.empty()) return false;
  for (std::string_view skip : kNotTheCulprit) {
    if (name == skip) return false;
  }
  return true;
}

std::string Named(const events::StackFrame& f) {
  std::string name = f.normalized_function.empty() ? f.function : f.normalized_function;
  if (!f.module.empty()) name += " [" + f.module + "]";
  return name;
}

// The function the event names: its RIP (kernel code only), else its first
// reliable frame that is not a scheduler or stack-dump helper.
std::string GuiltyFunction(const events::Event& e) {
  if (e.rip_frame && Culprit(*e.rip_frame)) return Named(*e.rip_frame);
  for (const auto& f : e.frames) {
    if (Culprit(f)) return Named(f);
  }
  return "";
}

}  // namespace

// The module function at the top of the event (RIP, else first culprit
// frame) when it is in a module: syzkaller's rules name the first in-tree
// caller instead ("soft lockup in proc_reg_write" for a loop in labcrash.ko),
// but an out-of-tree or driver module at the top is what a person blames.
std::string TopModuleFunction(const events::Event& e) {
  if (e.rip_frame && Culprit(*e.rip_frame)) {
    return e.rip_frame->module.empty() ? "" : Named(*e.rip_frame);
  }
  for (const auto& f : e.frames) {
    if (Culprit(f)) return f.module.empty() ? "" : Named(f);
  }
  return "";
}

std::string NativeTitle(const events::Event& event) {
  std::string_view title = event.title;
  constexpr std::string_view kIn = " in corrupted";
  if (title.size() >= kIn.size() && title.substr(title.size() - kIn.size()) == kIn) {
    std::string guilty = GuiltyFunction(event);
    std::string base(title.substr(0, title.size() - kIn.size()));
    return guilty.empty() ? base : base + " in " + guilty;
  }
  size_t in = title.rfind(" in ");
  if (in != std::string_view::npos) {
    std::string top = TopModuleFunction(event);
    std::string_view named = title.substr(in + 4);
    if (!top.empty() && top.compare(0, named.size(), named) != 0) {
      return std::string(title.substr(0, in)) + " in " + top;
    }
  }
  // "BUG: corrupted", "WARNING: corrupted", "INFO: corrupted": the kernel's own line says more.
  size_t colon = title.find(": ");
  if (colon != std::string_view::npos && title.substr(colon + 2) == kPlaceholder) {
    if (!event.headline.empty()) return event.headline;
    return std::string(title.substr(0, colon));
  }
  if (title == kPlaceholder) return event.headline;
  return std::string(title);
}

std::string Damage(const events::Event& event) {
  if (!event.corrupted) return "";
  for (const DamageReason& d : kDamage) {
    if (event.corrupted_reason == d.reason) return std::string(d.words);
  }
  return "";
}

}  // namespace crashsift::titles
