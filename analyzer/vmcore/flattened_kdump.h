// makedumpfile's flattened format (-F, and everything QEMU 7.2 writes for
// kdump-*): a 4096-byte header ("makedumpfile", type 1, version 1, both
// big-endian int64), then data blocks {int64 offset; int64 size} (big-endian)
// each followed by `size` bytes meant for `offset` of the kdump-compressed
// file, ended by {-1, -1}. We stream through the block headers once to build
// an index and then serve reads from the mapping, so `makedumpfile -R` is
// not needed.
#pragma once

#include <memory>

#include "analyzer/vmcore/byte_source.h"

namespace crashsift::vmcore {

class FlattenedByteSource : public ByteSource {
 public:
  // Errors: bad_magic, corrupt (a block header with a negative or
  // overflowing offset/size), limit_exceeded (more than kMaxBlocks blocks).
  // A stream cut short (no end marker) is accepted with `truncated()` set.
  static Result<std::unique_ptr<FlattenedByteSource>> Open(DumpBytes dump);

  static constexpr size_t kMaxBlocks = 1 << 24;

  uint64_t size() const override { return size_; }
  Result<std::span<const std::byte>> Read(uint64_t offset, uint64_t length,
                                          std::vector<std::byte>& scratch) const override;
  const std::string& path() const override { return dump_.path; }
  void ReleaseResident() const override { dump_.ReleaseResident(); }
  bool truncated() const { return truncated_; }

 private:
  struct Block {
    uint64_t offset;  // in the reassembled file
    uint64_t size;
    uint64_t file_offset;  // in the flattened stream
  };
  explicit FlattenedByteSource(DumpBytes dump) : dump_(std::move(dump)) {}

  DumpBytes dump_;
  std::vector<Block> blocks_;      // sorted by offset (overlaps: higher offset wins)
  std::vector<uint64_t> max_end_;  // max(offset + size) over blocks_[0..i]
  uint64_t size_ = 0;
  bool truncated_ = false;
};

// True when `bytes` starts with the flattened header's signature.
bool IsFlattened(std::span<const std::byte> bytes);

}  // namespace crashsift::vmcore
