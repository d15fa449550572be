// Dev tool (not installed): prints a vmcore's kernel log as
// `makedumpfile --dump-dmesg` (default) or `vmcore-dmesg` (--raw) would, plus
// facts and warnings on stderr, to compare output byte for byte during
// development and for the benchmark.
//   vmcore_dmesg_tool [--raw] [-q] [--peak-rss] VMCORE [PART...]
//   vmcore_dmesg_tool --peak-rss-of PROGRAM ARGS...   (runs PROGRAM, prints
//       its "VmHWM:" peak RSS: a child forked from this small process has an
//       honest ru_maxrss, unlike one spawned by a big test process, whose
//       high-water mark exec inherits)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/vmcore/vmcore_log_reader.h"

namespace {

int PeakRssOf(char** argv) {
  pid_t pid = ::fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    ::execv(argv[0], argv);
    std::_Exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) return 1;
  std::fprintf(stderr, "VmHWM:\t%ld kB\n", usage.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crashsift::vmcore;
  if (argc > 2 && std::strcmp(argv[1], "--peak-rss-of") == 0) return PeakRssOf(argv + 2);
  DmesgStyle style = DmesgStyle::kMakedumpfile;
  bool quiet = false;
  bool peak_rss = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--raw") == 0) {
      style = DmesgStyle::kRaw;
    } else if (std::strcmp(argv[i], "--peak-rss") == 0) {
      peak_rss = true;
    } else if (std::strcmp(argv[i], "-q") == 0) {
      quiet = true;
    } else {
      paths.push_back(argv[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: vmcore_dmesg_tool [--raw] [-q] [--peak-rss] VMCORE [PART...]\n");
    return 2;
  }
  auto log = ReadVmcoreLog(paths);
  if (!log) {
    std::fprintf(stderr, "vmcore_dmesg_tool: %s\n", log.error().OneLine().c_str());
    return 1;
  }
  std::string text = RenderDmesg(*log, style);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!quiet) {
    const auto& f = log->facts;
    std::fprintf(stderr,
                 "format=%s osrelease=%s vmcoreinfo=%s page_size=%u records=%zu lines=%zu cpus=%zu",
                 f.format.c_str(), f.osrelease.c_str(), f.vmcoreinfo_source.c_str(), f.page_size,
                 log->printk.size(), log->records.size(), f.cpus.size());
    if (f.crash_time)
      std::fprintf(stderr, " crash_time=%lld", static_cast<long long>(*f.crash_time));
    if (f.panic_cpu) std::fprintf(stderr, " panic_cpu=%d", *f.panic_cpu);
    std::fprintf(stderr, "\n");
    for (const auto& c : f.cpus) {
      std::fprintf(stderr, "cpu%d pid=%d rip=%016llx rsp=%016llx\n", c.cpu, c.pid,
                   static_cast<unsigned long long>(c.rip), static_cast<unsigned long long>(c.rsp));
    }
    for (const auto& w : log->warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());
  }
  if (peak_rss) {
    // VmHWM of this process image only (getrusage's ru_maxrss would include
    // the parent's peak when spawned with vfork).
    FILE* status = std::fopen("/proc/self/status", "r");
    char line[256];
    while (status && std::fgets(line, sizeof line, status)) {
      if (std::strncmp(line, "VmHWM:", 6) == 0) std::fprintf(stderr, "%s", line);
    }
    if (status) std::fclose(status);
  }
  return 0;
}
