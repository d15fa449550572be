#include "analyzer/diagnosis/crash_bucket.h"

#include <array>
#include <string_view>

namespace crashsift::diagnosis {
namespace {

// Frames that report or wait rather than explain (printing, scheduling,
// SPL's panic path, entry code).
bool SkippedFrame(std::string_view f) {
  static constexpr std::array<std::string_view, 28> kSkip = {"dump_stack",
                                                             "dump_stack_lvl",
                                                             "show_stack",
                                                             "spl_dumpstack",
                                                             "spl_panic",
                                                             "vcmn_err",
                                                             "panic",
                                                             "__schedule",
                                                             "schedule",
                                                             "schedule_timeout",
                                                             "io_schedule",
                                                             "io_schedule_timeout",
                                                             "schedule_preempt_disabled",
                                                             "cv_wait_common",
                                                             "__cv_wait",
                                                             "__cv_wait_io",
                                                             "__cv_timedwait_io",
                                                             "__cv_timedwait_common",
                                                             "__cv_wait_sig",
                                                             "__mutex_lock",
                                                             "__mutex_lock_slowpath",
                                                             "mutex_lock",
                                                             "rwsem_down_write_slowpath",
                                                             "rwsem_down_read_slowpath",
                                                             "__warn",
                                                             "report_bug",
                                                             "handle_bug",
                                                             "exc_invalid_op"};
  for (std::string_view s : kSkip) {
    if (f == s) return true;
  }
  return f.starts_with("__pfx_") || f.starts_with("asm_") || f.starts_with("entry_SYSCALL");
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

std::string FramesBucket(const events::Event& event, size_t depth) {
  std::string key(events::ToString(event.kind));
  key += ":";
  size_t taken = 0;
  for (const events::StackFrame& f : event.frames) {
    if (!f.reliable) continue;
    const std::string& name = f.normalized_function.empty() ? f.function : f.normalized_function;
    if (SkippedFrame(name)) continue;
    if (taken) key += "<";
    key += name;
    if (++taken == depth) break;
  }
  if (taken == 0) key += event.task.comm.empty() ? "unknown" : event.task.comm;
  return key;
}

}  // namespace crashsift::diagnosis
