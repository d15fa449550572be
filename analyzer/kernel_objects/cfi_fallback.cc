#include "analyzer/kernel_objects/cfi_fallback.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <cstdlib>
#include <limits>
#include <memory>

namespace crashsift::kernel_objects {
namespace {

// x86_64 DWARF register numbers (System V psABI): rbp 6, rsp 7, return address 16.
constexpr int kDwarfRbp = 6;
constexpr int kDwarfRsp = 7;

// The N of a register rule "saved at CFA + N" as libdw spells it
// (DW_OP_call_frame_cfa, then constants added); nullopt for anything else.
std::optional<int64_t> CfaOffset(const Dwarf_Op* ops, size_t nops) {
  if (nops == 0 || ops[0].atom != DW_OP_call_frame_cfa) return std::nullopt;
  int64_t offset = 0;
  for (size_t i = 1; i < nops; ++i) {
    switch (ops[i].atom) {
      case DW_OP_plus_uconst:
        offset += static_cast<int64_t>(ops[i].number);
        break;
      case DW_OP_consts:
        if (i + 1 >= nops || ops[i + 1].atom != DW_OP_plus) return std::nullopt;
        offset += static_cast<int64_t>(ops[i].number);
        ++i;
        break;
      default:
        return std::nullopt;
    }
  }
  return offset;
}

bool FitsInt16(int64_t v) {
  return v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max();
}

}  // namespace

CfiFallback::CfiFallback(Dwarf* dwarf) {
  if (dwarf != nullptr) cfi_ = dwarf_getcfi(dwarf);
}

std::optional<OrcEntry> CfiFallback::Find(uint64_t pc) const {
  if (cfi_ == nullptr) return std::nullopt;
  Dwarf_Frame* raw = nullptr;
  if (dwarf_cfi_addrframe(cfi_, pc, &raw) != 0 || raw == nullptr) return std::nullopt;
  std::unique_ptr<Dwarf_Frame, decltype(&std::free)> frame(raw, &std::free);
  Dwarf_Op* ops = nullptr;
  size_t nops = 0;
  if (dwarf_frame_cfa(frame.get(), &ops, &nops) != 0 || nops != 1) return std::nullopt;
  OrcEntry e;
  e.type = OrcEntry::Type::kCall;
  // libdw spells "CFA = register + offset" DW_OP_bregx (number: register,
  // number2: offset); DW_OP_bregN is accepted too.
  int64_t reg = -1;
  int64_t cfa_offset = 0;
  if (ops[0].atom == DW_OP_bregx) {
    reg = static_cast<int64_t>(ops[0].number);
    cfa_offset = static_cast<int64_t>(ops[0].number2);
  } else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
    reg = ops[0].atom - DW_OP_breg0;
    cfa_offset = static_cast<int64_t>(ops[0].number);
  }
  if (reg == kDwarfRsp) {
    e.sp_reg = kOrcRegSp;
  } else if (reg == kDwarfRbp) {
    e.sp_reg = kOrcRegBp;
  } else {
    return std::nullopt;
  }
  if (!FitsInt16(cfa_offset)) return std::nullopt;
  e.sp_offset = static_cast<int16_t>(cfa_offset);
  Dwarf_Op mem[3];
  Dwarf_Op* bp_ops = nullptr;
  size_t bp_nops = 0;
  if (dwarf_frame_register(frame.get(), kDwarfRbp, mem, &bp_ops, &bp_nops) != 0)
    return std::nullopt;
  if (bp_nops > 0) {
    auto saved = CfaOffset(bp_ops, bp_nops);
    if (!saved || !FitsInt16(*saved)) return std::nullopt;
    e.bp_reg = kOrcRegPrevSp;
    e.bp_offset = static_cast<int16_t>(*saved);
  }
  return e;
}

}  // namespace crashsift::kernel_objects
