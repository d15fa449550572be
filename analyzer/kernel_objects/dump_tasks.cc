#include "analyzer/kernel_objects/dump_tasks.h"

#include <algorithm>
#include <map>

#include "analyzer/core/mapped_file.h"
#include "analyzer/core/text.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/kernel_objects/cfi_fallback.h"
#include "analyzer/kernel_objects/kernel_modules.h"
#include "analyzer/kernel_objects/memory_read.h"
#include "analyzer/kernel_objects/orc_unwinder.h"
#include "analyzer/kernel_objects/runqueues.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/symbols/debuginfo_index.h"
#include "analyzer/vmcore/elf_notes.h"
#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"

namespace crashsift::kernel_objects {
namespace {

Result<std::unique_ptr<symbols::DebugModule>> FindVmlinux(const symbols::DebuginfoIndex& index,
                                                          const std::vector<std::string>& paths,
                                                          const std::string& release,
                                                          const std::string& build_id) {
  std::optional<Error> refusal;
  for (const auto* entry : index.Candidates("vmlinux", build_id, release)) {
    auto module = symbols::DebugModule::Open(entry->real_path);
    if (!module || !(*module)->is_vmlinux()) continue;
    if (!release.empty() && !(*module)->release().empty() && (*module)->release() != release) {
      if (!refusal)
        refusal = Error{ErrorCode::kBadMagic, entry->path, std::nullopt,
                        "built for " + (*module)->release() + ", the dump is of " + release};
      continue;
    }
    if (auto mismatch = BuildIdMismatch(entry->path, (*module)->build_id(), build_id)) {
      if (!refusal) refusal = *mismatch;
      continue;
    }
    return std::move(*module);
  }
  if (refusal) return Fail(*refusal);
  return Fail(ErrorCode::kNotFound, paths.empty() ? "" : paths.front(),
              "no vmlinux debuginfo for " + (release.empty() ? "the dump" : release));
}

// Names and source lines for the frames of the dump's stacks: vmlinux
// symbols (link address = runtime - KASLR), module symbols from the dump's
// kallsyms, and module source lines when a .ko debug file of the same
// release is among --debuginfo.
class FrameNamer {
 public:
  FrameNamer(const symbols::DebugModule& vmlinux, const KernelModules& modules,
             const symbols::DebuginfoIndex& index, std::string release, uint64_t kaslr)
      : vmlinux_(vmlinux),
        modules_(modules),
        index_(index),
        release_(std::move(release)),
        kaslr_(kaslr) {}

  events::StackFrame Name(const UnwoundFrame& u) {
    events::StackFrame frame;
    frame.address = u.ip;
    frame.reliable = u.reliable;
    const symbols::DebugModule* debug = &vmlinux_;
    if (auto at = modules_.SymbolFor(u.ip)) {
      frame.function = std::string(at->name);
      frame.module = std::string(at->module);
      frame.offset = at->offset;
      frame.size = at->size;
      debug = ModuleDebug(frame.module);
    } else if (auto in_vmlinux = vmlinux_.SymbolFor(u.ip - kaslr_)) {
      frame.function = std::string(in_vmlinux->name);
      frame.offset = in_vmlinux->offset;
      frame.size = in_vmlinux->size;
    } else {
      return frame;
    }
    frame.normalized_function = events::NormalizeFunction(frame.function);
    // A return address's source is the call's, one byte back (as the
    // kernel's %pB and drgn take it); an ip from registers is itself.
    if (debug != nullptr && (u.exact || *frame.offset > 0)) {
      const uint64_t offset = u.exact ? *frame.offset : *frame.offset - 1;
      if (auto chain = debug->Lookup(frame.function, offset, frame.size)) frame.source = *chain;
    }
    return frame;
  }

 private:
  const symbols::DebugModule* ModuleDebug(const std::string& name) {
    auto it = module_debug_.find(name);
    if (it != module_debug_.end()) return it->second.get();
    std::unique_ptr<symbols::DebugModule> found;
    for (const auto* entry : index_.Candidates(name, "", release_)) {
      auto module = symbols::DebugModule::Open(entry->real_path);
      if (!module || (*module)->is_vmlinux() || (*module)->name() != name) continue;
      if (!(*module)->release().empty() && (*module)->release() != release_) continue;
      found = std::move(*module);
      break;
    }
    return module_debug_.emplace(name, std::move(found)).first->second.get();
  }

  const symbols::DebugModule& vmlinux_;
  const KernelModules& modules_;
  const symbols::DebuginfoIndex& index_;
  std::string release_;
  uint64_t kaslr_;
  std::map<std::string, std::unique_ptr<symbols::DebugModule>> module_debug_;
};

// The NT_PRSTATUS registers of each CPU: the kernel writes one note per
// present CPU in CPU order (crash_prepare_elf64_headers(); QEMU one per vCPU).
std::vector<vmcore::CpuRegisters> CpuNotes(const vmcore::OpenedDump& dump) {
  std::vector<vmcore::CpuRegisters> out;
  int index = 0;
  for (const auto& note : dump.notes) {
    if (note.type != vmcore::kNtPrstatus || note.name != "CORE") continue;
    if (auto regs = vmcore::ParseX86_64Prstatus(note.desc, index)) out.push_back(*regs);
    ++index;
  }
  return out;
}

struct StackContext {
  const vmcore::VirtualReader& read;
  const KernelTypes& types;
  const OrcSource& orc;
  FrameNamer& namer;
};

void SetStack(KernelTask& task, const UnwoundStack& stack, StackContext& c) {
  task.stack.clear();
  task.stack_stopped = stack.stopped;
  for (const UnwoundFrame& u : stack.frames) task.stack.push_back(c.namer.Name(u));
}

void AddStacks(const vmcore::OpenedDump& dump, StackContext& c, DumpTasks& out) {
  const std::vector<vmcore::CpuRegisters> notes = CpuNotes(dump);
  auto stack_member = c.types.OptionalOffset("task_struct", "stack");
  for (KernelTask& task : out.list.tasks) {
    if (task.running) {
      const vmcore::CpuRegisters* regs = nullptr;
      for (const auto& r : notes) {
        if (task.cpu && r.cpu == static_cast<int>(*task.cpu)) regs = &r;
      }
      if (regs == nullptr) {
        task.stack_stopped = "no registers of its CPU in the dump";
        continue;
      }
      task.stack_from = "registers of CPU " + std::to_string(regs->cpu);
      if ((regs->cs & 3) != 0) {
        task.stack_stopped = "the CPU was in user mode";
        continue;
      }
      UnwindStart start;
      start.ip = regs->rip;
      start.sp = regs->rsp;
      start.bp = regs->rbp;
      start.exact_ip = true;
      start.running = true;
      if (stack_member) {
        if (auto stack = ReadValue<uint64_t>(c.read, task.address + *stack_member)) {
          start.stack = *stack;
          start.stack_size = kThreadSize;
        }
      }
      SetStack(task, OrcUnwinder::Unwind(c.read, c.orc, start), c);
    } else if (task.state == 'D') {
      std::string why;
      auto start = OrcUnwinder::BlockedStart(c.read, c.types, task.address, why);
      if (!start) {
        task.stack_stopped = why;
        continue;
      }
      task.stack_from = "switch frame";
      SetStack(task, OrcUnwinder::Unwind(c.read, c.orc, *start), c);
    }
  }
}

// Marks the running and panic tasks, and how long each task has been off
// its CPU by its runqueue's clocks.
void AddScheduling(const vmcore::VirtualReader& read, const KernelTypes& types,
                   const Runqueues& runqueues, DumpTasks& out) {
  for (const auto& rq : runqueues.cpus) {
    bool listed = false;
    for (const KernelTask& task : out.list.tasks) listed = listed || task.address == rq.curr;
    if (listed) continue;
    if (auto idle = ReadTaskAt(read, rq.curr, types)) {
      idle->from_runqueue = true;
      out.list.tasks.push_back(std::move(*idle));
    } else {
      out.list.warnings.push_back(
          {"", std::nullopt, "the task on CPU " + std::to_string(rq.cpu) + " is not readable"});
    }
  }
  for (KernelTask& task : out.list.tasks) {
    for (const auto& rq : runqueues.cpus) {
      if (rq.curr == task.address && (!task.cpu || *task.cpu == rq.cpu)) {
        task.running = true;
        task.cpu = rq.cpu;
        task.panic = runqueues.panic_cpu && *runqueues.panic_cpu == rq.cpu;
      }
    }
    const CpuRunqueue* rq = task.cpu ? runqueues.Cpu(*task.cpu) : nullptr;
    if (rq == nullptr) continue;
    if (task.running) {
      task.off_cpu_ns = 0;
    } else if (rq->clock_task && task.exec_start && *rq->clock_task >= *task.exec_start) {
      task.off_cpu_ns = *rq->clock_task - *task.exec_start;
    }
    if (rq->clock && task.last_arrival && *task.last_arrival != 0 &&
        *rq->clock >= *task.last_arrival)
      task.since_arrival_ns = *rq->clock - *task.last_arrival;
  }
}

// The structures the task list, the unwinder and the runqueues read.
std::vector<std::string> RequiredStructs() {
  std::vector<std::string> structs = TaskListStructs();
  for (auto& s : OrcUnwinder::Structs()) structs.push_back(s);
  for (auto& s : RunqueueStructs()) structs.push_back(s);
  return structs;
}

}  // namespace

std::optional<Error> BuildIdMismatch(const std::string& path, std::string_view file_id,
                                     std::string_view dump_id) {
  if (file_id.empty() || dump_id.empty() || text::ToLower(file_id) == text::ToLower(dump_id))
    return std::nullopt;
  return Error{ErrorCode::kBadMagic, path, std::nullopt,
               "build id " + text::ToLower(file_id) +
                   " is not the dump's kernel (VMCOREINFO BUILD-ID " + text::ToLower(dump_id) +
                   ")"};
}

Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo) {
  std::vector<vmcore::DumpBytes> dumps;
  for (const std::string& path : dump_parts) {
    auto mapped = MappedFile::Open(path);
    if (!mapped) return Fail(mapped.error());
    mapped->AdviseRandom();
    dumps.push_back(vmcore::DumpBytes::FromMapping(std::move(*mapped)));
  }
  return ReadDumpTasks(std::move(dumps), debuginfo);
}

Result<DumpTasks> ReadDumpTasks(std::vector<vmcore::DumpBytes> dumps,
                                const std::vector<std::string>& debuginfo) {
  const std::string path = dumps.empty() ? "" : dumps.front().path;
  auto opened = vmcore::OpenDump(std::move(dumps));
  if (!opened) return Fail(opened.error());
  vmcore::Vmcoreinfo info = vmcore::Vmcoreinfo::Parse(opened->vmcoreinfo_text);
  if (info.osrelease().empty()) {
    if (auto found = vmcore::ScanForVmcoreinfo(*opened->memory)) {
      info = vmcore::Vmcoreinfo::Parse(found->text);
    } else {
      return Fail(ErrorCode::kUnsupported, path, "no VMCOREINFO in the dump");
    }
  }
  DumpTasks out;
  out.osrelease = info.osrelease();
  // BUILD-ID: VMCOREINFO since 5.9 (commit 0935288c6e00).
  out.build_id = text::ToLower(info.Get("BUILD-ID").value_or(""));
  auto index = symbols::DebuginfoIndex::Build(debuginfo);
  if (!index) return Fail(index.error());
  auto vmlinux = FindVmlinux(*index, debuginfo, out.osrelease, out.build_id);
  if (!vmlinux) return Fail(vmlinux.error());
  out.vmlinux = (*vmlinux)->path();
  const std::optional<OrcLayout> layout = OrcLayoutFor(out.osrelease);
  const std::vector<std::string> structs = RequiredStructs();
  std::vector<std::string> optional = KernelModules::Structs();
  if (layout == OrcLayout::kV3) optional.push_back("module_memory");
  auto types = KernelTypes::Load((*vmlinux)->dwarf(), structs, out.vmlinux, optional);
  if (!types) return Fail(types.error());
  auto init_task = (*vmlinux)->SymbolAddress("init_task");
  if (!init_task) return Fail(ErrorCode::kNotFound, out.vmlinux, "no symbol init_task");

  vmcore::PageCache cache(*opened->memory);
  const auto arch = vmcore::DetectKernelArch(info, opened->machine_hint);
  auto space = vmcore::OpenKernelAddressSpace(arch, cache, info, opened->phys_base);
  if (!space) return Fail(space.error());
  // KASLR: the kernel ran at its link address plus KERNELOFFSET (x86_64).
  const uint64_t kaslr = info.kernel_offset().value_or(0);
  auto list = ReadTaskList(*space, *init_task + kaslr, *types);
  if (!list) {
    Error e = list.error();
    if (e.path.empty()) e.path = path;
    return Fail(e);
  }
  out.list = std::move(*list);
  const vmcore::VirtualReader& read = *space;
  Runqueues runqueues = ReadRunqueues(read, **vmlinux, *types, kaslr, out.list.warnings);
  out.panic_cpu = runqueues.panic_cpu;
  AddScheduling(read, *types, runqueues, out);

  KernelModules modules;
  if (auto head = (*vmlinux)->SymbolAddress("modules"))
    modules = KernelModules::Read(read, *head + kaslr, *types, layout.value_or(OrcLayout::kV1),
                                  out.list.warnings);
  out.modules = modules.modules().size();
  auto table = OrcUnwinder::LoadVmlinux(**vmlinux, out.osrelease, kaslr);
  if (!table) {
    out.list.warnings.push_back({"", std::nullopt, "no stacks: " + table.error().reason});
  } else {
    // Kernel text: _text.._etext, and the init text (_sinittext.._einittext),
    // freed after boot but still where the idle task of CPU 0 came from
    // (start_kernel -> arch_call_rest_init): its ORC is in the tables too.
    auto range = [&](const char* begin, const char* end) -> std::pair<uint64_t, uint64_t> {
      auto b = (*vmlinux)->SymbolAddress(begin);
      auto e = (*vmlinux)->SymbolAddress(end);
      if (!b || !e) return {0, 0};
      return {*b + kaslr, *e + kaslr};
    };
    const auto text = range("_text", "_etext");
    const auto init_text = range("_sinittext", "_einittext");
    auto in_vmlinux = [text, init_text](uint64_t ip) {
      return (ip >= text.first && ip < text.second) ||
             (ip >= init_text.first && ip < init_text.second);
    };
    OrcSource orc;
    orc.is_text = [&](uint64_t ip) { return in_vmlinux(ip) || modules.ModuleAt(ip) != nullptr; };
    CfiFallback cfi((*vmlinux)->dwarf());
    orc.find = [&](uint64_t ip) -> std::optional<OrcEntry> {
      if (modules.ModuleAt(ip) != nullptr) return modules.FindOrc(read, ip);
      if (!in_vmlinux(ip)) return std::nullopt;
      auto entry = table->Find(ip);
      if (entry && entry->type != OrcEntry::Type::kUndefined) return entry;
      // No ORC here (objtool skipped the function): its DWARF CFI.
      if (auto from_cfi = cfi.Find(ip - kaslr)) return from_cfi;
      return entry;
    };
    FrameNamer namer(**vmlinux, modules, *index, out.osrelease, kaslr);
    StackContext context{read, *types, orc, namer};
    AddStacks(*opened, context, out);
  }
  for (auto& w : out.list.warnings) w.path = path;
  return out;
}

}  // namespace crashsift::kernel_objects
