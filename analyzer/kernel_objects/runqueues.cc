#include "analyzer/kernel_objects/runqueues.h"

#include "analyzer/kernel_objects/memory_read.h"

namespace crashsift::kernel_objects {
namespace {

constexpr uint32_t kMaxCpus = 8192;  // x86_64 NR_CPUS upper bound

}  // namespace

const CpuRunqueue* Runqueues::Cpu(uint32_t cpu) const {
  for (const auto& c : cpus) {
    if (c.cpu == cpu) return &c;
  }
  return nullptr;
}

Runqueues ReadRunqueues(const vmcore::VirtualReader& read, const symbols::DebugModule& vmlinux,
                        const KernelTypes& types, uint64_t kaslr, std::vector<Warning>& warnings) {
  Runqueues out;
  for (const char* name : {"panic_cpu", "crashing_cpu"}) {
    auto symbol = vmlinux.SymbolAddress(name);
    if (!symbol) continue;
    // atomic_t panic_cpu / int crashing_cpu; -1 (PANIC_CPU_INVALID) when unset.
    auto value = ReadValue<int32_t>(read, *symbol + kaslr);
    if (value && *value >= 0 && static_cast<uint32_t>(*value) < kMaxCpus) {
      out.panic_cpu = static_cast<uint32_t>(*value);
      break;
    }
  }
  auto runqueues = vmlinux.SymbolAddress("runqueues");
  auto offsets = vmlinux.SymbolAddress("__per_cpu_offset");
  auto nr_cpu_ids = vmlinux.SymbolAddress("nr_cpu_ids");
  auto curr = types.OptionalOffset("rq", "curr");
  if (!runqueues || !offsets || !curr) {
    warnings.push_back({"", std::nullopt, "no runqueues (runqueues, __per_cpu_offset, rq.curr)"});
    return out;
  }
  uint32_t cpus = 1;
  if (nr_cpu_ids) {
    auto n = ReadValue<uint32_t>(read, *nr_cpu_ids + kaslr);
    if (n && *n > 0 && *n <= kMaxCpus) cpus = *n;
  }
  auto clock = types.OptionalOffset("rq", "clock");
  auto clock_task = types.OptionalOffset("rq", "clock_task");
  for (uint32_t cpu = 0; cpu < cpus; ++cpu) {
    auto base = ReadValue<uint64_t>(read, *offsets + kaslr + 8ull * cpu);
    if (!base) continue;
    CpuRunqueue rq;
    rq.cpu = cpu;
    rq.rq = *runqueues + *base;
    auto task = ReadValue<uint64_t>(read, rq.rq + *curr);
    if (!task || *task == 0) continue;
    rq.curr = *task;
    if (clock) rq.clock = ReadValue<uint64_t>(read, rq.rq + *clock);
    if (clock_task) rq.clock_task = ReadValue<uint64_t>(read, rq.rq + *clock_task);
    out.cpus.push_back(rq);
  }
  if (out.cpus.empty()) warnings.push_back({"", std::nullopt, "no runqueue is readable"});
  return out;
}

}  // namespace crashsift::kernel_objects
