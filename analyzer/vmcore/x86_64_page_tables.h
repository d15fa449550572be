// x86_64 kernel virtual -> physical translation from VMCOREINFO alone (no
// vmlinux): the kernel image mapping (__START_KERNEL_map = 0xffffffff80000000,
// paddr = vaddr - __START_KERNEL_map + phys_base; KASLR is already folded
// into the SYMBOL() values and phys_base), and everything else (direct map
// at the randomised page_offset_base, vmalloc) by walking the kernel's own
// page tables from SYMBOL(init_top_pgt), 4-level or 5-level
// (NUMBER(pgtable_l5_enabled)), honouring 1 GiB and 2 MiB pages and
// NUMBER(sme_mask). Bounded: a walk reads at most 5 entries.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "analyzer/core/result.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/page_translation.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace crashsift::vmcore {

// __START_KERNEL_map: base of the x86_64 kernel image mapping.
inline constexpr uint64_t kStartKernelMap = 0xffffffff80000000ull;

class X86_64AddressSpace {
 public:
  // Needs SYMBOL(init_top_pgt) and phys_base (NUMBER(phys_base), else
  // `fallback_phys_base` from a kdump sub-header or a /proc/vmcore text
  // PT_LOAD). Errors: unsupported (missing entries, named in the reason).
  static Result<X86_64AddressSpace> Create(PageCache& memory, const Vmcoreinfo& info,
                                           std::optional<uint64_t> fallback_phys_base);

  // Physical address of `vaddr`. Errors: corrupt ("not mapped", "page table
  // page absent from the dump", non-canonical address).
  Result<uint64_t> ToPhysical(uint64_t vaddr);

  // Reads kernel virtual memory. Untranslatable pages are zero-filled and
  // counted as broken; absent pages as absent.
  ReadStats Read(uint64_t vaddr, std::span<std::byte> out);

  uint64_t phys_base() const { return phys_base_; }
  bool five_level() const { return five_level_; }

 private:
  X86_64AddressSpace(PageCache& memory) : memory_(&memory) {}
  Result<uint64_t> Walk(uint64_t vaddr);

  PageCache* memory_;
  uint64_t phys_base_ = 0;
  uint64_t top_pgt_paddr_ = 0;
  uint64_t image_end_ = 0;
  bool five_level_ = false;
  uint64_t sme_mask_ = 0;
  TranslationCache tlb_;
};

}  // namespace crashsift::vmcore
