// The kdump-compressed ("diskdump", signature "KDUMP   ") format written by
// makedumpfile -c/-l/-p/-z and by QEMU dump-guest-memory -z/-l/-s
// (makedumpfile diskdump_mod.h): block 0 the disk_dump_header, block 1 the
// kdump_sub_header (VMCOREINFO and ELF notes offsets, split pfn range), then
// two bitmaps (the second marks dumped pages), then one 24-byte page_desc
// per dumped page in pfn order, then page data. Pages not in the second
// bitmap are absent (excluded by -d). Reads go through a ByteSource so that
// a flattened stream (-F) is read the same way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/vmcore/byte_source.h"
#include "analyzer/vmcore/physical_memory.h"

namespace crashsift::vmcore {

// The disk_dump_header bytes that identify a makedumpfile --split part's set
// (byte-identical in every part of one set: utsname, timestamp, sizes), or
// nullopt when `bytes` (a whole file, or at least its header and
// sub-header) is no split part. Given several files, `crashsift analyze`
// reads the parts of a set together (each part alone holds a pfn range).
std::optional<std::string> SplitPartKey(std::string_view bytes);

struct KdumpHeader {
  int32_t header_version = 0;
  std::string release;  // utsname.release ("" in QEMU's dumps)
  std::string machine;  // utsname.machine
  int64_t timestamp_sec = 0;
  uint32_t status = 0;  // compression of the dump, incomplete flag
  uint32_t block_size = 0;
  uint32_t sub_hdr_size = 0;
  uint32_t bitmap_blocks = 0;
  uint64_t max_mapnr = 0;
  int32_t nr_cpus = 0;
  // Sub-header.
  uint64_t phys_base = 0;
  int32_t dump_level = 0;
  bool split = false;
  uint64_t start_pfn = 0;
  uint64_t end_pfn = 0;
  uint64_t offset_vmcoreinfo = 0, size_vmcoreinfo = 0;
  uint64_t offset_note = 0, size_note = 0;
};

class KdumpCompressed : public PhysicalMemory {
 public:
  // Errors: bad_magic, truncated (header, bitmaps past the end), corrupt
  // (impossible sizes), limit_exceeded (the bitmap needs more than half of
  // `max_memory`, --max-memory). `flattened` only changes the format name.
  static Result<std::unique_ptr<KdumpCompressed>> Open(
      std::unique_ptr<ByteSource> source, bool flattened = false,
      uint64_t max_memory = limits::kDefaultMaxMemoryBytes);

  Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) override;
  uint32_t page_size() const override { return header_.block_size; }
  uint64_t max_pfn() const override { return header_.max_mapnr; }
  std::string format_name() const override;
  void ReleaseResident() override { source_->ReleaseResident(); }
  uint64_t NextCandidatePfn(uint64_t pfn) const override;

  const KdumpHeader& header() const { return header_; }
  // The VMCOREINFO text and the ELF note blob copied by makedumpfile (empty
  // when absent, as in QEMU's dumps for VMCOREINFO-less guests).
  const std::string& vmcoreinfo_text() const { return vmcoreinfo_; }
  const std::vector<std::byte>& note_blob() const { return notes_; }
  const std::vector<Warning>& warnings() const { return warnings_; }
  void AddWarning(Warning warning) { warnings_.push_back(std::move(warning)); }
  const std::string& path() const { return source_->path(); }
  // True when pfn is dumped by this file (split parts cover a pfn range).
  uint64_t descs_offset() const { return descs_offset_; }
  // End of the header, bitmaps and page descriptors (page data follows).
  uint64_t metadata_end() const { return descs_offset_ + (rank_.back() - rank_base_) * 24; }
  bool Covers(uint64_t pfn) const { return pfn >= header_.start_pfn && pfn < header_.end_pfn; }

 private:
  explicit KdumpCompressed(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}
  bool Dumped(uint64_t pfn) const;
  uint64_t Rank(uint64_t pfn) const;  // dumped pages in [0, pfn)

  std::unique_ptr<ByteSource> source_;
  bool flattened_ = false;
  KdumpHeader header_;
  std::string vmcoreinfo_;
  std::vector<std::byte> notes_;
  std::vector<uint8_t> bitmap_;  // the second (dumpable) bitmap
  std::vector<uint64_t> rank_;   // set bits before each 4096-bit block
  uint64_t rank_base_ = 0;       // Rank(start_pfn): descriptors start there
  uint64_t descs_offset_ = 0;
  std::vector<Warning> warnings_;
  mutable std::vector<std::byte> scratch_;
};

}  // namespace crashsift::vmcore
