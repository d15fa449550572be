// A chunk stream that ends early, as if the input ended there, once its
// deadline has passed (--max-input-time): a decompression bomb or a huge log
// then gives a partial report instead of running for minutes. expired() says
// whether the end was the deadline's, so the report can be marked partial.
#pragma once

#include <chrono>
#include <memory>

#include "analyzer/core/line_reader.h"

namespace crashsift::input {

class DeadlineChunkSource : public ChunkSource {
 public:
  using Clock = std::chrono::steady_clock;
  // `deadline` == Clock::time_point::max(): never expires.
  DeadlineChunkSource(std::unique_ptr<ChunkSource> inner, Clock::time_point deadline)
      : inner_(std::move(inner)), deadline_(deadline) {}

  Result<std::span<const char>> NextChunk() override {
    if (expired_) return std::span<const char>();
    if (deadline_ != Clock::time_point::max() && Clock::now() >= deadline_) {
      expired_ = true;
      return std::span<const char>();
    }
    return inner_->NextChunk();
  }
  bool expired() const { return expired_; }

 private:
  std::unique_ptr<ChunkSource> inner_;
  Clock::time_point deadline_;
  bool expired_ = false;
};

}  // namespace crashsift::input
