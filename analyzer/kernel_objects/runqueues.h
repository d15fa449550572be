// What each CPU was doing when the dump was taken, from the scheduler's
// per-CPU runqueues (kernel/sched/sched.h struct rq, DWARF layout): the task
// on the CPU (rq->curr) and the runqueue clocks that tell how long a task
// has been off the CPU (as crash's `ps -m` and drgn's sched helpers do); and
// which CPU panicked (panic_cpu, else x86's crashing_cpu for a kdump taken
// from an oops, where crash_kexec() runs before panic()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/kernel_objects/kernel_types.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

struct CpuRunqueue {
  uint32_t cpu = 0;
  uint64_t rq = 0;                     // runtime address of the CPU's struct rq
  uint64_t curr = 0;                   // struct task_struct * on the CPU
  std::optional<uint64_t> clock;       // rq->clock, ns (sched_info.last_arrival's clock)
  std::optional<uint64_t> clock_task;  // rq->clock_task, ns (se.exec_start's clock)
};

struct Runqueues {
  std::vector<CpuRunqueue> cpus;  // possible CPUs whose runqueue is readable, by number
  std::optional<uint32_t> panic_cpu;
  const CpuRunqueue* Cpu(uint32_t cpu) const;
};

// Reads the runqueues of CPUs 0..nr_cpu_ids-1 (per-CPU `runqueues` at
// __per_cpu_offset[cpu]). `kaslr` is VMCOREINFO's KERNELOFFSET (per-CPU
// symbols are zero-based and not moved by it). What cannot be read becomes
// a warning.
Runqueues ReadRunqueues(const vmcore::VirtualReader& read, const symbols::DebugModule& vmlinux,
                        const KernelTypes& types, uint64_t kaslr, std::vector<Warning>& warnings);

// The structures ReadRunqueues needs from DWARF.
inline std::vector<std::string> RunqueueStructs() { return {"rq"}; }

}  // namespace crashsift::kernel_objects
