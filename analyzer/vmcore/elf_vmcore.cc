#include "analyzer/vmcore/elf_vmcore.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>

#include "analyzer/core/byte_reader.h"
#include "analyzer/core/limits.h"
#include "analyzer/vmcore/hex.h"
#include "analyzer/vmcore/libelf_error.h"
#include "analyzer/vmcore/x86_64_page_tables.h"

namespace crashsift::vmcore {
namespace {

struct ElfCloser {
  void operator()(Elf* elf) const { elf_end(elf); }
};

// The checked ELF header of a dump: native ELF64, a core file, and a program
// header table inside the file, with no more than limits::kMaxElfSegments.
struct CoreHeader {
  std::unique_ptr<Elf, ElfCloser> elf;
  GElf_Ehdr ehdr{};
  size_t phnum = 0;
};

Result<CoreHeader> ReadCoreHeader(const DumpBytes& dump) {
  const std::string& path = dump.path;
  if (!EnsureLibelf()) return Fail(LibelfError(ErrorCode::kUnsupported, path, "elf_version"));
  if (dump.bytes.size() < EI_NIDENT || std::memcmp(dump.bytes.data(), ELFMAG, SELFMAG) != 0) {
    return Fail(ErrorCode::kBadMagic, path, "not an ELF file");
  }
  // Only native (little-endian) ELF64: libelf then reads the image in place
  // and never converts it, which a read-only mapping could not survive.
  if (dump.bytes.size() < 64 || static_cast<unsigned char>(dump.bytes[EI_CLASS]) != ELFCLASS64) {
    return Fail(ErrorCode::kUnsupported, path, "not a 64-bit ELF file");
  }
  if (static_cast<unsigned char>(dump.bytes[EI_DATA]) != ELFDATA2LSB) {
    return Fail(ErrorCode::kUnsupported, path, "big-endian ELF dumps are not supported");
  }
  // libelf only reads the image here: for a native-endian ELF64 it points
  // into it instead of converting in place, so a read-only mapping is fine.
  CoreHeader header;
  header.elf.reset(elf_memory(const_cast<char*>(reinterpret_cast<const char*>(dump.bytes.data())),
                              dump.bytes.size()));
  Elf* elf = header.elf.get();
  if (!elf) return Fail(LibelfError(ErrorCode::kCorrupt, path, "elf_memory"));
  if (elf_kind(elf) != ELF_K_ELF || gelf_getclass(elf) != ELFCLASS64) {
    return Fail(ErrorCode::kUnsupported, path, "not a 64-bit ELF file");
  }
  GElf_Ehdr& ehdr = header.ehdr;
  if (gelf_getehdr(elf, &ehdr) == nullptr) {
    return Fail(LibelfError(ErrorCode::kCorrupt, path, "gelf_getehdr"));
  }
  if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB) {
    return Fail(ErrorCode::kUnsupported, path, "big-endian ELF dumps are not supported");
  }
  if (ehdr.e_type != ET_CORE)
    return Fail(ErrorCode::kBadMagic, path, "ELF file is not a core dump");
  size_t& phnum = header.phnum;
  if (elf_getphdrnum(elf, &phnum) != 0) {
    return Fail(LibelfError(ErrorCode::kCorrupt, path, "elf_getphdrnum"));
  }
  // libelf quietly reports 0 program headers when the table lies outside
  // the file; the header's own count tells us it was there.
  if (ehdr.e_phnum != PN_XNUM && phnum < ehdr.e_phnum) phnum = ehdr.e_phnum;
  if (phnum > limits::kMaxElfSegments) {
    return Fail(ErrorCode::kLimitExceeded, path,
                "too many program headers (" + std::to_string(phnum) + ")");
  }
  // Program headers must lie inside the file; libelf checks this too, but
  // say it in our words.
  auto ph_bytes = CheckedMul(phnum, ehdr.e_phentsize);
  if (!ph_bytes || !InBounds(dump.bytes.size(), ehdr.e_phoff, *ph_bytes)) {
    return Fail(ErrorCode::kTruncated, path, "program header table runs past the end of the file",
                ehdr.e_phoff);
  }
  return header;
}

}  // namespace

ElfVmcore::~ElfVmcore() = default;

Result<std::unique_ptr<ElfVmcore>> ElfVmcore::Open(DumpBytes dump) {
  const std::string path = dump.path;
  auto header = ReadCoreHeader(dump);
  if (!header) return Fail(header.error());
  Elf* elf = header->elf.get();
  const GElf_Ehdr& ehdr = header->ehdr;
  const size_t phnum = header->phnum;

  auto core = std::unique_ptr<ElfVmcore>(new ElfVmcore(std::move(dump)));
  const uint64_t file_size = core->dump_.bytes.size();
  if (ehdr.e_machine == EM_X86_64) core->machine_ = "x86_64";
  if (ehdr.e_machine == EM_AARCH64) core->machine_ = "aarch64";
  std::vector<Range> loads;
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr phdr;
    if (gelf_getphdr(elf, static_cast<int>(i), &phdr) == nullptr) {
      return Fail(LibelfError(ErrorCode::kCorrupt, path, "gelf_getphdr"));
    }
    if (phdr.p_type == PT_NOTE) {
      uint64_t size = phdr.p_filesz;
      if (!InBounds(file_size, phdr.p_offset, size)) {
        core->warnings_.push_back({path, phdr.p_offset, "PT_NOTE runs past the end of the file"});
        size = phdr.p_offset < file_size ? file_size - phdr.p_offset : 0;
      }
      bool truncated = false;
      auto notes = ParseElfNotes(
          core->dump_.bytes.subspan(phdr.p_offset < file_size ? phdr.p_offset : file_size, size),
          &truncated);
      if (truncated) core->warnings_.push_back({path, phdr.p_offset, "an ELF note is cut short"});
      core->notes_.insert(core->notes_.end(), notes.begin(), notes.end());
    } else if (phdr.p_type == PT_LOAD) {
      ++core->load_count_;
      auto mem_end = CheckedAdd(phdr.p_paddr, phdr.p_memsz);
      if (!mem_end) {
        core->warnings_.push_back(
            {path, std::nullopt, "PT_LOAD with an impossible physical range skipped"});
        continue;
      }
      core->max_paddr_ = std::max(core->max_paddr_, *mem_end);
      if (phdr.p_vaddr >= kStartKernelMap && !core->kernel_text_) {
        core->kernel_text_ = TextSegment{phdr.p_vaddr, phdr.p_paddr};
      }
      uint64_t filesz = std::min(phdr.p_filesz, phdr.p_memsz);
      if (!InBounds(file_size, phdr.p_offset, filesz)) {
        core->warnings_.push_back({path, phdr.p_offset,
                                   "PT_LOAD at physical " + Hex(phdr.p_paddr) +
                                       " runs past the end of the file (truncated dump)"});
        filesz = phdr.p_offset < file_size ? file_size - phdr.p_offset : 0;
      }
      if (filesz > 0) core->first_data_offset_ = std::min(core->first_data_offset_, phdr.p_offset);
      if (filesz > 0) loads.push_back(Range{phdr.p_paddr, phdr.p_paddr + filesz, phdr.p_offset});
    }
  }
  if (core->load_count_ == 0)
    return Fail(ErrorCode::kCorrupt, path, "ELF core has no PT_LOAD segments");
  // Sort and drop overlaps (a /proc/vmcore maps kernel text twice: through
  // its own PT_LOAD and through the direct map's); the first range wins.
  std::stable_sort(loads.begin(), loads.end(),
                   [](const Range& a, const Range& b) { return a.paddr_begin < b.paddr_begin; });
  uint64_t covered = 0;
  for (const Range& r : loads) {
    uint64_t begin = std::max(r.paddr_begin, covered);
    if (begin >= r.paddr_end) continue;
    core->ranges_.push_back(Range{begin, r.paddr_end, r.file_offset + (begin - r.paddr_begin)});
    covered = r.paddr_end;
  }
  return core;
}

uint64_t ElfVmcore::NextCandidatePfn(uint64_t pfn) const {
  auto addr = CheckedMul(pfn, page_size_);
  if (!addr) return max_pfn();
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), *addr,
                             [](uint64_t a, const Range& r) { return a < r.paddr_end; });
  if (it == ranges_.end()) return max_pfn();
  return std::max(pfn, it->paddr_begin / page_size_);
}

Result<bool> ElfVmcore::ReadPage(uint64_t pfn, std::span<std::byte> out) {
  std::fill(out.begin(), out.end(), std::byte{0});
  auto begin = CheckedMul(pfn, page_size_);
  if (!begin) return false;
  const uint64_t end = *begin + page_size_;
  // First range whose end is past the page start.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), *begin,
                             [](uint64_t addr, const Range& r) { return addr < r.paddr_end; });
  bool present = false;
  for (; it != ranges_.end() && it->paddr_begin < end; ++it) {
    uint64_t from = std::max(*begin, it->paddr_begin);
    uint64_t to = std::min(end, it->paddr_end);
    dump_.Record(it->file_offset + (from - it->paddr_begin), to - from);
    std::memcpy(out.data() + (from - *begin),
                dump_.bytes.data() + it->file_offset + (from - it->paddr_begin), to - from);
    present = true;
  }
  return present;
}

}  // namespace crashsift::vmcore
