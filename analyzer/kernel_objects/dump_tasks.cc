#include "analyzer/kernel_objects/dump_tasks.h"

#include "analyzer/core/mapped_file.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/kernel_objects/orc_unwinder.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/symbols/debuginfo_index.h"
#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"

namespace crashsift::kernel_objects {
namespace {

Result<std::unique_ptr<symbols::DebugModule>> FindVmlinux(const std::vector<std::string>& paths,
                                                          const std::string& release) {
  auto index = symbols::DebuginfoIndex::Build(paths);
  if (!index) return Fail(index.error());
  std::optional<Error> refusal;
  for (const auto* entry : index->Candidates("vmlinux", "", release)) {
    auto module = symbols::DebugModule::Open(entry->real_path);
    if (!module || !(*module)->is_vmlinux()) continue;
    if (!release.empty() && !(*module)->release().empty() && (*module)->release() != release) {
      if (!refusal)
        refusal = Error{ErrorCode::kBadMagic, entry->path, std::nullopt,
                        "built for " + (*module)->release() + ", the dump is of " + release};
      continue;
    }
    return std::move(*module);
  }
  if (refusal) return Fail(*refusal);
  return Fail(ErrorCode::kNotFound, paths.empty() ? "" : paths.front(),
              "no vmlinux debuginfo for " + (release.empty() ? "the dump" : release));
}

// The kernel stacks of the D-state tasks, each frame as the kernel prints it
// ("percpu_rwsem_wait+0x116/0x140") with its source chain.
void AddBlockedStacks(const symbols::DebugModule& vmlinux, const vmcore::VirtualReader& read,
                      const KernelTypes& types, uint64_t kaslr, DumpTasks& out) {
  auto unwinder = OrcUnwinder::Load(vmlinux, out.osrelease);
  if (!unwinder) {
    out.list.warnings.push_back({"", std::nullopt, "no stacks: " + unwinder.error().reason});
    return;
  }
  for (KernelTask& task : out.list.tasks) {
    if (task.state != 'D') continue;
    UnwoundStack stack = unwinder->Unwind(read, types, task.address, kaslr);
    task.stack_stopped = stack.stopped;
    for (uint64_t ip : stack.ips) {
      events::StackFrame frame;
      frame.address = ip;
      auto at = vmlinux.SymbolFor(ip - kaslr);
      if (at) {
        frame.function = std::string(at->name);
        frame.normalized_function = events::NormalizeFunction(frame.function);
        frame.offset = at->offset;
        frame.size = at->size;
        // Every frame of a blocked task's stack is a return address: its
        // source is the call's, one byte back (as the kernel's ORC lookup and
        // drgn take it), so the inline chain is the one at the call site.
        if (at->offset > 0) {
          if (auto chain = vmlinux.Lookup(frame.function, at->offset - 1, at->size))
            frame.source = *chain;
        }
      }
      task.stack.push_back(std::move(frame));
    }
  }
}

}  // namespace

Result<DumpTasks> ReadDumpTasks(const std::vector<std::string>& dump_parts,
                                const std::vector<std::string>& debuginfo) {
  std::vector<vmcore::DumpBytes> dumps;
  for (const std::string& path : dump_parts) {
    auto mapped = MappedFile::Open(path);
    if (!mapped) return Fail(mapped.error());
    mapped->AdviseRandom();
    dumps.push_back(vmcore::DumpBytes::FromMapping(std::move(*mapped)));
  }
  const std::string path = dump_parts.empty() ? "" : dump_parts.front();
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
  auto vmlinux = FindVmlinux(debuginfo, out.osrelease);
  if (!vmlinux) return Fail(vmlinux.error());
  out.vmlinux = (*vmlinux)->path();
  std::vector<std::string> structs = TaskListStructs();
  for (auto& s : OrcUnwinder::Structs()) structs.push_back(s);
  auto types = KernelTypes::Load((*vmlinux)->dwarf(), structs, out.vmlinux);
  if (!types) return Fail(types.error());
  auto init_task = (*vmlinux)->SymbolAddress("init_task");
  if (!init_task) return Fail(ErrorCode::kNotFound, out.vmlinux, "no symbol init_task");

  vmcore::PageCache cache(*opened->memory);
  const auto arch = vmcore::DetectKernelArch(info, opened->machine_hint);
  auto space = vmcore::OpenKernelAddressSpace(arch, cache, info, opened->phys_base);
  if (!space) return Fail(space.error());
  // KASLR: the kernel ran at its link address plus KERNELOFFSET (x86_64).
  const uint64_t runtime_init_task = *init_task + info.kernel_offset().value_or(0);
  auto list = ReadTaskList(*space, runtime_init_task, *types);
  if (!list) {
    Error e = list.error();
    if (e.path.empty()) e.path = path;
    return Fail(e);
  }
  out.list = std::move(*list);
  for (auto& w : out.list.warnings) w.path = path;
  AddBlockedStacks(**vmlinux, *space, *types, info.kernel_offset().value_or(0), out);
  return out;
}

}  // namespace crashsift::kernel_objects
