#include "analyzer/vmcore/x86_64_page_tables.h"

#include <algorithm>

#include "analyzer/vmcore/hex.h"

namespace crashsift::vmcore {
namespace {

constexpr uint64_t kPresent = 1, kLargePage = 1ull << 7;
constexpr uint64_t kAddressMask = 0x000ffffffffff000ull;  // bits 12..51

}  // namespace

Result<X86_64AddressSpace> X86_64AddressSpace::Create(PageCache& memory, const Vmcoreinfo& info,
                                                      std::optional<uint64_t> fallback_phys_base) {
  X86_64AddressSpace space(memory);
  auto top = info.Symbol("init_top_pgt");
  if (!top) return Fail(ErrorCode::kUnsupported, "", "VMCOREINFO has no SYMBOL(init_top_pgt)");
  if (auto pb = info.Number("phys_base")) {
    // Printed as a signed long: negative when the kernel runs below its
    // link-time physical address (KASLR), e.g. NUMBER(phys_base)=-790626304.
    space.phys_base_ = static_cast<uint64_t>(*pb);
  } else if (fallback_phys_base) {
    space.phys_base_ = *fallback_phys_base;
  } else {
    return Fail(ErrorCode::kUnsupported, "", "VMCOREINFO has no NUMBER(phys_base)");
  }
  if (*top < kStartKernelMap) {
    return Fail(ErrorCode::kCorrupt, "", "SYMBOL(init_top_pgt) is not a kernel image address");
  }
  space.top_pgt_paddr_ = *top - kStartKernelMap + space.phys_base_;
  space.image_end_ =
      kStartKernelMap + static_cast<uint64_t>(info.Number("KERNEL_IMAGE_SIZE").value_or(1ll << 30));
  space.five_level_ = info.Number("pgtable_l5_enabled").value_or(0) != 0;
  space.sme_mask_ = static_cast<uint64_t>(info.Number("sme_mask").value_or(0));
  return space;
}

Result<uint64_t> X86_64AddressSpace::Walk(uint64_t vaddr) {
  // Canonical form: bits above 47 (or 56) copy the top implemented bit.
  const int top_bit = five_level_ ? 56 : 47;
  const uint64_t high = vaddr >> top_bit;
  const uint64_t ones = (~uint64_t{0}) >> top_bit;
  if (high != 0 && high != ones)
    return Fail(ErrorCode::kCorrupt, "", "non-canonical address " + Hex(vaddr));
  uint64_t table = top_pgt_paddr_;
  const int levels = five_level_ ? 5 : 4;
  for (int level = levels; level >= 1; --level) {
    const int shift = 12 + 9 * (level - 1);
    const uint64_t index = (vaddr >> shift) & 0x1ff;
    auto read = ReadTableEntry(*memory_, table, index);
    if (!read) return read;
    const uint64_t entry = *read & ~sme_mask_;
    if (!(entry & kPresent)) return Fail(ErrorCode::kCorrupt, "", Hex(vaddr) + " is not mapped");
    const uint64_t next = entry & kAddressMask;
    if ((level == 3 || level == 2) && (entry & kLargePage)) {
      const uint64_t span = uint64_t{1} << shift;
      return (next & ~(span - 1)) | (vaddr & (span - 1));
    }
    table = next;  // level 1: the page itself
  }
  return table | (vaddr & (kKernelPageSize - 1));
}

Result<uint64_t> X86_64AddressSpace::ToPhysical(uint64_t vaddr) {
  // The kernel image mapping; modules (above it) go through the tables.
  if (vaddr >= kStartKernelMap && vaddr < image_end_) return vaddr - kStartKernelMap + phys_base_;
  return tlb_.Translate(vaddr, [this](uint64_t vpage) { return Walk(vpage); });
}

ReadStats X86_64AddressSpace::Read(uint64_t vaddr, std::span<std::byte> out) {
  return ReadVirtual(*memory_, vaddr, out, [this](uint64_t addr) { return ToPhysical(addr); });
}

}  // namespace crashsift::vmcore
