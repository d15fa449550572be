#include "analyzer/vmcore/arm64_address_space.h"

#include <algorithm>
#include <string>

#include "analyzer/vmcore/hex.h"

namespace crashsift::vmcore {
namespace {

constexpr int kPageShift = 12, kBitsPerLevel = 9;  // 4 KiB granule: 512 entries per table
// Output address of a descriptor, bits 47..12 (48-bit PAs: Debian's
// CONFIG_ARM64_PA_BITS_48).
constexpr uint64_t kAddressMask = 0x0000fffffffff000ull;
constexpr uint64_t kValid = 1, kTableOrPage = 2;  // descriptor bits 0 and 1

}  // namespace

Result<Arm64AddressSpace> Arm64AddressSpace::Create(PageCache& memory, const Vmcoreinfo& info) {
  Arm64AddressSpace space(memory);
  auto va_bits = info.Number("VA_BITS");
  auto kimage_voffset = info.UnsignedNumber("kimage_voffset");
  auto phys_offset = info.UnsignedNumber("PHYS_OFFSET");
  auto swapper = info.Symbol("swapper_pg_dir");
  std::string missing;
  auto need = [&missing](bool present, const char* key) {
    if (present) return;
    missing += missing.empty() ? "" : ", ";
    missing += key;
  };
  need(va_bits.has_value(), "NUMBER(VA_BITS)");
  need(kimage_voffset.has_value(), "NUMBER(kimage_voffset)");
  need(phys_offset.has_value(), "NUMBER(PHYS_OFFSET)");
  need(swapper.has_value(), "SYMBOL(swapper_pg_dir)");
  if (!missing.empty()) {
    return Fail(ErrorCode::kUnsupported, "",
                "arm64 VMCOREINFO has no " + missing +
                    ": cannot translate kernel addresses without a vmlinux");
  }
  if (auto ps = info.page_size(); ps && *ps != kKernelPageSize) {
    return Fail(ErrorCode::kUnsupported, "",
                "arm64 with " + std::to_string(*ps / 1024) +
                    " KiB pages is not supported (only the 4 KiB granule)");
  }
  // 4 KiB pages allow 36..48-bit VAs until LPA2 (6.9) brought 52.
  if (*va_bits < 36 || *va_bits > 48) {
    return Fail(ErrorCode::kUnsupported, "",
                "arm64 NUMBER(VA_BITS)=" + std::to_string(*va_bits) +
                    " is not supported with 4 KiB pages (36..48)");
  }
  space.va_bits_ = static_cast<int>(*va_bits);
  space.walk_bits_ = space.va_bits_;
  if (auto t1sz = info.UnsignedNumber("TCR_EL1_T1SZ")) {
    if (*t1sz < 16 || *t1sz > 28) {
      return Fail(ErrorCode::kCorrupt, "",
                  "arm64 NUMBER(TCR_EL1_T1SZ)=" + std::to_string(*t1sz) + " is out of range");
    }
    space.walk_bits_ = 64 - static_cast<int>(*t1sz);
  }
  space.levels_ =
      (space.walk_bits_ - kPageShift + kBitsPerLevel - 1) / kBitsPerLevel;  // 48 -> 4, 39 -> 3
  space.page_offset_ = ~uint64_t{0} << space.va_bits_;                      // -(1 << VA_BITS)
  space.page_end_ = ~uint64_t{0} << (space.va_bits_ - 1);                   // -(1 << (VA_BITS - 1))
  space.kimage_voffset_ = *kimage_voffset;
  space.phys_offset_ = *phys_offset;
  // Before 5.4 the kernel image sat below the linear map (in the lower half
  // of the kernel's range) and PAGE_OFFSET was the upper half.
  if (*swapper < space.page_end_) {
    return Fail(ErrorCode::kUnsupported, "",
                "arm64 kernel image below the linear map (SYMBOL(swapper_pg_dir)=" + Hex(*swapper) +
                    "): the pre-5.4 layout is not supported");
  }
  space.swapper_pg_dir_paddr_ = space.ImageToPhysical(*swapper);
  return space;
}

Result<uint64_t> Arm64AddressSpace::Walk(uint64_t vaddr) {
  // TTBR1 translates addresses whose bits [63:walk_bits] are all ones.
  if ((vaddr >> walk_bits_) != (~uint64_t{0} >> walk_bits_)) {
    return Fail(ErrorCode::kCorrupt, "", Hex(vaddr) + " is not a kernel (TTBR1) address");
  }
  uint64_t table = swapper_pg_dir_paddr_;
  for (int remaining = levels_; remaining >= 1; --remaining) {
    const int shift = kPageShift + kBitsPerLevel * (remaining - 1);
    // The top table may hold fewer than 512 entries (42-bit VAs: 8).
    const int index_bits = std::min(kBitsPerLevel, walk_bits_ - shift);
    const uint64_t index = (vaddr >> shift) & ((uint64_t{1} << index_bits) - 1);
    auto read = ReadTableEntry(*memory_, table, index);
    if (!read) return read;
    const uint64_t entry = *read;
    if (!(entry & kValid)) return Fail(ErrorCode::kCorrupt, "", Hex(vaddr) + " is not mapped");
    const uint64_t next = entry & kAddressMask;
    if (remaining == 1) {
      if (!(entry & kTableOrPage)) {
        return Fail(ErrorCode::kCorrupt, "", "reserved level-3 descriptor for " + Hex(vaddr));
      }
      return next | (vaddr & (kKernelPageSize - 1));
    }
    if (!(entry & kTableOrPage)) {
      // A block: 1 GiB at level 1, 2 MiB at level 2; none at level 0.
      if (shift > 30) {
        return Fail(ErrorCode::kCorrupt, "", "block descriptor at level 0 for " + Hex(vaddr));
      }
      const uint64_t span = uint64_t{1} << shift;
      return (next & ~(span - 1)) | (vaddr & (span - 1));
    }
    table = next;
  }
  return Fail(ErrorCode::kCorrupt, "", "no translation levels");  // levels_ >= 3: unreachable
}

Result<uint64_t> Arm64AddressSpace::ToPhysical(uint64_t vaddr) {
  if (vaddr >= page_offset_ && vaddr < page_end_) return vaddr - page_offset_ + phys_offset_;
  return tlb_.Translate(vaddr, [this](uint64_t vpage) { return Walk(vpage); });
}

ReadStats Arm64AddressSpace::Read(uint64_t vaddr, std::span<std::byte> out) {
  return ReadVirtual(*memory_, vaddr, out, [this](uint64_t addr) { return ToPhysical(addr); });
}

}  // namespace crashsift::vmcore
