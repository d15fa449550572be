// One debuginfo file opened with libdwfl's offline reporting, as
// `eu-addr2line -e FILE` does: a vmlinux at its link addresses, or a module
// (ET_REL) with its sections laid out and relocated by libdwfl. Answers
// "symbol+offset -> source chain" with the inline chain of `eu-addr2line -i`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/symbols/symbolizer.h"

struct Dwfl;
struct Dwfl_Module;
struct Dwarf;

namespace crashsift::symbols {

class DebugModule {
 public:
  // Opens `path` (a plain or xz/gz/zstd-compressed ELF file). An Error when it
  // is not an ELF file libdwfl can report, or has no symbol table.
  static Result<std::unique_ptr<DebugModule>> Open(const std::string& path);
  ~DebugModule();
  DebugModule(const DebugModule&) = delete;
  DebugModule& operator=(const DebugModule&) = delete;

  const std::string& path() const { return path_; }
  bool is_vmlinux() const { return is_vmlinux_; }
  // Lower-case hex of the GNU build id note; "" when the file has none.
  const std::string& build_id() const { return build_id_; }
  // The module's name from .modinfo ("name=loop"), "vmlinux" for a vmlinux;
  // "" when a module does not record it.
  const std::string& name() const { return name_; }
  // The kernel release the file was built for: a module's vermagic, a
  // vmlinux's linux_banner ("Linux version 6.1.0-56-amd64 ..."); "" unknown.
  const std::string& release() const { return release_; }
  // True when the file has DWARF line information (a stripped .ko has not).
  bool has_dwarf() const { return has_dwarf_; }

  // The source chain of `function`+`offset`; `size` (the "/0x360" the kernel
  // printed: kallsyms' distance to the next symbol, not st_size) picks among
  // symbols of the same name. An offset at or past the end of the code
  // (st_size) is a return address after a call that does not return, as at
  // "sysrq_handle_crash+0x16/0x20": it is looked up one byte back, at the
  // call, which is what the kernel's %pB names too. kNotFound when the symbol
  // is not here, the offset lies past its span, or no line covers it.
  Result<SourceChain> Lookup(std::string_view function, uint64_t offset,
                             std::optional<uint64_t> size) const;

  // The source chain of an address in libdwfl's layout of this file (tests
  // and the bench compare these with eu-addr2line).
  Result<SourceChain> LookupAddress(uint64_t address) const;

  // The link address of any defined symbol (a variable such as init_task
  // too); nullopt when absent. A linear scan of the symbol table.
  std::optional<uint64_t> SymbolAddress(std::string_view name) const;

  // The DWARF of the file, for type lookups (kernel_objects/); nullptr when
  // it has none. Owned by this object.
  Dwarf* dwarf() const;

  // An allocated section's link address and bytes (".orc_unwind"); nullopt
  // when absent. The bytes live as long as this object.
  struct Section {
    uint64_t address = 0;
    std::string_view bytes;
  };
  std::optional<Section> FindSection(std::string_view name) const;

  // The function (or assembler label) containing link address `address`:
  // its name, the offset into it and its kallsyms size; nullopt outside.
  struct Located {
    std::string_view name;
    uint64_t offset = 0;
    uint64_t size = 0;  // kallsyms size (span)
  };
  std::optional<Located> SymbolFor(uint64_t address) const;

  // Every function symbol: name, address in libdwfl's layout, size.
  struct Symbol {
    std::string name;
    uint64_t address = 0;
    uint64_t size = 0;      // st_size
    uint64_t span = 0;      // to the next symbol's address: the size kallsyms prints
    bool function = false;  // STT_FUNC (else an assembler label, STT_NOTYPE)
  };
  const std::vector<Symbol>& symbols() const { return symbols_; }

 private:
  DebugModule() = default;
  void ReadSymbols();

  std::string path_;
  Dwfl* dwfl_ = nullptr;
  Dwfl_Module* module_ = nullptr;
  bool is_vmlinux_ = false;
  bool has_dwarf_ = false;
  std::string build_id_;
  std::string name_;
  std::string release_;
  std::vector<Symbol> symbols_;
  std::unordered_multimap<std::string, size_t> by_name_;  // index into symbols_
  std::vector<size_t> by_address_;                        // function symbols, sorted
};

}  // namespace crashsift::symbols
