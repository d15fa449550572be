// bench-deps: crashsift_kernel_log
// Throughput of TextLogReader on ~1 GB of raw dmesg: the real sample
// corpus/logs/formats/dmesg.log repeated with increasing time stamps into a
// 64 MiB buffer, served 16 times through a ChunkSource (no temp file, so the
// figure is the parser's, not the disk's). Prints MB/s and records/s.
//
// usage: text_log_reader_bench [dmesg-sample] [total-MiB]
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/kernel_log/text_log_reader.h"

namespace {

using crashsift::ChunkSource;
using crashsift::Result;

class RepeatingSource : public ChunkSource {
 public:
  RepeatingSource(const std::string& block, int repeats) : block_(block), left_(repeats) {}
  Result<std::span<const char>> NextChunk() override {
    if (left_-- <= 0) return std::span<const char>();
    return std::span<const char>(block_.data(), block_.size());
  }

 private:
  const std::string& block_;
  int left_;
};

// Message texts of the sample (everything after "] ").
std::vector<std::string> Messages(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    size_t close = line.find("] ");
    if (line.size() > 0 && line[0] == '[' && close != std::string::npos) {
      out.push_back(line.substr(close + 2));
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string sample = argc > 1 ? argv[1]
                                : (std::filesystem::path(__FILE__).parent_path().parent_path() /
                                   "corpus/logs/formats/dmesg.log")
                                      .string();
  int total_mib = argc > 2 ? std::atoi(argv[2]) : 1024;
  auto messages = Messages(sample);
  if (messages.empty()) {
    std::fprintf(stderr, "%s: no dmesg lines\n", sample.c_str());
    return 1;
  }
  constexpr size_t kBlock = 64u << 20;
  std::string block;
  block.reserve(kBlock + 4096);
  uint64_t usec = 0;
  for (size_t i = 0; block.size() < kBlock; ++i) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%5" PRIu64 ".%06" PRIu64 "] ", usec / 1000000,
                  usec % 1000000);
    block += stamp;
    block += messages[i % messages.size()];
    block += '\n';
    usec += 137;
  }
  int repeats =
      std::max(1, static_cast<int>((static_cast<uint64_t>(total_mib) << 20) / block.size()));
  uint64_t bytes = static_cast<uint64_t>(block.size()) * repeats;

  auto start = std::chrono::steady_clock::now();
  auto reader = crashsift::kernel_log::TextLogReader::FromChunks(
      std::make_unique<RepeatingSource>(block, repeats), "bench");
  if (!reader) {
    std::fprintf(stderr, "%s\n", reader.error().OneLine().c_str());
    return 1;
  }
  crashsift::kernel_log::LogRecord record;
  uint64_t records = 0, text_bytes = 0;
  for (;;) {
    auto more = reader->Next(record);
    if (!more) {
      std::fprintf(stderr, "%s\n", more.error().OneLine().c_str());
      return 1;
    }
    if (!*more) break;
    ++records;
    text_bytes += record.text.size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("format=%s input=%.1f MB records=%" PRIu64 " (text %" PRIu64 " bytes) time=%.2f s\n",
              std::string(reader->format()).c_str(), bytes / 1e6, records, text_bytes, seconds);
  std::printf("throughput: %.0f MB/s, %.1f M records/s\n", bytes / 1e6 / seconds,
              records / 1e6 / seconds);
  return 0;
}
