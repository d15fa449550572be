#include "analyzer/kernel_objects/kernel_types.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <set>

namespace crashsift::kernel_objects {
namespace {

bool IsDeclaration(Dwarf_Die* die) {
  Dwarf_Attribute attr;
  bool flag = false;
  return dwarf_attr(die, DW_AT_declaration, &attr) != nullptr &&
         dwarf_formflag(&attr, &flag) == 0 && flag;
}

// The DIE of a member's type with typedefs and qualifiers peeled off.
bool StructOrUnionType(Dwarf_Die* member, Dwarf_Die* out) {
  Dwarf_Attribute attr;
  if (dwarf_attr(member, DW_AT_type, &attr) == nullptr || dwarf_formref_die(&attr, out) == nullptr)
    return false;
  for (int guard = 0; guard < 16; ++guard) {
    int tag = dwarf_tag(out);
    if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) return true;
    if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type)
      return false;
    if (dwarf_attr(out, DW_AT_type, &attr) == nullptr || dwarf_formref_die(&attr, out) == nullptr)
      return false;
  }
  return false;
}

// Members of `type` at `base`, into `layout` under `prefix`; anonymous
// structs/unions are flattened, named ones recorded `depth` levels deep.
void AddMembers(Dwarf_Die* type, uint64_t base, const std::string& prefix, int depth,
                StructLayout& layout) {
  Dwarf_Die child;
  if (dwarf_child(type, &child) != 0) return;
  do {
    if (dwarf_tag(&child) != DW_TAG_member) continue;
    Dwarf_Word offset = 0;
    Dwarf_Attribute attr;
    if (dwarf_attr(&child, DW_AT_data_member_location, &attr) != nullptr) {
      if (dwarf_formudata(&attr, &offset) != 0) continue;
    }
    const char* name = dwarf_diename(&child);
    Dwarf_Die nested;
    bool aggregate = StructOrUnionType(&child, &nested);
    if (name == nullptr) {
      if (aggregate) AddMembers(&nested, base + offset, prefix, depth, layout);
      continue;
    }
    std::string path = prefix + name;
    layout.offsets.emplace(path, base + offset);
    if (aggregate && depth > 0) AddMembers(&nested, base + offset, path + ".", depth - 1, layout);
  } while (dwarf_siblingof(&child, &child) == 0);
}

}  // namespace

Result<KernelTypes> KernelTypes::Load(Dwarf* dwarf, const std::vector<std::string>& structs,
                                      const std::string& path,
                                      const std::vector<std::string>& optional_structs) {
  if (dwarf == nullptr) return Fail(ErrorCode::kNotFound, path, "no DWARF type information");
  KernelTypes types;
  types.path_ = path;
  std::set<std::string, std::less<>> wanted(structs.begin(), structs.end());
  wanted.insert(optional_structs.begin(), optional_structs.end());
  Dwarf_Off offset = 0;
  Dwarf_Off next = 0;
  size_t header_size = 0;
  while (!wanted.empty() &&
         dwarf_nextcu(dwarf, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die cu;
    if (dwarf_offdie(dwarf, offset + header_size, &cu) != nullptr) {
      Dwarf_Die die;
      if (dwarf_child(&cu, &die) == 0) {
        do {
          if (dwarf_tag(&die) != DW_TAG_structure_type || IsDeclaration(&die)) continue;
          const char* name = dwarf_diename(&die);
          if (name == nullptr) continue;
          auto it = wanted.find(std::string_view(name));
          if (it == wanted.end()) continue;
          StructLayout layout;
          Dwarf_Attribute attr;
          Dwarf_Word size = 0;
          if (dwarf_attr(&die, DW_AT_byte_size, &attr) != nullptr) dwarf_formudata(&attr, &size);
          layout.size = size;
          AddMembers(&die, 0, "", 1, layout);
          types.structs_.emplace(*it, std::move(layout));
          wanted.erase(it);
        } while (!wanted.empty() && dwarf_siblingof(&die, &die) == 0);
      }
    }
    offset = next;
  }
  for (const auto& o : optional_structs) wanted.erase(o);
  if (!wanted.empty()) {
    std::string missing;
    for (const auto& w : wanted) missing += (missing.empty() ? "" : ", ") + w;
    return Fail(ErrorCode::kNotFound, path, "no DWARF definition of struct " + missing);
  }
  return types;
}

KernelTypes KernelTypes::FromLayouts(std::map<std::string, StructLayout, std::less<>> structs) {
  KernelTypes types;
  types.structs_ = std::move(structs);
  types.path_ = "(layouts)";
  return types;
}

std::optional<uint64_t> KernelTypes::OptionalOffset(std::string_view structure,
                                                    std::string_view member) const {
  auto s = structs_.find(structure);
  if (s == structs_.end()) return std::nullopt;
  auto m = s->second.offsets.find(member);
  if (m == s->second.offsets.end()) return std::nullopt;
  return m->second;
}

Result<uint64_t> KernelTypes::Offset(std::string_view structure, std::string_view member) const {
  if (auto offset = OptionalOffset(structure, member)) return *offset;
  return Fail(ErrorCode::kNotFound, path_,
              "struct " + std::string(structure) + " has no member " + std::string(member) +
                  " in this vmlinux's DWARF");
}

Result<uint64_t> KernelTypes::Size(std::string_view structure) const {
  auto s = structs_.find(structure);
  if (s == structs_.end())
    return Fail(ErrorCode::kNotFound, path_, "no struct " + std::string(structure));
  return s->second.size;
}

}  // namespace crashsift::kernel_objects
