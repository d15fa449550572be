// Conformance driver: runs the ReportScanner over console logs exported by
// ../shared/conformance/syzkaller-linux/score.py --export-logs DIR and
// prints one JSON line per log {"file","title","corrupted","type"} for
// score.py.
//
//   titles_conformance [--reader=test|crashsift] LOGDIR > predictions.jsonl
//
// --reader=test (default) splits console prefixes the way syzbot does;
// --reader=crashsift uses analyzer/kernel_log's TextLogReader, as the CLI
// does.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "analyzer/titles/report_scanner.h"
#include "tests/titles/console_log_reader.h"

namespace {

// Feeds `bytes` through crashsift's own reader; false when it refuses them.
bool ScanWithReader(const std::string& bytes, const std::string& name,
                    crashsift::titles::ReportScanner& scanner) {
  auto reader = crashsift::kernel_log::TextLogReader::Open(
      crashsift::input::InputSource::FromBytes(bytes, name));
  if (!reader) return false;
  // TITLES_DUMP_RECORDS=1: the records the reader made, on stderr.
  static const bool dump = std::getenv("TITLES_DUMP_RECORDS") != nullptr;
  crashsift::kernel_log::LogRecord record;
  while (true) {
    auto more = reader->Next(record);
    if (!more || !*more) break;
    if (dump) {
      std::cerr << record.line << " [" << record.caller << "] b" << record.boot << " |"
                << record.text << "\n";
    }
    scanner.Add(record);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool real_reader = false;
  if (argc == 3 && std::string(argv[1]) == "--reader=crashsift") {
    real_reader = true;
    argv[1] = argv[2];
    argc = 2;
  } else if (argc == 3 && std::string(argv[1]) == "--reader=test") {
    argv[1] = argv[2];
    argc = 2;
  }
  if (argc != 2) {
    std::cerr << "usage: titles_conformance [--reader=test|crashsift] LOGDIR\n";
    return 2;
  }
  std::vector<std::filesystem::path> logs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec)) {
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  }
  if (ec) {
    std::cerr << "titles_conformance: " << argv[1] << ": " << ec.message() << "\n";
    return 2;
  }
  std::sort(logs.begin(), logs.end());
  bool verbose = std::getenv("TITLES_VERBOSE") != nullptr;
  for (const auto& path : logs) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string bytes = buffer.str();
    crashsift::titles::ReportScanner scanner;
    if (!real_reader || !ScanWithReader(bytes, path.string(), scanner)) {
      for (const auto& record : crashsift::titles::testing::ReadConsoleLog(bytes)) {
        scanner.Add(record);
      }
    }
    auto reports = scanner.Finish();
    nlohmann::json line;
    line["file"] = path.stem().string();
    if (reports.empty()) {
      line["title"] = nullptr;
      line["corrupted"] = false;
    } else {
      line["title"] = reports[0].title;
      line["corrupted"] = reports[0].corrupted;
      line["type"] = reports[0].type;
      if (verbose) {
        line["reason"] = reports[0].corrupted_reason;
        line["first_line"] = reports[0].first_line;
      }
    }
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
