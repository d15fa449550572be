// ELF64 core files as vmcores: a copy of /proc/vmcore, `makedumpfile -E`,
// QEMU `dump-guest-memory` (paging=false: p_vaddr 0; paging=true: PN_XNUM).
// Headers go through libelf, which honours e_phoff (QEMU 7.2 puts the
// program headers at 192 and sets e_ehsize=8, which makedumpfile 1.7.2
// ignores) and the PN_XNUM escape (real count in section 0's sh_info).
// Page data is read straight from the mapping by p_paddr; bytes past
// p_filesz or outside every PT_LOAD are absent.
#pragma once

#include <memory>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/vmcore/dump_bytes.h"
#include "analyzer/vmcore/elf_notes.h"
#include "analyzer/vmcore/physical_memory.h"

namespace crashsift::vmcore {

class ElfVmcore : public PhysicalMemory {
 public:
  // Errors: bad_magic (not an ELF64 core), corrupt/truncated headers,
  // limit_exceeded (more than limits::kMaxElfSegments program headers).
  // A PT_LOAD that runs past the end of the file is clipped with a warning.
  static Result<std::unique_ptr<ElfVmcore>> Open(DumpBytes dump);
  ~ElfVmcore() override;

  Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) override;
  uint32_t page_size() const override { return page_size_; }
  uint64_t max_pfn() const override { return (max_paddr_ + page_size_ - 1) / page_size_; }
  std::string format_name() const override { return "vmcore-elf"; }
  void ReleaseResident() override { dump_.ReleaseResident(); }
  uint64_t NextCandidatePfn(uint64_t pfn) const override;

  // Every PT_NOTE's records, in file order (views into the mapping).
  const std::vector<ElfNote>& notes() const { return notes_; }
  // The kernel-text PT_LOAD of a /proc/vmcore copy (p_vaddr in
  // 0xffffffff80000000.. mapping to p_paddr), used to derive phys_base when
  // VMCOREINFO lacks it.
  struct TextSegment {
    uint64_t vaddr = 0;
    uint64_t paddr = 0;
  };
  const std::optional<TextSegment>& kernel_text() const { return kernel_text_; }
  const std::vector<Warning>& warnings() const { return warnings_; }
  // The ELF header's e_machine as `uname -m` says it: "x86_64" (EM_X86_64),
  // "aarch64" (EM_AARCH64), "" for any other.
  const std::string& machine() const { return machine_; }
  // File offset of the first page data byte (headers and notes lie before).
  uint64_t first_data_offset() const { return first_data_offset_; }

 private:
  struct Range {
    uint64_t paddr_begin;
    uint64_t paddr_end;  // exclusive, file-backed part only
    uint64_t file_offset;
  };
  explicit ElfVmcore(DumpBytes dump) : dump_(std::move(dump)) {}

  DumpBytes dump_;
  uint32_t page_size_ = 4096;
  uint64_t max_paddr_ = 0;
  size_t load_count_ = 0;
  std::string machine_;
  uint64_t first_data_offset_ = UINT64_MAX;
  std::vector<Range> ranges_;  // sorted, non-overlapping
  std::vector<ElfNote> notes_;
  std::optional<TextSegment> kernel_text_;
  std::vector<Warning> warnings_;
};

}  // namespace crashsift::vmcore
