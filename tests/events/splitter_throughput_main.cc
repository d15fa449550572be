// Throughput of EventSplitter on ordinary log lines (not a ctest; run by hand):
//   splitter_throughput [GiB] corpus/logs/events/lab-*.console.log
// Takes the lines of the given logs that belong to no event, and feeds them
// again and again until GiB of text went through Add(); prints MB/s. The
// records are built once, so this measures the splitter alone. With ALL_LINES
// set in the environment, the event lines are fed too (report-dense input).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/events/event_splitter.h"
#include "tests/events/dmesg_text.h"

int main(int argc, char** argv) {
  using namespace crashsift;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s GiB log...\n", argv[0]);
    return 2;
  }
  double gib = std::atof(argv[1]);
  std::vector<kernel_log::LogRecord> ordinary;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto records = events::testing::RecordsFromDmesgText(ss.str());
    events::EventSplitter probe;
    for (const auto& r : records) probe.Add(r);
    auto result = probe.Finish();
    for (const auto& r : records) {
      bool in_event = false;
      for (const auto& e : result.events) {
        if (e.boot == r.boot && r.line >= e.first_line && r.line <= e.last_line) in_event = true;
      }
      if (!in_event || std::getenv("ALL_LINES") != nullptr) {
        ordinary.push_back(r);
        ordinary.back().boot = 0;
      }
    }
  }
  uint64_t bytes_per_pass = 0;
  for (const auto& r : ordinary) bytes_per_pass += r.text.size() + 16;  // + "[ 1.000000] " and '\n'
  uint64_t target = static_cast<uint64_t>(gib * (1ull << 30));
  events::EventSplitter splitter;
  uint64_t fed = 0;
  uint64_t records = 0;
  auto start = std::chrono::steady_clock::now();
  while (fed < target) {
    for (const auto& r : ordinary) splitter.Add(r);
    fed += bytes_per_pass;
    records += ordinary.size();
  }
  auto result = splitter.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%zu distinct ordinary lines, %.2f GiB of log text (%llu records) in %.2f s: %.0f MB/s, %zu "
      "events\n",
      ordinary.size(), fed / double(1ull << 30), static_cast<unsigned long long>(records), seconds,
      fed / seconds / 1e6, result.events.size());
  return 0;
}
