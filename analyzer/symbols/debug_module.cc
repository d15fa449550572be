#include "analyzer/symbols/debug_module.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "analyzer/symbols/libdw_error.h"

namespace crashsift::symbols {
namespace {

char* no_debuginfo_path = nullptr;

// What eu-addr2line uses for `-e FILE`: offline reporting, sections of a
// relocatable module laid out by libdwfl, debug data found next to the file.
const Dwfl_Callbacks kOfflineCallbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &no_debuginfo_path,
};

std::string Hex(const unsigned char* bytes, int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

std::string ToHex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

// The bytes of section `name` (nullptr when absent).
Elf_Data* SectionData(Elf* elf, const char* name) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return nullptr;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type == SHT_NOBITS) continue;
    const char* section = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (section != nullptr && std::strcmp(section, name) == 0) return elf_getdata(scn, nullptr);
  }
  return nullptr;
}

// The bytes at link address `address` of an executable's allocated sections.
std::string_view BytesAt(Elf* elf, uint64_t address, uint64_t size) {
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type == SHT_NOBITS) continue;
    if ((shdr.sh_flags & SHF_ALLOC) == 0 || address < shdr.sh_addr ||
        address - shdr.sh_addr >= shdr.sh_size)
      continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    uint64_t at = address - shdr.sh_addr;
    if (data == nullptr || data->d_buf == nullptr || at >= data->d_size) return {};
    uint64_t n = std::min<uint64_t>(size, data->d_size - at);
    return {static_cast<const char*>(data->d_buf) + at, static_cast<size_t>(n)};
  }
  return {};
}

// "Linux version 6.1.0-56-amd64 (debian-kernel@...) ..." -> "6.1.0-56-amd64".
std::string ReleaseFromBanner(std::string_view banner) {
  constexpr std::string_view kPrefix = "Linux version ";
  if (!banner.starts_with(kPrefix)) return "";
  banner.remove_prefix(kPrefix.size());
  return std::string(banner.substr(0, banner.find_first_of(" \n", 0)));
}

const char* DieName(Dwarf_Die* die) {
  Dwarf_Attribute attr;
  // Follows DW_AT_abstract_origin/specification: an inlined instance or an
  // out-of-line copy names itself through its abstract definition.
  if (dwarf_attr_integrate(die, DW_AT_name, &attr) == nullptr) return nullptr;
  return dwarf_formstring(&attr);
}

bool IsFunctionScope(Dwarf_Die* die) {
  int tag = dwarf_tag(die);
  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

}  // namespace

Result<std::unique_ptr<DebugModule>> DebugModule::Open(const std::string& path) {
  std::unique_ptr<DebugModule> m(new DebugModule());
  m->path_ = path;
  m->dwfl_ = dwfl_begin(&kOfflineCallbacks);
  if (m->dwfl_ == nullptr) return Fail(LibdwError(ErrorCode::kIo, path, "dwfl_begin"));
  dwfl_report_begin(m->dwfl_);
  m->module_ = dwfl_report_offline(m->dwfl_, path.c_str(), path.c_str(), -1);
  if (m->module_ == nullptr) {
    return Fail(LibdwError(ErrorCode::kBadMagic, path, "not a debuginfo file libdw can read"));
  }
  if (dwfl_report_end(m->dwfl_, nullptr, nullptr) != 0) {
    return Fail(LibdwError(ErrorCode::kCorrupt, path, "dwfl_report_end"));
  }
  const unsigned char* id = nullptr;
  GElf_Addr id_vaddr = 0;
  int id_size = dwfl_module_build_id(m->module_, &id, &id_vaddr);
  if (id_size > 0) m->build_id_ = Hex(id, id_size);

  GElf_Addr bias = 0;
  Elf* elf = dwfl_module_getelf(m->module_, &bias);
  if (elf == nullptr) return Fail(LibdwError(ErrorCode::kCorrupt, path, "dwfl_module_getelf"));
  GElf_Ehdr ehdr;
  if (gelf_getehdr(elf, &ehdr) == nullptr) {
    return Fail(LibdwError(ErrorCode::kCorrupt, path, "gelf_getehdr"));
  }
  m->is_vmlinux_ = ehdr.e_type != ET_REL;
  if (m->is_vmlinux_) m->name_ = "vmlinux";
  if (!m->is_vmlinux_) {
    // .modinfo: NUL-separated "key=value" strings (name=, vermagic=).
    if (Elf_Data* data = SectionData(elf, ".modinfo"); data != nullptr && data->d_buf != nullptr) {
      std::string_view info(static_cast<const char*>(data->d_buf), data->d_size);
      while (!info.empty()) {
        std::string_view item = info.substr(0, info.find('\0'));
        if (item.starts_with("name=")) m->name_ = std::string(item.substr(5));
        if (item.starts_with("vermagic="))
          m->release_ = std::string(item.substr(9, item.find(' ') - 9));
        info.remove_prefix(std::min(info.size(), item.size() + 1));
      }
    }
  }
  Dwarf_Addr dwarf_bias = 0;
  m->has_dwarf_ = dwfl_module_getdwarf(m->module_, &dwarf_bias) != nullptr;
  m->ReadSymbols();
  if (m->symbols_.empty()) return Fail(ErrorCode::kCorrupt, path, "no function symbols");
  if (m->is_vmlinux_) {
    auto banner = m->by_name_.find("linux_banner");
    if (banner != m->by_name_.end()) {
      const Symbol& s = m->symbols_[banner->second];
      m->release_ =
          ReleaseFromBanner(BytesAt(elf, s.address - bias, std::min<uint64_t>(s.size, 512)));
    }
  }
  return m;
}

DebugModule::~DebugModule() {
  if (dwfl_ != nullptr) dwfl_end(dwfl_);
}

void DebugModule::ReadSymbols() {
  int count = dwfl_module_getsymtab(module_);
  for (int i = 1; i < count; ++i) {
    GElf_Sym sym;
    GElf_Addr address = 0;
    GElf_Word shndx = 0;
    const char* name =
        dwfl_module_getsym_info(module_, i, &sym, &address, &shndx, nullptr, nullptr);
    if (name == nullptr || *name == '\0' || shndx == SHN_UNDEF) continue;
    int type = GELF_ST_TYPE(sym.st_info);
    bool banner = is_vmlinux_ && type == STT_OBJECT && std::strcmp(name, "linux_banner") == 0;
    if (type != STT_FUNC && type != STT_NOTYPE && !banner) continue;
    by_name_.emplace(name, symbols_.size());
    symbols_.push_back({name, address, sym.st_size, 0, type == STT_FUNC});
  }
  // kallsyms sizes: the distance to the next higher symbol address.
  std::vector<uint64_t> addresses;
  addresses.reserve(symbols_.size());
  for (const Symbol& s : symbols_) addresses.push_back(s.address);
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  for (Symbol& s : symbols_) {
    auto next = std::upper_bound(addresses.begin(), addresses.end(), s.address);
    s.span = next == addresses.end() ? s.size : *next - s.address;
  }
  // Functions and assembler labels (entry_SYSCALL_64_after_hwframe), as
  // kallsyms has them.
  for (size_t i = 0; i < symbols_.size(); ++i) {
    if (symbols_[i].name != "linux_banner") by_address_.push_back(i);
  }
  std::stable_sort(by_address_.begin(), by_address_.end(), [this](size_t a, size_t b) {
    return symbols_[a].address < symbols_[b].address;
  });
}

std::optional<DebugModule::Located> DebugModule::SymbolFor(uint64_t address) const {
  auto it = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                             [this](uint64_t a, size_t i) { return a < symbols_[i].address; });
  if (it == by_address_.begin()) return std::nullopt;
  const Symbol& s = symbols_[*std::prev(it)];
  const uint64_t extent = std::max(s.size, s.span);
  if (address - s.address >= extent) return std::nullopt;
  return Located{s.name, address - s.address, s.span};
}

std::optional<DebugModule::Section> DebugModule::FindSection(std::string_view name) const {
  GElf_Addr bias = 0;
  Elf* elf = dwfl_module_getelf(module_, &bias);
  if (elf == nullptr) return std::nullopt;
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return std::nullopt;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type == SHT_NOBITS) continue;
    const char* section = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (section == nullptr || name != section) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || data->d_buf == nullptr) return std::nullopt;
    return Section{shdr.sh_addr + bias,
                   std::string_view(static_cast<const char*>(data->d_buf), data->d_size)};
  }
  return std::nullopt;
}

Result<SourceChain> DebugModule::Lookup(std::string_view function, uint64_t offset,
                                        std::optional<uint64_t> size) const {
  auto [first, last] = by_name_.equal_range(std::string(function));
  const Symbol* best = nullptr;
  int best_rank = -1;
  for (auto it = first; it != last; ++it) {
    const Symbol& s = symbols_[it->second];
    if (s.name == "linux_banner" && !s.function) continue;
    // A symbol of the printed size beats one of another size; a function
    // beats an assembler label; otherwise the first in the table (as
    // eu-addr2line picks).
    int rank = (size && (s.span == *size || s.size == *size) ? 2 : 0) + (s.function ? 1 : 0);
    if (rank > best_rank) {
      best = &s;
      best_rank = rank;
    }
  }
  if (best == nullptr) {
    return Fail(ErrorCode::kNotFound, path_, "no symbol " + std::string(function));
  }
  const uint64_t limit = std::max(best->size, best->span);
  if (limit != 0 && offset > limit) {
    return Fail(ErrorCode::kNotFound, path_,
                std::string(function) + "+0x" + ToHex(offset) +
                    " lies outside the symbol (size 0x" + ToHex(limit) + ")");
  }
  const bool past_code = best->size != 0 && offset >= best->size && offset > 0;
  return LookupAddress(best->address + offset - (past_code ? 1 : 0));
}

std::optional<uint64_t> DebugModule::SymbolAddress(std::string_view name) const {
  int count = dwfl_module_getsymtab(module_);
  for (int i = 1; i < count; ++i) {
    GElf_Sym sym;
    GElf_Addr address = 0;
    GElf_Word shndx = 0;
    const char* n = dwfl_module_getsym_info(module_, i, &sym, &address, &shndx, nullptr, nullptr);
    if (n != nullptr && shndx != SHN_UNDEF && name == n) return address;
  }
  return std::nullopt;
}

Dwarf* DebugModule::dwarf() const {
  Dwarf_Addr bias = 0;
  return dwfl_module_getdwarf(module_, &bias);
}

Result<SourceChain> DebugModule::LookupAddress(uint64_t address) const {
  Dwfl_Line* line = dwfl_module_getsrc(module_, address);
  const char* file = nullptr;
  int lineno = 0;
  int column = 0;
  // The inline chain is taken where the line-table row covering `address`
  // starts, as eu-addr2line does (it passes its address to dwfl_lineinfo,
  // which moves it there): the chain then describes the same instruction as
  // the file:line, never a scope the row only partly covers.
  Dwarf_Addr row = address;
  if (line != nullptr) file = dwfl_lineinfo(line, &row, &lineno, &column, nullptr, nullptr);
  if (file == nullptr) {
    return Fail(ErrorCode::kNotFound, path_, "no line information at 0x" + ToHex(address));
  }
  SourceChain chain;
  chain.push_back({"", file, static_cast<uint32_t>(lineno), static_cast<uint32_t>(column), false});

  // The inline chain, the way eu-addr2line -i finds it: the scopes at the
  // row's address, then the static nesting of the innermost one.
  Dwarf_Addr bias = 0;
  Dwarf_Die* cudie = dwfl_module_addrdie(module_, row, &bias);
  Dwarf_Die* scopes = nullptr;
  int nscopes = cudie == nullptr ? 0 : dwarf_getscopes(cudie, row - bias, &scopes);
  if (nscopes > 0) {
    Dwarf_Die innermost;
    Dwarf_Off offset = dwarf_dieoffset(&scopes[0]);
    std::free(scopes);
    scopes = nullptr;
    Dwarf_Addr dwarf_bias = 0;
    Dwarf* dwarf = dwfl_module_getdwarf(module_, &dwarf_bias);
    nscopes = dwarf != nullptr && dwarf_offdie(dwarf, offset, &innermost) != nullptr
                  ? dwarf_getscopes_die(&innermost, &scopes)
                  : 0;
  } else {
    std::free(scopes);
    scopes = nullptr;
    nscopes = 0;
  }
  Dwarf_Files* files = nullptr;
  size_t nfiles = 0;
  if (nscopes > 0 && dwarf_getsrcfiles(cudie, &files, &nfiles) != 0) files = nullptr;
  // The name of the innermost function-like scope names the first entry.
  int i = 0;
  while (i < nscopes && !IsFunctionScope(&scopes[i])) ++i;
  if (i < nscopes) {
    const char* name = DieName(&scopes[i]);
    chain.back().function = name != nullptr ? name : "";
  }
  for (; i < nscopes; ++i) {
    if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine) continue;
    events::SourceLocation caller;
    Dwarf_Attribute attr;
    Dwarf_Word value = 0;
    if (files != nullptr &&
        dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &attr), &value) == 0) {
      const char* src = dwarf_filesrc(files, value, nullptr, nullptr);
      if (src != nullptr) caller.file = src;
    }
    if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &attr), &value) == 0)
      caller.line = static_cast<uint32_t>(value);
    if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_column, &attr), &value) == 0)
      caller.column = static_cast<uint32_t>(value);
    int j = i + 1;
    while (j < nscopes && !IsFunctionScope(&scopes[j])) ++j;
    if (j < nscopes) {
      const char* name = DieName(&scopes[j]);
      if (name != nullptr) caller.function = name;
    }
    chain.back().inlined = true;
    chain.push_back(std::move(caller));
  }
  std::free(scopes);
  return chain;
}

}  // namespace crashsift::symbols
