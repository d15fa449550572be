// arm64 kernel virtual -> physical translation from VMCOREINFO alone (no
// vmlinux), for the 5.4+ "flipped" layout (kernel commit 14c127c957c1,
// "arm64: mm: Flip kernel VA space"): the linear map is the lower half of the
// kernel's VA range, [PAGE_OFFSET, PAGE_END) with PAGE_OFFSET =
// -(1 << VA_BITS) and PAGE_END = -(1 << (VA_BITS - 1)), and there
// paddr = vaddr - PAGE_OFFSET + PHYS_OFFSET (the kernel's __lm_to_phys();
// PHYS_OFFSET = memstart_addr, which KASLR's linear-map randomisation makes
// "negative": NUMBER(PHYS_OFFSET)=0xffffb02bc0000000 on Debian 6.1 under
// QEMU; the sum is taken modulo 2^64 like the kernel does). Everything else
// (the kernel image, modules, vmalloc) is translated by walking the kernel's
// page tables from SYMBOL(swapper_pg_dir), whose own physical address is
// SYMBOL(swapper_pg_dir) - NUMBER(kimage_voffset) (__pa_symbol()): 4 KiB
// granule, 3 or 4 levels for 39..48-bit VAs (from NUMBER(TCR_EL1_T1SZ) when
// present), honouring 1 GiB and 2 MiB block entries. Bounded: a walk reads at
// most 4 entries.
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/core/result.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/page_translation.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace crashsift::vmcore {

class Arm64AddressSpace {
 public:
  // Needs NUMBER(VA_BITS), NUMBER(kimage_voffset), NUMBER(PHYS_OFFSET) and
  // SYMBOL(swapper_pg_dir), PAGESIZE 4096 (when given). Errors: unsupported,
  // naming every missing entry in one message ("arm64 VMCOREINFO has no
  // NUMBER(kimage_voffset), NUMBER(PHYS_OFFSET)"), or an unsupported layout
  // (pre-5.4 kernels, 16/64 KiB pages, 52-bit VAs).
  static Result<Arm64AddressSpace> Create(PageCache& memory, const Vmcoreinfo& info);

  // Physical address of `vaddr`. Errors: corrupt ("not mapped", "page table
  // page absent from the dump", address outside the kernel's half).
  Result<uint64_t> ToPhysical(uint64_t vaddr);

  // Reads kernel virtual memory. Untranslatable pages are zero-filled and
  // counted as broken; absent pages as absent.
  ReadStats Read(uint64_t vaddr, std::span<std::byte> out);

  // The kernel-image translation (__pa_symbol()): vaddr - kimage_voffset.
  uint64_t ImageToPhysical(uint64_t vaddr) const { return vaddr - kimage_voffset_; }
  // Page-table walk only (no linear-map shortcut), for cross-checks.
  Result<uint64_t> Walk(uint64_t vaddr);

  uint64_t page_offset() const { return page_offset_; }
  uint64_t page_end() const { return page_end_; }
  uint64_t phys_offset() const { return phys_offset_; }
  uint64_t kimage_voffset() const { return kimage_voffset_; }
  int va_bits() const { return va_bits_; }
  int levels() const { return levels_; }

 private:
  explicit Arm64AddressSpace(PageCache& memory) : memory_(&memory) {}

  PageCache* memory_;
  int va_bits_ = 0;    // NUMBER(VA_BITS): fixes PAGE_OFFSET
  int walk_bits_ = 0;  // 64 - TCR_EL1.T1SZ: what the tables translate
  int levels_ = 0;     // translation levels for walk_bits_
  uint64_t page_offset_ = 0, page_end_ = 0;
  uint64_t phys_offset_ = 0, kimage_voffset_ = 0;
  uint64_t swapper_pg_dir_paddr_ = 0;
  TranslationCache tlb_;
};

}  // namespace crashsift::vmcore
