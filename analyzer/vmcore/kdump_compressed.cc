#include "analyzer/vmcore/kdump_compressed.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "analyzer/core/byte_reader.h"
#include "analyzer/core/limits.h"
#include "analyzer/input/input_kind.h"
#include "analyzer/vmcore/hex.h"
#include "analyzer/vmcore/page_decompressor.h"

namespace crashsift::vmcore {
namespace {

// disk_dump_header on 64-bit hosts: signature[8], header_version, utsname
// (6 x 65 bytes), timeval at 408 (8-byte aligned), then status...
constexpr uint64_t kUtsname = 12, kUtsField = 65;
constexpr uint64_t kTimestamp = 408, kStatus = 424, kBlockSize = 428, kSubHdrSize = 432,
                   kBitmapBlocks = 436, kMaxMapnr = 440, kNrCpus = 460, kHeaderSize = 464;
constexpr uint64_t kPageDescSize = 24;
constexpr uint64_t kBitsPerRankBlock = 4096;
constexpr uint64_t kMaxBitmapBytes = 1ull << 30;  // 8 Gi pages = 32 TiB of RAM

std::string CString(std::span<const std::byte> bytes) {
  std::string s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (auto nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
  return s;
}

// kdump_sub_header (104 bytes read); fields appear with header versions.
void ReadSubHeader(ByteReader s, KdumpHeader& hd) {
  hd.phys_base = *s.Read<uint64_t>(0);
  if (hd.header_version >= 1) hd.dump_level = *s.Read<int32_t>(8);
  if (hd.header_version >= 2) {
    hd.split = *s.Read<int32_t>(12) != 0;
    if (hd.split) {
      hd.start_pfn = *s.Read<uint64_t>(16);
      hd.end_pfn = *s.Read<uint64_t>(24);
    }
  }
  if (hd.header_version >= 3) {
    hd.offset_vmcoreinfo = *s.Read<uint64_t>(32);
    hd.size_vmcoreinfo = *s.Read<uint64_t>(40);
  }
  if (hd.header_version >= 4) {
    hd.offset_note = *s.Read<uint64_t>(48);
    hd.size_note = *s.Read<uint64_t>(56);
  }
  if (hd.header_version >= 6) {
    if (hd.split) {
      hd.start_pfn = *s.Read<uint64_t>(80);
      hd.end_pfn = *s.Read<uint64_t>(88);
    }
    hd.max_mapnr = *s.Read<uint64_t>(96);
    if (!hd.split) hd.end_pfn = hd.max_mapnr;
  }
}

// The VMCOREINFO text and the ELF notes the sub-header points to; what cannot
// be read is a warning.
void ReadNoteBlobs(ByteSource& source, const KdumpHeader& hd, std::string& vmcoreinfo,
                   std::vector<std::byte>& notes, std::vector<Warning>& warnings) {
  const std::string& path = source.path();
  std::vector<std::byte> scratch;
  if (hd.size_vmcoreinfo > 0) {
    if (hd.size_vmcoreinfo > limits::kMaxVmcoreinfoBytes) {
      warnings.push_back({path, hd.offset_vmcoreinfo, "VMCOREINFO size is implausible; ignored"});
    } else if (auto text = source.Read(hd.offset_vmcoreinfo, hd.size_vmcoreinfo, scratch)) {
      vmcoreinfo.assign(reinterpret_cast<const char*>(text->data()), text->size());
    } else {
      warnings.push_back({path, hd.offset_vmcoreinfo, "VMCOREINFO lies past the end of the file"});
    }
  }
  if (hd.size_note > 0) {
    if (hd.size_note > limits::kMaxVmcoreinfoBytes * 16) {
      warnings.push_back({path, hd.offset_note, "ELF note size is implausible; ignored"});
    } else if (auto blob = source.Read(hd.offset_note, hd.size_note, scratch)) {
      notes.assign(blob->begin(), blob->end());
    } else {
      warnings.push_back({path, hd.offset_note, "ELF notes lie past the end of the file"});
    }
  }
}

// rank[i]: the set bits of `bitmap` before its 4096-bit block i, then the total.
void IndexBitmap(const std::vector<uint8_t>& bitmap, std::vector<uint64_t>& rank) {
  const uint64_t bytes_per_block = kBitsPerRankBlock / 8;
  rank.reserve(bitmap.size() / bytes_per_block + 2);
  uint64_t count = 0;
  for (uint64_t i = 0; i < bitmap.size(); i += 8) {
    if (i % bytes_per_block == 0) rank.push_back(count);
    uint64_t word = 0;
    std::memcpy(&word, bitmap.data() + i, std::min<uint64_t>(8, bitmap.size() - i));
    count += std::popcount(word);
  }
  rank.push_back(count);
}

}  // namespace

std::optional<std::string> SplitPartKey(std::string_view bytes) {
  // The split flag is in the sub-header (block 1) from header version 2.
  constexpr size_t kHeaderVersion = 8, kSubSplit = 12;
  if (bytes.size() < kHeaderSize || !bytes.starts_with(input::kKdumpSignature)) return std::nullopt;
  int32_t version = 0, block_size = 0, split = 0;
  std::memcpy(&version, bytes.data() + kHeaderVersion, 4);
  std::memcpy(&block_size, bytes.data() + kBlockSize, 4);
  if (version < 2 || block_size < static_cast<int32_t>(kHeaderSize)) return std::nullopt;
  const size_t sub = static_cast<size_t>(block_size) + kSubSplit;
  if (sub + 4 > bytes.size()) return std::nullopt;
  std::memcpy(&split, bytes.data() + sub, 4);
  if (split == 0) return std::nullopt;
  return std::string(bytes.substr(0, kHeaderSize));
}

std::string KdumpCompressed::format_name() const {
  std::string name = flattened_ ? "vmcore-flattened" : "vmcore-kdump";
  std::string compression = CompressionName(header_.status);
  if (!compression.empty()) name += "-" + compression;
  if (header_.split) name += "-split";
  return name;
}

Result<std::unique_ptr<KdumpCompressed>> KdumpCompressed::Open(std::unique_ptr<ByteSource> source,
                                                               bool flattened,
                                                               uint64_t max_memory) {
  auto dump = std::unique_ptr<KdumpCompressed>(new KdumpCompressed(std::move(source)));
  dump->flattened_ = flattened;
  const std::string& path = dump->source_->path();
  std::vector<std::byte> scratch;
  auto head = dump->source_->Read(0, kHeaderSize, scratch);
  if (!head) return Fail(ErrorCode::kTruncated, path, "file ends inside the kdump header");
  if (std::memcmp(head->data(), input::kKdumpSignature.data(), input::kKdumpSignature.size()) !=
      0) {
    return Fail(ErrorCode::kBadMagic, path, "no KDUMP signature");
  }
  ByteReader h(*head);
  KdumpHeader& hd = dump->header_;
  hd.header_version = *h.Read<int32_t>(8);
  hd.release = CString(head->subspan(kUtsname + 2 * kUtsField, kUtsField));
  hd.machine = CString(head->subspan(kUtsname + 4 * kUtsField, kUtsField));
  hd.timestamp_sec = *h.Read<int64_t>(kTimestamp);
  hd.status = *h.Read<uint32_t>(kStatus);
  int32_t block_size = *h.Read<int32_t>(kBlockSize);
  int32_t sub_hdr_size = *h.Read<int32_t>(kSubHdrSize);
  hd.bitmap_blocks = *h.Read<uint32_t>(kBitmapBlocks);
  hd.max_mapnr = *h.Read<uint32_t>(kMaxMapnr);
  hd.nr_cpus = *h.Read<int32_t>(kNrCpus);
  if (block_size < 1024 || block_size > static_cast<int64_t>(limits::kMaxPageSize) ||
      !std::has_single_bit(static_cast<uint32_t>(block_size))) {
    return Fail(ErrorCode::kCorrupt, path, "impossible block size " + std::to_string(block_size),
                kBlockSize);
  }
  if (sub_hdr_size < 0 || sub_hdr_size > 1024) {
    return Fail(ErrorCode::kCorrupt, path, "impossible sub-header size", kSubHdrSize);
  }
  hd.block_size = static_cast<uint32_t>(block_size);
  hd.sub_hdr_size = static_cast<uint32_t>(sub_hdr_size);
  if (hd.status & kDumpIncomplete) {
    dump->warnings_.push_back({path, std::nullopt,
                               "the dump is marked incomplete (makedumpfile ran out of space): "
                               "pages at the end may be missing"});
  }

  // Sub-header (kdump_sub_header); fields appear with header versions.
  hd.end_pfn = hd.max_mapnr;
  if (hd.sub_hdr_size > 0) {
    auto sub = dump->source_->Read(hd.block_size, 104, scratch);
    if (!sub) return Fail(ErrorCode::kTruncated, path, "file ends inside the kdump sub-header");
    ReadSubHeader(ByteReader(*sub), hd);
  }
  ReadNoteBlobs(*dump->source_, hd, dump->vmcoreinfo_, dump->notes_, dump->warnings_);

  // The second bitmap: which pages have a descriptor.
  const uint64_t bitmap_offset = (1 + uint64_t{hd.sub_hdr_size}) * hd.block_size;
  const uint64_t bitmap_half = uint64_t{hd.bitmap_blocks} / 2 * hd.block_size;
  if (bitmap_half == 0) {
    return Fail(
        ErrorCode::kCorrupt, path,
        "bitmap_blocks " + std::to_string(hd.bitmap_blocks) + ": the dump has no page bitmap",
        kBitmapBlocks);
  }
  if (bitmap_offset + 2 * bitmap_half > dump->source_->size()) {
    return Fail(ErrorCode::kTruncated, path, "the page bitmap runs past the end of the file",
                bitmap_offset + bitmap_half);
  }
  // Only the bits of max_mapnr pages are ever looked up: a header that
  // claims a larger bitmap costs nothing beyond them (a 1 GiB bitmap on a
  // 12 KiB sparse file cost 2 GB of RSS).
  uint64_t bitmap_bytes = bitmap_half;
  if (hd.max_mapnr > 0 && hd.max_mapnr <= bitmap_half * 8) {
    bitmap_bytes = std::min(bitmap_half, std::max<uint64_t>(8, (hd.max_mapnr + 63) / 64 * 8));
  }
  // The bitmap is held twice while it is indexed (copy + read pages).
  if (bitmap_bytes > kMaxBitmapBytes || bitmap_bytes > max_memory / 2) {
    return Fail(ErrorCode::kLimitExceeded, path,
                "page bitmap of " + std::to_string(bitmap_bytes >> 20) + " MiB is above the " +
                    std::to_string(max_memory >> 21) + " MiB that --max-memory " +
                    std::to_string(max_memory >> 20) + " MiB allows it",
                kBitmapBlocks);
  }
  if (hd.max_mapnr > bitmap_half * 8) {
    dump->warnings_.push_back({path, std::nullopt, "max_mapnr exceeds the bitmap; clipped"});
    hd.max_mapnr = bitmap_half * 8;
    hd.end_pfn = std::min(hd.end_pfn, hd.max_mapnr);
  }
  auto bitmap = dump->source_->Read(bitmap_offset + bitmap_half, bitmap_bytes, scratch);
  if (!bitmap) {
    return Fail(ErrorCode::kTruncated, path, "the page bitmap runs past the end of the file",
                bitmap_offset + bitmap_half);
  }
  dump->bitmap_.resize(bitmap_bytes);
  std::memcpy(dump->bitmap_.data(), bitmap->data(), bitmap_bytes);
  IndexBitmap(dump->bitmap_, dump->rank_);
  dump->descs_offset_ = bitmap_offset + uint64_t{hd.bitmap_blocks} * hd.block_size;
  // Split parts number their descriptors from their own start_pfn.
  dump->rank_base_ = dump->Rank(std::min(hd.start_pfn, hd.max_mapnr));
  return dump;
}

uint64_t KdumpCompressed::NextCandidatePfn(uint64_t pfn) const {
  pfn = std::max(pfn, header_.start_pfn);
  const uint64_t end = std::min(header_.end_pfn, header_.max_mapnr);
  while (pfn < end) {
    if (pfn % 64 == 0 && pfn / 8 + 8 <= bitmap_.size()) {
      uint64_t word;
      std::memcpy(&word, bitmap_.data() + pfn / 8, 8);
      if (word == 0) {
        pfn += 64;
        continue;
      }
    }
    if (Dumped(pfn)) return pfn;
    ++pfn;
  }
  return max_pfn();
}

bool KdumpCompressed::Dumped(uint64_t pfn) const {
  if (pfn >= header_.max_mapnr || pfn / 8 >= bitmap_.size()) return false;
  return (bitmap_[pfn / 8] >> (pfn % 8)) & 1;
}

uint64_t KdumpCompressed::Rank(uint64_t pfn) const {
  pfn = std::min<uint64_t>(pfn, bitmap_.size() * 8);
  uint64_t block = pfn / kBitsPerRankBlock;
  uint64_t count = rank_[std::min<uint64_t>(block, rank_.size() - 1)];
  uint64_t from = block * kBitsPerRankBlock / 8;
  uint64_t to = pfn / 8;
  uint64_t i = from;
  for (; i + 8 <= to; i += 8) {
    uint64_t word;
    std::memcpy(&word, bitmap_.data() + i, 8);
    count += std::popcount(word);
  }
  for (; i < to; ++i) count += std::popcount(bitmap_[i]);
  if (pfn % 8 != 0 && to < bitmap_.size()) {
    count += std::popcount(static_cast<uint8_t>(bitmap_[to] & ((1u << (pfn % 8)) - 1)));
  }
  return count;
}

Result<bool> KdumpCompressed::ReadPage(uint64_t pfn, std::span<std::byte> out) {
  std::fill(out.begin(), out.end(), std::byte{0});
  if (!Covers(pfn) || !Dumped(pfn)) return false;
  const std::string& path = source_->path();
  uint64_t index = Rank(pfn) - rank_base_;
  uint64_t desc_at = descs_offset_ + index * kPageDescSize;
  auto desc = source_->Read(desc_at, kPageDescSize, scratch_);
  if (!desc) {
    return Fail(ErrorCode::kTruncated, path,
                "page descriptor of pfn " + Hex(pfn) + " is past the end", desc_at);
  }
  ByteReader d(*desc);
  uint64_t offset = *d.Read<uint64_t>(0);
  uint32_t size = *d.Read<uint32_t>(8);
  uint32_t flags = *d.Read<uint32_t>(12);
  if (size == 0 || size > 2 * uint64_t{header_.block_size}) {
    return Fail(ErrorCode::kCorrupt, path,
                "page descriptor of pfn " + Hex(pfn) + " has size " + std::to_string(size),
                desc_at);
  }
  auto data = source_->Read(offset, size, scratch_);
  if (!data) {
    return Fail(ErrorCode::kTruncated, path, "data of pfn " + Hex(pfn) + " is past the end",
                offset);
  }
  auto ok = DecompressPage(flags, *data, out, path, offset);
  if (!ok) return tl::unexpected(ok.error());
  return true;
}

}  // namespace crashsift::vmcore
