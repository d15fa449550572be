// Runs one job per input on a pool of worker threads. Results are handed to
// the sink in input order (a bounded reorder buffer), so output is
// deterministic whatever the scheduling; one failing input never stops the
// others.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crashsift::batch {

// Calls job(i) for i in [0, count) on `jobs` threads (0: one per CPU) and
// sink(i, result) in index order, one call at a time. job must not throw.
template <class Result>
void RunInOrder(size_t count, unsigned jobs, const std::function<Result(size_t)>& job,
                const std::function<void(size_t, Result)>& sink) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(count, 1)));
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable room;
  std::map<size_t, Result> pending;  // finished but not yet emitted
  size_t emitted = 0;
  // A worker far ahead of the slowest input waits, bounding memory.
  const size_t window = static_cast<size_t>(jobs) * 64;

  auto worker = [&] {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= count) return;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return i < emitted + window; });
      }
      Result result = job(i);
      std::unique_lock lock(mu);
      pending.emplace(i, std::move(result));
      // Whoever completes the next-in-order result emits the contiguous run.
      while (!pending.empty() && pending.begin()->first == emitted) {
        auto node = pending.extract(pending.begin());
        sink(node.key(), std::move(node.mapped()));
        ++emitted;
      }
      room.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

// Expands directories (recursively, sorted, regular files only; inside a
// sosreport or supportconfig tree only its kernel logs and journals, see
// sosreport.h); files and "-" are kept as given. Unreadable directories are
// reported in `errors`.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths,
                                      std::vector<std::string>* errors);

}  // namespace crashsift::batch
