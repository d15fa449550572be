#include "analyzer/kernel_objects/kernel_modules.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "analyzer/kernel_objects/memory_read.h"

namespace crashsift::kernel_objects {
namespace {

constexpr size_t kMaxModules = 8192;
constexpr uint64_t kMaxSymbols = 1 << 20;
constexpr uint64_t kMaxStrtab = 16 << 20;
constexpr uint64_t kMaxOrc = 1 << 22;
constexpr uint64_t kElf64SymSize =
    24;  // Elf64_Sym: name 4, info 1, other 1, shndx 2, value 8, size 8

// is_mapping_symbol() of include/linux/module_symbol.h (6.1's kernel/module).
bool IsMappingSymbol(std::string_view name) {
  if (name.starts_with(".L") || name.starts_with("L0")) return true;
  return name.size() >= 2 && name[0] == '$' && std::strchr("axtd", name[1]) != nullptr &&
         (name.size() == 2 || name[2] == '.');
}

void ReadSymbols(const vmcore::VirtualReader& read, const KernelTypes& types, uint64_t module,
                 KernelModule& m) {
  auto kallsyms_member = types.OptionalOffset("module", "kallsyms");
  auto symtab_member = types.OptionalOffset("mod_kallsyms", "symtab");
  auto num_member = types.OptionalOffset("mod_kallsyms", "num_symtab");
  auto strtab_member = types.OptionalOffset("mod_kallsyms", "strtab");
  if (!kallsyms_member || !symtab_member || !num_member || !strtab_member) return;
  auto kallsyms = ReadValue<uint64_t>(read, module + *kallsyms_member);
  if (!kallsyms || *kallsyms == 0) return;
  auto symtab = ReadValue<uint64_t>(read, *kallsyms + *symtab_member);
  auto count = ReadValue<uint32_t>(read, *kallsyms + *num_member);
  auto strtab = ReadValue<uint64_t>(read, *kallsyms + *strtab_member);
  if (!symtab || !count || !strtab || *count == 0 || *count > kMaxSymbols) return;
  std::string syms;
  if (!ReadBytes(read, *symtab, syms, *count * kElf64SymSize)) return;
  uint32_t max_name = 0;
  for (uint64_t i = 0; i < *count; ++i) {
    uint32_t name = 0;
    std::memcpy(&name, syms.data() + i * kElf64SymSize, 4);
    max_name = std::max(max_name, name);
  }
  std::string strings;
  const uint64_t strings_size = std::min<uint64_t>(uint64_t{max_name} + 512, kMaxStrtab);
  // The string table may end before a page that is not in the dump: shrink.
  uint64_t size = strings_size;
  while (size > 0 && !ReadBytes(read, *strtab, strings, size)) size = size > 4096 ? size - 4096 : 0;
  for (uint64_t i = 1; i < *count; ++i) {  // ELF symbols start at 1
    const char* raw = syms.data() + i * kElf64SymSize;
    uint32_t name = 0;
    uint16_t shndx = 0;
    uint64_t value = 0;
    std::memcpy(&name, raw, 4);
    std::memcpy(&shndx, raw + 6, 2);
    std::memcpy(&value, raw + 8, 8);
    if (shndx == 0 || value < m.text || value >= m.text + m.text_size) continue;  // SHN_UNDEF
    if (name >= strings.size()) continue;
    std::string_view text(strings.data() + name,
                          strnlen(strings.data() + name, strings.size() - name));
    if (text.empty() || IsMappingSymbol(text)) continue;
    m.symbols.push_back({value, std::string(text)});
  }
  std::stable_sort(m.symbols.begin(), m.symbols.end(),
                   [](const auto& a, const auto& b) { return a.address < b.address; });
}

}  // namespace

KernelModules KernelModules::Read(const vmcore::VirtualReader& read, uint64_t modules,
                                  const KernelTypes& types, OrcLayout layout,
                                  std::vector<Warning>& warnings) {
  KernelModules out;
  out.layout_ = layout;
  auto list = types.OptionalOffset("module", "list");
  auto name = types.OptionalOffset("module", "name");
  // Before 6.4 the text is at core_layout.base (text_size bytes); since 6.4
  // (commit ac3b43283923, "module: replace module_layout with module_memory")
  // at mem[MOD_TEXT].base (MOD_TEXT = 0; size = module_memory.size).
  auto text = types.OptionalOffset("module", "core_layout.base");
  auto text_size = types.OptionalOffset("module", "core_layout.text_size");
  if (!text) {
    auto mem = types.OptionalOffset("module", "mem");
    auto base = types.OptionalOffset("module_memory", "base");
    auto size = types.OptionalOffset("module_memory", "size");
    if (mem && base && size) {
      text = *mem + *base;
      text_size = *mem + *size;
    }
  }
  if (!list || !name || !text || !text_size) {
    warnings.push_back({"", std::nullopt, "modules: struct module's layout is not in DWARF"});
    return out;
  }
  auto orc_ip = types.OptionalOffset("module", "arch.orc_unwind_ip");
  auto orc = types.OptionalOffset("module", "arch.orc_unwind");
  auto orc_count = types.OptionalOffset("module", "arch.num_orcs");
  std::set<uint64_t> seen;
  auto next = ReadValue<uint64_t>(read, modules);
  while (next && *next != modules && *next != 0 && out.modules_.size() < kMaxModules) {
    if (!seen.insert(*next).second) {
      warnings.push_back({"", std::nullopt, "modules: the module list loops"});
      break;
    }
    const uint64_t module = *next - *list;
    KernelModule m;
    m.address = module;
    char module_name[56] = {};  // MODULE_NAME_LEN on 64-bit
    std::span<std::byte> name_bytes(reinterpret_cast<std::byte*>(module_name), sizeof module_name);
    auto base = ReadValue<uint64_t>(read, module + *text);
    auto size = ReadValue<uint32_t>(read, module + *text_size);
    if (read(module + *name, name_bytes) != 0 || !base || !size) {
      warnings.push_back({"", std::nullopt, "modules: a struct module is not in the dump"});
      next = ReadValue<uint64_t>(read, *next);
      continue;
    }
    m.name.assign(module_name, strnlen(module_name, sizeof module_name));
    m.text = *base;
    m.text_size = *size;
    if (orc_ip && orc && orc_count) {
      m.orc_ip = ReadValue<uint64_t>(read, module + *orc_ip).value_or(0);
      m.orc_entries = ReadValue<uint64_t>(read, module + *orc).value_or(0);
      m.orc_count = ReadValue<uint32_t>(read, module + *orc_count).value_or(0);
    }
    ReadSymbols(read, types, module, m);
    out.modules_.push_back(std::move(m));
    next = ReadValue<uint64_t>(read, *next);
  }
  if (!next) warnings.push_back({"", std::nullopt, "modules: a list pointer is not in the dump"});
  std::sort(out.modules_.begin(), out.modules_.end(),
            [](const auto& a, const auto& b) { return a.text < b.text; });
  return out;
}

const KernelModule* KernelModules::ModuleAt(uint64_t address) const {
  auto it = std::upper_bound(modules_.begin(), modules_.end(), address,
                             [](uint64_t a, const KernelModule& m) { return a < m.text; });
  if (it == modules_.begin()) return nullptr;
  const KernelModule& m = *std::prev(it);
  return address < m.text + m.text_size ? &m : nullptr;
}

std::optional<SymbolAt> KernelModules::SymbolFor(uint64_t address) const {
  const KernelModule* m = ModuleAt(address);
  if (m == nullptr) return std::nullopt;
  auto it =
      std::upper_bound(m->symbols.begin(), m->symbols.end(), address,
                       [](uint64_t a, const KernelModule::Symbol& s) { return a < s.address; });
  if (it == m->symbols.begin()) return std::nullopt;
  const auto& best = *std::prev(it);
  // The size kallsyms prints: to the next symbol at a higher address, or to
  // the end of the module's text.
  uint64_t next = m->text + m->text_size;
  for (auto n = it; n != m->symbols.end(); ++n) {
    if (n->address > best.address) {
      next = n->address;
      break;
    }
  }
  return SymbolAt{m->name, best.name, address - best.address, next - best.address};
}

std::optional<OrcEntry> KernelModules::FindOrc(const vmcore::VirtualReader& read,
                                               uint64_t ip) const {
  const KernelModule* m = ModuleAt(ip);
  if (m == nullptr || m->orc_count == 0 || m->orc_count > kMaxOrc) return std::nullopt;
  const size_t index = static_cast<size_t>(m - modules_.data());
  auto it = orc_.find(index);
  if (it == orc_.end()) {
    std::unique_ptr<OrcTable> table;
    std::string ips;
    std::string entries;
    if (ReadBytes(read, m->orc_ip, ips, m->orc_count * 4) &&
        ReadBytes(read, m->orc_entries, entries, m->orc_count * 6)) {
      if (auto parsed = OrcTable::Parse(ips, m->orc_ip, entries, layout_, 0, m->name))
        table = std::make_unique<OrcTable>(std::move(*parsed));
    }
    it = orc_.emplace(index, std::move(table)).first;
  }
  if (!it->second) return std::nullopt;
  return it->second->Find(ip);
}

}  // namespace crashsift::kernel_objects
