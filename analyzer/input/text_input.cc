#include "analyzer/input/text_input.h"

#include <sys/stat.h>

#include <algorithm>
#include <vector>

#include "analyzer/core/limits.h"
#include "analyzer/input/decompressing_chunk_source.h"

namespace crashsift::input {
namespace {

// Reads ahead up to kSniffBytes so the head can be sniffed, then replays it.
// When the first chunk is already long enough (a mapped file), nothing is
// copied.
class PeekingChunkSource : public ChunkSource {
 public:
  explicit PeekingChunkSource(std::unique_ptr<ChunkSource> inner) : inner_(std::move(inner)) {}

  // Fills the look-ahead; returns the head, at most kSniffBytes (valid until
  // NextChunk is called). Capped: a mapped file's first chunk is the whole
  // file, and sniffing all of a 1 GB log cost a tenth of analysing it.
  Result<std::string_view> Peek() {
    auto first = inner_->NextChunk();
    if (!first) return Fail(first.error());
    if (first->empty()) {
      inner_eof_ = true;
      return std::string_view();
    }
    if (first->size() >= kSniffBytes) {
      first_ = *first;
      return std::string_view(first_.data(), kSniffBytes);
    }
    copy_.assign(first->begin(), first->end());
    while (copy_.size() < kSniffBytes) {
      auto next = inner_->NextChunk();
      if (!next) return Fail(next.error());
      if (next->empty()) {
        inner_eof_ = true;
        break;
      }
      copy_.insert(copy_.end(), next->begin(), next->end());
    }
    first_ = std::span<const char>(copy_.data(), copy_.size());
    return std::string_view(first_.data(), std::min(first_.size(), kSniffBytes));
  }

  Result<std::span<const char>> NextChunk() override {
    if (!replayed_) {
      replayed_ = true;
      if (!first_.empty()) return first_;
    }
    if (inner_eof_) return std::span<const char>();
    return inner_->NextChunk();
  }

 private:
  std::unique_ptr<ChunkSource> inner_;
  std::span<const char> first_;
  std::vector<char> copy_;
  bool replayed_ = false;
  bool inner_eof_ = false;
};

}  // namespace

Result<TextInput> OpenTextInput(const InputSource& source, uint64_t max_decompressed_bytes) {
  auto in = OpenedInput::Open(source);
  if (!in) return Fail(in.error());
  return OpenTextInput(*in, max_decompressed_bytes);
}

Result<TextInput> OpenTextInput(OpenedInput& in, uint64_t max_decompressed_bytes) {
  if (max_decompressed_bytes == 0) max_decompressed_bytes = limits::kMaxDecompressedLogBytes;
  const std::string& name = in.name();
  auto raw = in.TakeChunks();
  if (!raw) return Fail(raw.error());
  // A file or memory was sniffed when opened; a stream is sniffed here.
  std::unique_ptr<ChunkSource> chunks = std::move(*raw);
  Result<std::string_view> head = in.bytes().substr(0, kSniffBytes);
  InputKind kind = in.kind();
  if (in.is_stream()) {
    auto peek = std::make_unique<PeekingChunkSource>(std::move(chunks));
    head = peek->Peek();
    if (!head) return Fail(head.error());
    kind = Sniff(*head);
    chunks = std::move(peek);
  }
  const InputKind raw_kind = kind;
  TextInput out;
  std::string inside;
  if (IsCompressed(kind)) {
    out.compression = std::string(ToString(kind));
    inside = " (inside " + out.compression + ")";
    auto decompressed = MakeDecompressor(kind, std::move(chunks), name, max_decompressed_bytes);
    if (!decompressed) return Fail(decompressed.error());
    auto peek = std::make_unique<PeekingChunkSource>(std::move(*decompressed));
    head = peek->Peek();
    if (!head) return Fail(head.error());
    kind = Sniff(*head);
    chunks = std::move(peek);
  }
  switch (kind) {
    case InputKind::kText:
      // A file cut inside the magic of a dump or a compressed stream ("\x7f",
      // "KDU") sniffs as text, and was "analysed" as a one-line console log
      // with exit 0; it is a truncated file.
      if (IsCutMagic(std::string_view(head->data(), head->size()))) {
        return Fail(ErrorCode::kTruncated, name,
                    "only " + std::to_string(head->size()) +
                        " byte(s), the start of a vmcore or compressed file: cut short" + inside);
      }
      out.chunks = std::move(chunks);
      return out;
    case InputKind::kEmpty:
      return Fail(ErrorCode::kTruncated, name, "empty file" + inside);
    case InputKind::kElfCore:
    case InputKind::kKdumpCompressed:
    case InputKind::kFlattenedKdump:
      if (!out.compression.empty()) {
        return Fail(ErrorCode::kUnsupported, name,
                    "a vmcore (" + std::string(ToString(kind)) + ") compressed with " +
                        out.compression + "; dumps are read at random, decompress it first: " +
                        DecompressCommand(raw_kind, name));
      }
      return Fail(ErrorCode::kUnsupported, name,
                  "a vmcore (" + std::string(ToString(kind)) + "), not a text log");
    default:
      return Fail(ErrorCode::kBadMagic, name, "not a kernel log: binary data" + inside);
  }
}

}  // namespace crashsift::input
