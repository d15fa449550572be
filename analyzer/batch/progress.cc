#include "analyzer/batch/progress.h"

#include <unistd.h>

#include <cstdio>

namespace crashsift::batch {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(200);

}  // namespace

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(size_t total_inputs, bool enabled)
    : enabled_(enabled),
      total_(total_inputs),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Done(uint64_t bytes, bool failed) {
  if (!enabled_) return;
  ++done_;
  bytes_ += bytes;
  failed_ += failed ? 1 : 0;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ >= kRedrawEvery || done_ == total_) {
    last_draw_ = now;
    Draw();
  }
}

void Progress::Draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  std::fprintf(stderr, "\r\033[K%zu/%zu inputs, %.1f MB, %.0f inputs/s, ETA %.0f s, %zu failed",
               done_, total_, static_cast<double>(bytes_) / 1e6, rate, eta, failed_);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace crashsift::batch
