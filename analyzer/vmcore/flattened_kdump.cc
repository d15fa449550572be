#include "analyzer/vmcore/flattened_kdump.h"

#include <algorithm>
#include <cstring>

#include "analyzer/core/byte_reader.h"
#include "analyzer/input/input_kind.h"

namespace crashsift::vmcore {
namespace {

constexpr uint64_t kHeaderSize = 4096;  // MAX_SIZE_MDF_HEADER

std::optional<int64_t> ReadBigEndian64(const ByteReader& reader, uint64_t offset) {
  auto raw = reader.Read<uint64_t>(offset);
  if (!raw) return std::nullopt;
  return static_cast<int64_t>(__builtin_bswap64(*raw));
}

}  // namespace

bool IsFlattened(std::span<const std::byte> bytes) {
  // The signature in its 16-byte field, padded with NULs.
  const std::string_view head(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return head.size() >= 16 && head.starts_with(input::kFlattenedSignature) &&
         head.substr(input::kFlattenedSignature.size(), 16 - input::kFlattenedSignature.size())
                 .find_first_not_of('\0') == std::string_view::npos;
}

Result<std::unique_ptr<FlattenedByteSource>> FlattenedByteSource::Open(DumpBytes dump) {
  const std::string path = dump.path;
  if (!IsFlattened(dump.bytes))
    return Fail(ErrorCode::kBadMagic, path, "no makedumpfile signature");
  ByteReader reader(dump.bytes);
  auto type = ReadBigEndian64(reader, 16);
  auto version = ReadBigEndian64(reader, 24);
  if (!type || *type != 1)
    return Fail(ErrorCode::kUnsupported, path, "flattened header of unknown type");
  if (!version || *version != 1) {
    return Fail(ErrorCode::kUnsupported, path, "flattened header of unknown version");
  }
  auto source = std::unique_ptr<FlattenedByteSource>(new FlattenedByteSource(std::move(dump)));
  source->dump_.Record(0, 32);
  uint64_t pos = kHeaderSize;
  std::vector<std::pair<Block, size_t>> blocks;  // with stream order
  bool ended = false;
  while (InBounds(reader.size(), pos, 16)) {
    source->dump_.Record(pos, 16);
    int64_t offset = *ReadBigEndian64(reader, pos);
    int64_t size = *ReadBigEndian64(reader, pos + 8);
    if (offset == -1 && size == -1) {
      ended = true;
      break;
    }
    if (offset < 0 || size < 0 || !CheckedAdd(offset, size)) {
      return Fail(ErrorCode::kCorrupt, path, "flattened data block with a bad offset or size", pos);
    }
    if (blocks.size() >= kMaxBlocks) {
      return Fail(ErrorCode::kLimitExceeded, path, "more than 16 Mi flattened data blocks", pos);
    }
    uint64_t data = pos + 16;
    uint64_t usable = static_cast<uint64_t>(size);
    if (!InBounds(reader.size(), data, usable)) {
      usable = reader.size() - data;
      source->truncated_ = true;
    }
    blocks.push_back({Block{static_cast<uint64_t>(offset), usable, data}, blocks.size()});
    source->size_ = std::max<uint64_t>(source->size_, static_cast<uint64_t>(offset) + usable);
    if (source->truncated_) break;
    pos = data + usable;
  }
  if (!ended) source->truncated_ = true;
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const auto& a, const auto& b) { return a.first.offset < b.first.offset; });
  source->blocks_.reserve(blocks.size());
  uint64_t max_end = 0;
  for (const auto& [block, order] : blocks) {
    source->blocks_.push_back(block);
    max_end = std::max(max_end, block.offset + block.size);
    source->max_end_.push_back(max_end);
  }
  return source;
}

Result<std::span<const std::byte>> FlattenedByteSource::Read(
    uint64_t offset, uint64_t length, std::vector<std::byte>& scratch) const {
  auto end = CheckedAdd(offset, length);
  if (!end || *end > size_) {
    return Fail(ErrorCode::kTruncated, dump_.path, "read past the end of the flattened dump",
                offset);
  }
  // First block starting after `offset`; the one before may contain it.
  auto it = std::upper_bound(blocks_.begin(), blocks_.end(), offset,
                             [](uint64_t off, const Block& b) { return off < b.offset; });
  size_t first = static_cast<size_t>(it - blocks_.begin());
  // Fast path: one block holds the whole range.
  if (first > 0) {
    const Block& b = blocks_[first - 1];
    if (b.offset <= offset && *end <= b.offset + b.size &&
        (first == blocks_.size() || blocks_[first].offset >= *end)) {
      dump_.Record(b.file_offset + (offset - b.offset), length);
      return dump_.bytes.subspan(b.file_offset + (offset - b.offset), length);
    }
  }
  // General case: assemble from every block overlapping the range.
  size_t from = first;
  while (from > 0 && max_end_[from - 1] > offset) --from;
  scratch.assign(length, std::byte{0});
  uint64_t covered = 0;
  for (size_t i = from; i < blocks_.size() && blocks_[i].offset < *end; ++i) {
    const Block& b = blocks_[i];
    uint64_t lo = std::max(offset, b.offset);
    uint64_t hi = std::min(*end, b.offset + b.size);
    if (lo >= hi) continue;
    dump_.Record(b.file_offset + (lo - b.offset), hi - lo);
    std::memcpy(scratch.data() + (lo - offset),
                dump_.bytes.data() + b.file_offset + (lo - b.offset), hi - lo);
    covered += hi - lo;
  }
  if (covered < length) {
    // Holes are legal in the reassembled file only where makedumpfile never
    // wrote (e.g. padding); treat a fully uncovered read as missing data.
    if (covered == 0) {
      return Fail(ErrorCode::kTruncated, dump_.path, "no flattened data block covers this range",
                  offset);
    }
  }
  return std::span<const std::byte>(scratch.data(), length);
}

}  // namespace crashsift::vmcore
