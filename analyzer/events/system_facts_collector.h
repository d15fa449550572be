// Collects SystemFacts for one boot from the records of that boot: the
// "Linux version" banner, command line, DMI/"Hardware name:", ZFS/SPL module
// banners, "Modules linked in:", CPU:/Tainted: lines and frames' modules.
//
// Cheap by design: Observe() looks at the first byte of the text before any
// deeper parsing, so ordinary lines cost a table lookup.
#pragma once

#include <string_view>

#include "analyzer/events/stack_frame.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/events/task_context.h"

namespace crashsift::events {

class SystemFactsCollector {
 public:
  explicit SystemFactsCollector(uint32_t boot) { facts_.boot = boot; }

  // Any record text of this boot (without timestamp prefix).
  void Observe(std::string_view text);
  // A CPU:/Tainted: line already parsed by the splitter.
  void ObserveTaskContext(const TaskContext& context, std::string_view text);
  // A frame of any event: "[zfs]" frames mean zfs is loaded.
  void ObserveFrame(const StackFrame& frame);
  // Architecture hint from a register dump: "x86_64" for RIP:, "aarch64" for pc :.
  // A weak hint (a guess from a frame's address or mark) is used only when
  // the log holds no other.
  void ObserveArchHint(std::string_view arch, bool weak = false);

  // Final facts (derived fields filled: parsed versions, distribution, arch).
  SystemFacts Finish() const;

  // True when the first byte of `text` can start a line Observe() uses;
  // lets the splitter skip the call for ordinary lines.
  static bool MayBeFact(std::string_view text);

 private:
  void ObserveTaint(std::string_view taint);
  void ObserveLoopDevice(std::string_view text);
  void ObserveModules(std::string_view list);  // after "Modules linked in:"

  SystemFacts facts_;
  // The first release a report line names (CPU:, Tainted:, lockdep banner):
  // used when the boot has no "Linux version" banner.
  std::string release_from_report_;
  std::string build_from_report_;
  std::string arch_hint_;
  std::string weak_arch_hint_;
};

}  // namespace crashsift::events
