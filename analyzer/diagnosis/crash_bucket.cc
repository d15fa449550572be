#include "analyzer/diagnosis/crash_bucket.h"

#include <string_view>

namespace crashsift::diagnosis {
namespace {

// Frames that report or wait rather than explain: printing and sanitizer
// reports, scheduling and context switches, sleeping locks and spinlocks,
// SPL's panic path, entry code. Two reports of one hang differ only in
// these ("... rtnl_lock" via context_switch or via __schedule).
bool SkippedFrame(std::string_view f) {
  static constexpr std::string_view kSkip[] = {"dump_stack",
                                               "dump_stack_lvl",
                                               "show_stack",
                                               "spl_dumpstack",
                                               "spl_panic",
                                               "vcmn_err",
                                               "panic",
                                               "__warn",
                                               "report_bug",
                                               "handle_bug",
                                               "exc_invalid_op",
                                               "print_report",
                                               "print_address_description",
                                               "kasan_report",
                                               "__kasan_report",
                                               "kasan_check_range",
                                               "check_memory_region",
                                               "__schedule",
                                               "schedule",
                                               "schedule_timeout",
                                               "io_schedule",
                                               "io_schedule_timeout",
                                               "schedule_preempt_disabled",
                                               "schedule_hrtimeout_range",
                                               "schedule_hrtimeout_range_clock",
                                               "context_switch",
                                               "__switch_to",
                                               "__switch_to_asm",
                                               "preempt_schedule",
                                               "___preempt_schedule",
                                               "preempt_schedule_thunk",
                                               "retint_kernel",
                                               "schedule_timeout_uninterruptible",
                                               "schedule_timeout_killable",
                                               "schedule_timeout_interruptible",
                                               "_raw_spin_unlock",
                                               "_raw_spin_unlock_irq",
                                               "_raw_spin_unlock_irqrestore",
                                               "preempt_schedule_common",
                                               "preempt_schedule_irq",
                                               "do_nanosleep",
                                               "wait_for_completion",
                                               "wait_for_completion_timeout",
                                               "wait_for_completion_killable",
                                               "wait_for_common",
                                               "__wait_for_common",
                                               "do_wait_for_common",
                                               "cv_wait_common",
                                               "__cv_wait",
                                               "__cv_wait_io",
                                               "__cv_timedwait_io",
                                               "__cv_timedwait_common",
                                               "__cv_wait_sig",
                                               "__mutex_lock",
                                               "__mutex_lock_common",
                                               "__mutex_lock_slowpath",
                                               "mutex_lock",
                                               "mutex_lock_nested",
                                               "rwsem_down_write_slowpath",
                                               "rwsem_down_read_slowpath",
                                               "down_write",
                                               "down_read",
                                               "down",
                                               "__down",
                                               "__down_common",
                                               "_raw_spin_lock",
                                               "_raw_spin_lock_irq",
                                               "_raw_spin_lock_irqsave",
                                               "_raw_spin_lock_bh",
                                               "queued_spin_lock_slowpath",
                                               "native_queued_spin_lock_slowpath",
                                               "do_raw_spin_lock",
                                               "lock_acquire",
                                               "__lock_acquire",
                                               "lock_release"};
  for (std::string_view s : kSkip) {
    if (f == s) return true;
  }
  return f.starts_with("__pfx_") || f.starts_with("asm_") || f.starts_with("entry_SYSCALL") ||
         f.starts_with("__asan_") || f.starts_with("__kasan_") || f.starts_with("__sanitizer_") ||
         f.starts_with("__tsan_") || f.starts_with("__kcsan_");
}

}  // namespace

std::string SignatureBucket(const matching::Signature& signature,
                            const std::map<std::string, std::string>& captures) {
  std::string key = signature.id;
  for (const std::string& name : signature.bucket) {
    auto it = captures.find(name);
    key += ":" + (it == captures.end() ? std::string("?") : it->second);
  }
  return key;
}

std::vector<std::string> BucketFrames(const events::Event& event, size_t depth) {
  std::vector<std::string> out;
  for (const events::StackFrame& f : event.frames) {
    if (out.size() == depth) break;
    if (!f.reliable) continue;
    const std::string& name = f.normalized_function.empty() ? f.function : f.normalized_function;
    if (!name.empty() && !SkippedFrame(name)) out.push_back(name);
  }
  return out;
}

}  // namespace crashsift::diagnosis
