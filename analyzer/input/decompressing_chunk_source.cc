#include "analyzer/input/decompressing_chunk_source.h"

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <vector>

namespace crashsift::input {
namespace {

constexpr size_t kOutputChunk = 1 << 20;

// The shared loop: pull compressed input as needed, push it through a codec
// step until some output appears, enforce the output cap.
class DecompressorBase : public ChunkSource {
 public:
  DecompressorBase(std::unique_ptr<ChunkSource> inner, std::string name, std::string codec,
                   uint64_t cap)
      : out_(kOutputChunk),
        inner_(std::move(inner)),
        name_(std::move(name)),
        codec_(std::move(codec)),
        cap_(cap) {}

  Result<std::span<const char>> NextChunk() final {
    if (finished_) return std::span<const char>();
    for (;;) {
      if (in_.empty() && !inner_eof_) {
        auto next = inner_->NextChunk();
        if (!next) return Fail(next.error());
        in_ = *next;
        if (in_.empty()) inner_eof_ = true;
      }
      size_t consumed = 0, produced = 0;
      StepResult step = Step(in_, consumed, produced);
      in_ = in_.subspan(consumed);
      total_ += produced;
      if (total_ > cap_) {
        return Fail(ErrorCode::kLimitExceeded, name_,
                    codec_ + " data expands beyond " + std::to_string(cap_ >> 20) +
                        " MiB (decompression bomb?)");
      }
      if (step == StepResult::kError) {
        return Fail(ErrorCode::kCorrupt, name_, codec_ + " data is corrupt: " + error_);
      }
      if (step == StepResult::kStreamEnd) {
        // Another member/frame may follow (gzip -c a b, zstd of several files).
        if (in_.empty() && !inner_eof_) {
          auto next = inner_->NextChunk();
          if (!next) return Fail(next.error());
          in_ = *next;
          if (in_.empty()) inner_eof_ = true;
        }
        if (in_.empty() || !StartsNextMember(in_[0])) {
          // Padding after the last member (tape blocks, zero-filled
          // preallocation) ends the data, as `gzip -d` treats it.
          finished_ = true;
        } else {
          Restart();
        }
      }
      if (produced > 0) return std::span<const char>(out_.data(), produced);
      if (finished_) return std::span<const char>();
      if (in_.empty() && inner_eof_ && step != StepResult::kStreamEnd) {
        return Fail(ErrorCode::kTruncated, name_, codec_ + " data ends early");
      }
    }
  }

 protected:
  enum class StepResult { kOk, kStreamEnd, kError };
  // Decompresses from `in` into out_ (up to out_.size()).
  virtual StepResult Step(std::span<const char> in, size_t& consumed, size_t& produced) = 0;
  // Resets the codec for a following member/frame.
  virtual void Restart() = 0;
  // Whether a byte after a finished member can start another one.
  virtual bool StartsNextMember(char first) const = 0;

  std::vector<char> out_;
  std::string error_;

 private:
  std::unique_ptr<ChunkSource> inner_;
  std::string name_;
  std::string codec_;
  uint64_t cap_;
  std::span<const char> in_;
  bool inner_eof_ = false;
  bool finished_ = false;
  uint64_t total_ = 0;
};

class GzipSource : public DecompressorBase {
 public:
  GzipSource(std::unique_ptr<ChunkSource> inner, std::string name, uint64_t cap)
      : DecompressorBase(std::move(inner), std::move(name), "gzip", cap) {
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;  // 16: expect a gzip header
  }
  ~GzipSource() override { inflateEnd(&z_); }

 protected:
  StepResult Step(std::span<const char> in, size_t& consumed, size_t& produced) override {
    if (!ok_) {
      error_ = "cannot initialise zlib";
      return StepResult::kError;
    }
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size() > (1u << 30) ? (1u << 30) : in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out_.data());
    z_.avail_out = static_cast<uInt>(out_.size());
    uInt before_in = z_.avail_in;
    int rc = inflate(&z_, Z_NO_FLUSH);
    consumed = before_in - z_.avail_in;
    produced = out_.size() - z_.avail_out;
    if (rc == Z_STREAM_END) return StepResult::kStreamEnd;
    if (rc == Z_OK || (rc == Z_BUF_ERROR && (consumed > 0 || produced > 0 || in.empty()))) {
      return StepResult::kOk;
    }
    error_ = z_.msg ? z_.msg : "inflate error " + std::to_string(rc);
    return StepResult::kError;
  }
  void Restart() override { inflateReset(&z_); }
  bool StartsNextMember(char first) const override { return first == '\x1f'; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

class XzSource : public DecompressorBase {
 public:
  XzSource(std::unique_ptr<ChunkSource> inner, std::string name, uint64_t cap)
      : DecompressorBase(std::move(inner), std::move(name), "xz", cap) {
    ok_ = lzma_stream_decoder(&s_, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
  }
  ~XzSource() override { lzma_end(&s_); }

 protected:
  StepResult Step(std::span<const char> in, size_t& consumed, size_t& produced) override {
    if (!ok_) {
      error_ = "cannot initialise liblzma";
      return StepResult::kError;
    }
    s_.next_in = reinterpret_cast<const uint8_t*>(in.data());
    s_.avail_in = in.size();
    s_.next_out = reinterpret_cast<uint8_t*>(out_.data());
    s_.avail_out = out_.size();
    // LZMA_CONCATENATED needs LZMA_FINISH to know the input has ended.
    lzma_ret rc = lzma_code(&s_, in.empty() ? LZMA_FINISH : LZMA_RUN);
    consumed = in.size() - s_.avail_in;
    produced = out_.size() - s_.avail_out;
    if (rc == LZMA_STREAM_END) return StepResult::kStreamEnd;
    // LZMA_BUF_ERROR: no progress possible; at end of input the caller
    // reports that as truncation.
    if (rc == LZMA_OK || rc == LZMA_BUF_ERROR) return StepResult::kOk;
    error_ = rc == LZMA_FORMAT_ERROR ? "not xz"
             : rc == LZMA_DATA_ERROR ? "bad data"
             : rc == LZMA_MEM_ERROR  ? "out of memory"
                                     : "lzma error " + std::to_string(rc);
    return StepResult::kError;
  }
  void Restart() override {}  // LZMA_CONCATENATED handles following streams itself
  bool StartsNextMember(char) const override { return true; }

 private:
  lzma_stream s_ = LZMA_STREAM_INIT;
  bool ok_ = false;
};

class ZstdSource : public DecompressorBase {
 public:
  ZstdSource(std::unique_ptr<ChunkSource> inner, std::string name, uint64_t cap)
      : DecompressorBase(std::move(inner), std::move(name), "zstd", cap),
        stream_(ZSTD_createDStream()) {
    if (stream_) {
      ZSTD_initDStream(stream_);
      // Refuse frames that need a window above 128 MiB (zstd --long=27).
      ZSTD_DCtx_setParameter(stream_, ZSTD_d_windowLogMax, 27);
    }
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

 protected:
  StepResult Step(std::span<const char> in, size_t& consumed, size_t& produced) override {
    if (!stream_) {
      error_ = "cannot initialise libzstd";
      return StepResult::kError;
    }
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    size_t rc = ZSTD_decompressStream(stream_, &output, &input);
    consumed = input.pos;
    produced = output.pos;
    if (ZSTD_isError(rc)) {
      error_ = ZSTD_getErrorName(rc);
      return StepResult::kError;
    }
    if (rc == 0) return StepResult::kStreamEnd;  // a frame is complete
    return StepResult::kOk;
  }
  void Restart() override {}  // the next frame starts on the same stream
  // A zstd frame (28 b5 2f fd) or a skippable frame (5? 2a 4d 18).
  bool StartsNextMember(char first) const override {
    auto b = static_cast<unsigned char>(first);
    return b == 0x28 || (b & 0xf0) == 0x50;
  }

 private:
  ZSTD_DStream* stream_;
};

}  // namespace

Result<std::unique_ptr<ChunkSource>> MakeDecompressor(InputKind kind,
                                                      std::unique_ptr<ChunkSource> compressed,
                                                      std::string name, uint64_t max_output_bytes) {
  switch (kind) {
    case InputKind::kGzip:
      return std::unique_ptr<ChunkSource>(
          std::make_unique<GzipSource>(std::move(compressed), std::move(name), max_output_bytes));
    case InputKind::kXz:
      return std::unique_ptr<ChunkSource>(
          std::make_unique<XzSource>(std::move(compressed), std::move(name), max_output_bytes));
    case InputKind::kZstd:
      return std::unique_ptr<ChunkSource>(
          std::make_unique<ZstdSource>(std::move(compressed), std::move(name), max_output_bytes));
    default:
      return Fail(ErrorCode::kUsage, std::move(name), "not a compressed input");
  }
}

}  // namespace crashsift::input
