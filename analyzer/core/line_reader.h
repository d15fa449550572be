// Streaming line splitter. Bytes arrive in chunks (one chunk for a mapped
// file, many for a pipe or a decompressor); lines that fit in a chunk are
// returned as views into it without copying. Lines longer than the cap are cut
// (the rest up to the newline is skipped) and flagged, never fatal.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "analyzer/core/limits.h"
#include "analyzer/core/result.h"

namespace crashsift {

// Something that yields the bytes of one input, chunk by chunk.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // The next chunk; an empty span means end of input. The span stays valid
  // until the next call.
  virtual Result<std::span<const char>> NextChunk() = 0;
};

// A ChunkSource over bytes already in memory (a mapping, a test string).
class MemoryChunkSource : public ChunkSource {
 public:
  explicit MemoryChunkSource(std::string_view data) : data_(data) {}
  Result<std::span<const char>> NextChunk() override {
    std::span<const char> out(data_.data(), data_.size());
    data_ = {};
    return out;
  }

 private:
  std::string_view data_;
};

struct Line {
  std::string_view text;  // without the '\n'; a '\r' before it is kept
  uint64_t number = 0;    // 1-based
  bool cut = false;       // longer than the cap: text holds the first max_bytes
};

class LineReader {
 public:
  explicit LineReader(ChunkSource& source, size_t max_line_bytes = limits::kMaxLineBytes)
      : source_(source), max_line_bytes_(max_line_bytes) {}

  // Fills `line` and returns true, or returns false at end of input. The view
  // is valid until the next call.
  Result<bool> Next(Line& line);

 private:
  Result<bool> Refill();

  ChunkSource& source_;
  size_t max_line_bytes_;
  std::span<const char> chunk_;
  size_t pos_ = 0;
  bool eof_ = false;
  std::string carry_;  // a line that spans chunks
  bool carry_cut_ = false;
  uint64_t line_number_ = 0;
};

}  // namespace crashsift
