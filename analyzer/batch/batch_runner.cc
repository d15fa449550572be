#include "analyzer/batch/batch_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace crashsift::batch {

void RunInOrder(size_t count, unsigned jobs, const Job& job, const Sink& sink) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(count, 1)));
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable room;
  std::map<size_t, std::string> pending;  // finished but not yet emitted
  size_t emitted = 0;
  // Bound the reorder buffer: a worker far ahead of the slowest input waits.
  const size_t window = static_cast<size_t>(jobs) * 64;

  auto worker = [&] {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= count) return;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return i < emitted + window; });
      }
      std::string result = job(i);
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

std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths, std::vector<std::string>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      if (ec && errors) errors->push_back(p + ": " + ec.message());
      for (; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

}  // namespace crashsift::batch
