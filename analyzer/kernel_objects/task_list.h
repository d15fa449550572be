// The kernel's task list read from a dump's memory with the vmlinux's DWARF
// (the kernel-object reader beside the vmcore reader: drgn's
// for_each_task, crash's `ps`): every thread's comm, pid, state and CPU.
// Stacks: dump_tasks.h (ORC, blocked tasks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/events/stack_frame.h"
#include "analyzer/kernel_objects/kernel_types.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

struct KernelTask {
  uint64_t address = 0;  // struct task_struct *
  int32_t pid = 0;
  int32_t tgid = 0;
  std::string comm;
  char state = '?';  // task_state_to_char(): R S D T t X Z P I
  std::optional<uint32_t> cpu;
  bool on_cpu = false;
  // Scheduler clocks (ns): se.exec_start (rq->clock_task's clock, moved on
  // while the task runs and when it leaves the CPU) and
  // sched_info.last_arrival (rq->clock's, when it last got a CPU).
  std::optional<uint64_t> exec_start;
  std::optional<uint64_t> last_arrival;
  // Filled by ReadDumpTasks from the runqueues: the task is rq->curr of its
  // CPU (`running`), the panicking CPU's (`panic`); how long it has been off
  // the CPU (its runqueue's clock_task - exec_start; 0 when running), and
  // since it last got a CPU (clock - last_arrival: crash's `ps -m`).
  bool running = false;
  bool panic = false;
  // Not on the task list but some CPU's rq->curr: the idle task (swapper/N)
  // of a CPU other than 0, which for_each_task() and `ps` never walk.
  bool from_runqueue = false;
  std::optional<uint64_t> off_cpu_ns;
  std::optional<uint64_t> since_arrival_ns;
  // Filled for blocked (D) tasks, the panic task and each CPU's running task
  // by ReadDumpTasks: the kernel stack, innermost first (frames of the
  // stack scan have reliable == false), with source chains; where the
  // unwind started ("switch frame", "registers of CPU 1"); why ORC ended
  // early, if it did.
  std::vector<events::StackFrame> stack;
  std::string stack_from;
  std::string stack_stopped;
};

struct TaskList {
  std::vector<KernelTask> tasks;  // init_task (pid 0) first, then as linked
  std::vector<Warning> warnings;  // a list cut by an unreadable task, a loop
};

// The structures ReadTaskList needs from DWARF.
std::vector<std::string> TaskListStructs();

// Walks init_task.tasks (thread-group leaders) and each leader's threads
// (task_struct.thread_group before 6.7, signal->thread_head after).
// `init_task` is its runtime address (link address + KASLR offset). Errors:
// kNotFound (a member missing from DWARF), kCorrupt (init_task unreadable).
Result<TaskList> ReadTaskList(const vmcore::VirtualReader& read, uint64_t init_task,
                              const KernelTypes& types);

// One task_struct at runtime address `task` (an idle task found through a
// runqueue); nullopt when it is not readable or a member is missing.
std::optional<KernelTask> ReadTaskAt(const vmcore::VirtualReader& read, uint64_t task,
                                     const KernelTypes& types);

// task_state_to_char() of include/linux/sched.h (5.14+ layout of the bits).
char TaskStateChar(uint64_t state, uint64_t exit_state);

}  // namespace crashsift::kernel_objects
