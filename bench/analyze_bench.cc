// bench-deps: crashsift_pipeline
// End-to-end throughput of `crashsift analyze` on a large raw dmesg file:
// writes SIZE_MB (default 1024) of realistic kernel log, made by repeating a
// real console log (lab: Debian 6.1 under QEMU, hung tasks + sysrq + panic)
// with increasing timestamps, then times pipeline::AnalyzeInput on it on one
// thread, with and without the signature library. Two inputs are made from
// the sample: "event-heavy" repeats all of it (a hung-task report every few
// hundred lines), "quiet" repeats only its boot noise (the messages before
// its first report), the common case of a healthy machine's log.
//
//   analyze_bench [SIZE_MB] [SAMPLE]     (prints MB/s; target: 1 GB in < 10 s)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"

namespace {

// CPU seconds of this process: wall time is meaningless on a loaded machine.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The messages before the sample's first report: a healthy boot's noise.
std::vector<std::string> QuietMessages(const std::vector<std::string>& messages) {
  static constexpr std::string_view kReportWords[] = {
      "INFO: task", "Call Trace", "BUG: ", "WARNING: ", "Oops: ", "Kernel panic"};
  std::vector<std::string> out;
  for (const auto& m : messages) {
    for (std::string_view word : kReportWords) {
      if (m.find(word) != std::string::npos) return out;
    }
    out.push_back(m);
  }
  return out;
}

// Writes about `size_mb` MiB of dmesg made of `messages` repeated, with
// increasing timestamps and one boot banner at the top.
void WriteLog(const std::filesystem::path& path, const std::vector<std::string>& messages,
              uint64_t size_mb) {
  std::ofstream out(path, std::ios::binary);
  std::string buf;
  uint64_t written = 0, usec = 0;
  char stamp[32];
  out << "[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP "
         "PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)\n";
  while (written < size_mb << 20) {
    for (const auto& m : messages) {
      usec += 37;
      std::snprintf(stamp, sizeof stamp, "[%5llu.%06llu] ",
                    static_cast<unsigned long long>(usec / 1000000),
                    static_cast<unsigned long long>(usec % 1000000));
      buf += stamp;
      buf += m;
      buf += '\n';
    }
    out << buf;
    written += buf.size();
    buf.clear();
  }
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::vector<std::string> SampleMessages(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() < 15 || line[0] != '[') continue;
    size_t close = line.find("] ");
    if (close == std::string::npos) continue;
    std::string msg = line.substr(close + 2);
    // One boot only: a banner in every copy would make thousands of boots.
    if (msg.rfind("Linux version", 0) == 0) continue;
    out.push_back(msg);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  const uint64_t size_mb = argc > 1 ? std::stoull(argv[1]) : 1024;
  const std::string sample = argc > 2 ? argv[2]
                                      : std::string(CRASHSIFT_SOURCE_SIGNATURES_DIR) +
                                            "/../corpus/logs/events/lab-hung.console.log";
  auto messages = SampleMessages(sample);
  if (messages.empty()) {
    std::fprintf(stderr, "analyze_bench: %s: no dmesg lines\n", sample.c_str());
    return 1;
  }
  auto path = std::filesystem::temp_directory_path() / "crashsift-analyze-bench.log";
  auto signatures = crashsift::pipeline::SignatureSource::Load(CRASHSIFT_SOURCE_SIGNATURES_DIR);
  const std::pair<const char*, std::vector<std::string>> inputs[] = {
      {"event-heavy", messages}, {"quiet", QuietMessages(messages)}};
  for (const auto& [input_name, input_messages] : inputs) {
    if (input_messages.empty()) continue;
    WriteLog(path, input_messages, size_mb);
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / (1 << 20);
    for (bool with_signatures : {false, true}) {
      crashsift::pipeline::AnalyzeOptions options;
      if (with_signatures && signatures) options.signatures = signatures->library();
      auto start = Clock::now();
      double cpu_start = CpuSeconds();
      auto report = crashsift::pipeline::AnalyzeInput(path.string(), options);
      double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      double cpu = CpuSeconds() - cpu_start;
      if (!report) {
        std::fprintf(stderr, "analyze_bench: %s\n", report.error().OneLine().c_str());
        return 1;
      }
      std::printf(
          "analyze %-11s %s: %.0f MB, %llu records, %zu events in %.2f s wall (%.0f MB/s), "
          "%.2f s CPU (%.0f MB/s, %.1f s/GB), peak RSS %ld MiB\n",
          input_name, with_signatures ? "with signatures   " : "without signatures", mb,
          static_cast<unsigned long long>(report->records), report->events.size(), seconds,
          mb / seconds, cpu, mb / cpu, cpu * 1024 / mb, PeakRssMiB());
    }
  }
  std::filesystem::remove(path);
  return 0;
}
