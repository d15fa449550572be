// Runs one job per input on a pool of worker threads. Results are handed to
// the sink in input order (a bounded reorder buffer), so output is
// deterministic whatever the scheduling; one failing input never stops the
// others.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/core/error.h"

namespace crashsift::batch {

// Exceptions never cross a worker thread (that would be std::terminate and
// lose every result): an exception escaping job(i) (a bug, std::bad_alloc)
// is caught on its worker and failure(i, what) stands for that input's
// result, so one input fails and the others go on. An exception from sink,
// or from job when no `failure` is given, stops handing out inputs and is
// rethrown on the calling thread once every worker has joined.
using FailureMessage = std::string;

// Calls job(i) for i in [0, count) on `jobs` threads (0: one per CPU) and
// sink(i, result) in index order, one call at a time.
template <class Result>
void RunInOrder(size_t count, unsigned jobs, const std::function<Result(size_t)>& job,
                const std::function<void(size_t, Result)>& sink,
                const std::function<Result(size_t, const FailureMessage&)>& failure = nullptr) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(count, 1)));
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable room;
  std::map<size_t, Result> pending;  // finished but not yet emitted
  size_t emitted = 0;
  std::exception_ptr stopped;  // first exception that stops the run (guarded by mu)
  // A worker far ahead of the slowest input waits, bounding memory.
  const size_t window = static_cast<size_t>(jobs) * 64;

  auto stop = [&](std::exception_ptr e) {
    std::unique_lock lock(mu);
    if (!stopped) stopped = e;
    next.store(count);
    room.notify_all();
  };
  auto run_job = [&](size_t i) -> std::optional<Result> {
    try {
      return job(i);
    } catch (...) {
      if (!failure) {
        stop(std::current_exception());
        return std::nullopt;
      }
      std::string what = "unknown exception";
      try {
        throw;
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      return failure(i, what);
    }
  };
  auto worker = [&] {
    try {
      for (;;) {
        size_t i = next.fetch_add(1);
        if (i >= count) return;
        {
          std::unique_lock lock(mu);
          room.wait(lock, [&] { return i < emitted + window || stopped; });
          if (stopped) return;
        }
        std::optional<Result> result = run_job(i);
        if (!result) return;
        std::unique_lock lock(mu);
        if (stopped) return;
        pending.emplace(i, std::move(*result));
        // Whoever completes the next-in-order result emits the contiguous run.
        while (!pending.empty() && pending.begin()->first == emitted) {
          auto node = pending.extract(pending.begin());
          sink(node.key(), std::move(node.mapped()));
          ++emitted;
        }
        room.notify_all();
      }
    } catch (...) {
      // sink threw while `mu` was held by the unique_lock now unwound.
      stop(std::current_exception());
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (stopped) std::rethrow_exception(stopped);
}

// Expands directories (recursively, sorted, regular files only, symbolic
// links followed; inside a sosreport or supportconfig tree only its kernel
// logs and journals, see sosreport.h); files and "-" are kept as given.
// Nothing is skipped silently: an unreadable directory, a dangling symbolic
// link and a link that loops back to a directory above it are each an Error
// in `errors` (io, naming the path), which the caller records like a failed
// input.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths,
                                      std::vector<Error>* errors);

}  // namespace crashsift::batch
