// fuzz-deps: crashsift_kernel_objects
// The dump's module list (struct module, its kallsyms and its ORC table) read
// from hostile memory: the input is kernel memory at one address, holding the
// list head, the modules, their symbol and string tables wherever its pointers
// say, under a 6.1-style layout of struct module (the layouts come from DWARF
// in real use). Loops in the list, huge counts and pointers anywhere must give
// a bounded result, with only in-bounds reads.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "analyzer/kernel_objects/kernel_modules.h"

namespace {

using crashsift::kernel_objects::KernelModules;
using crashsift::kernel_objects::KernelTypes;
using crashsift::kernel_objects::OrcLayout;
using crashsift::kernel_objects::StructLayout;

constexpr uint64_t kBase = 0xffffffffc0000000;

const KernelTypes& Layouts() {
  static const KernelTypes types = [] {
    StructLayout module;
    module.offsets = {{"list", 8},
                      {"name", 24},
                      {"core_layout.base", 0x40},
                      {"core_layout.text_size", 0x48},
                      {"kallsyms", 0x50},
                      {"arch.orc_unwind_ip", 0x58},
                      {"arch.orc_unwind", 0x60},
                      {"arch.num_orcs", 0x68}};
    StructLayout kallsyms;
    kallsyms.offsets = {{"symtab", 0}, {"num_symtab", 8}, {"strtab", 16}};
    return KernelTypes::FromLayouts({{"module", module}, {"mod_kallsyms", kallsyms}});
  }();
  return types;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 16) return 0;
  auto read = [&](uint64_t address, std::span<std::byte> out) -> uint64_t {
    if (address < kBase || address - kBase > size || out.size() > size - (address - kBase))
      return out.size();
    std::memcpy(out.data(), data + (address - kBase), out.size());
    return 0;
  };
  std::vector<crashsift::Warning> warnings;
  const OrcLayout layout = data[0] & 1 ? OrcLayout::kV2 : OrcLayout::kV1;
  auto modules = KernelModules::Read(read, kBase, Layouts(), layout, warnings);
  if (modules.modules().size() > 100000) __builtin_trap();
  // Look up a few addresses in what was read: symbols and module ORC.
  for (const auto& m : modules.modules()) {
    for (uint64_t ip : {m.text, m.text + m.text_size / 2, m.text + m.text_size}) {
      (void)modules.ModuleAt(ip);
      (void)modules.SymbolFor(ip);
      (void)modules.FindOrc(read, ip);
    }
  }
  return 0;
}
