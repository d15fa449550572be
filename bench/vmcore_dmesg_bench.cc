// bench-deps: crashsift_vmcore
// Kernel log extraction from a vmcore: median wall time of ReadVmcoreLog +
// RenderDmesg over N runs in one process (file pages warm, as for a
// makedumpfile run right after another), and peak RSS.
//   vmcore_dmesg_bench [-n RUNS] VMCORE [PART...]
// Whole-process comparison with makedumpfile --dump-dmesg:
// bench/vmcore_dmesg_vs_makedumpfile.sh; figures in corpus/vmcores/README.md.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/vmcore/vmcore_log_reader.h"

int main(int argc, char** argv) {
  using namespace crashsift::vmcore;
  int runs = 20;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      paths.push_back(argv[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: vmcore_dmesg_bench [-n RUNS] VMCORE [PART...]\n");
    return 2;
  }
  std::vector<double> ms;
  size_t bytes = 0;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto log = ReadVmcoreLog(paths);
    if (!log) {
      std::fprintf(stderr, "%s\n", log.error().OneLine().c_str());
      return 1;
    }
    bytes = RenderDmesg(*log, DmesgStyle::kMakedumpfile).size();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%s: %zu bytes of dmesg; median %.2f ms, min %.2f ms over %d runs; peak RSS %ld KB\n",
              paths.front().c_str(), bytes, ms[ms.size() / 2], ms.front(), runs, usage.ru_maxrss);
  return 0;
}
