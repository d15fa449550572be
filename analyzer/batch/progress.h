// Progress of a batch run on standard error, only when it is a terminal:
// inputs done of all, bytes, rate, ETA and failures so far, redrawn in place
// at most five times a second, and cleared at the end so the totals printed
// after it stay on screen. Silent when stderr is not a terminal or with
// --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace crashsift::batch {

class Progress {
 public:
  // `enabled` false: every call does nothing.
  Progress(size_t total_inputs, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // One input finished (called in input order, from one thread at a time).
  void Done(uint64_t bytes, bool failed);
  // Clears the line.
  void Finish();

 private:
  void Draw();

  bool enabled_;
  size_t total_;
  size_t done_ = 0;
  size_t failed_ = 0;
  uint64_t bytes_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// True when standard error is a terminal.
bool StderrIsTerminal();

}  // namespace crashsift::batch
