// The modules loaded in a dump (crash's `mod`, drgn's for_each_module): the
// `modules` list of struct module read with the vmlinux's DWARF layouts, each
// module's text range, its symbols from its own kallsyms tables in memory
// (mod->kallsyms: symtab/strtab, the names /proc/kallsyms prints with
// "[zfs]"), and its ORC tables (mod->arch.orc_unwind_ip/orc_unwind). No module
// debuginfo is needed to name a module frame; with a .ko debug file its
// source lines are added by name+offset (dump_tasks.cc).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/kernel_objects/kernel_types.h"
#include "analyzer/kernel_objects/orc_unwinder.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects {

struct KernelModule {
  std::string name;      // "zfs"
  uint64_t address = 0;  // struct module *
  uint64_t text = 0;     // core text: [text, text + text_size)
  uint64_t text_size = 0;
  struct Symbol {
    uint64_t address = 0;
    std::string name;
  };
  std::vector<Symbol> symbols;  // kallsyms of the module, sorted by address
  uint64_t orc_ip = 0;          // int32 array, relative to each slot
  uint64_t orc_entries = 0;     // struct orc_entry array
  uint64_t orc_count = 0;
};

struct SymbolAt {
  std::string_view module;  // "" for vmlinux
  std::string_view name;
  uint64_t offset = 0;
  uint64_t size = 0;  // to the next symbol or the end of the text, as kallsyms prints
};

class KernelModules {
 public:
  // Walks `modules` (the list head's runtime address) with the layouts in
  // `types` (struct module, mod_kallsyms; core_layout before 6.4,
  // mem[MOD_TEXT] since 6.4, commit ac3b43283923). A module that cannot be
  // read is skipped with a warning; ORC tables are read when first needed.
  static KernelModules Read(const vmcore::VirtualReader& read, uint64_t modules,
                            const KernelTypes& types, OrcLayout layout,
                            std::vector<Warning>& warnings);
  // The structures Read needs from DWARF.
  static std::vector<std::string> Structs() { return {"module", "mod_kallsyms"}; }

  const std::vector<KernelModule>& modules() const { return modules_; }
  // The module whose core text holds `address`; nullptr outside every module.
  const KernelModule* ModuleAt(uint64_t address) const;
  // The module symbol at `address`, find_kallsyms_symbol()'s way.
  std::optional<SymbolAt> SymbolFor(uint64_t address) const;
  // The ORC entry for `ip` in the module holding it (its tables read from
  // the dump on first use); nullopt outside modules or without ORC.
  std::optional<OrcEntry> FindOrc(const vmcore::VirtualReader& read, uint64_t ip) const;

 private:
  std::vector<KernelModule> modules_;  // sorted by text address
  OrcLayout layout_ = OrcLayout::kV1;
  mutable std::map<size_t, std::unique_ptr<OrcTable>> orc_;  // by index; null: unreadable
};

}  // namespace crashsift::kernel_objects
