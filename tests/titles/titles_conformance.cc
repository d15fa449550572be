// Conformance driver: runs the ReportScanner over console logs exported by
// ../shared/conformance/syzkaller-linux/score.py --export-logs DIR and
// prints one JSON line per log {"file","title","corrupted","type"} for
// score.py.
//
//   titles_conformance LOGDIR > predictions.jsonl
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/titles/report_scanner.h"
#include "tests/titles/console_log_reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: titles_conformance LOGDIR\n";
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
    for (const auto& record : crashsift::titles::testing::ReadConsoleLog(bytes))
      scanner.Add(record);
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
