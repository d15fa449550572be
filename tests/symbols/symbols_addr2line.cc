// `eu-addr2line -a -i -e FILE` as crashsift's DebugModule answers it, for
// bench/compare-addr2line.sh: reads "symbol+0xoffset" lines on stdin, prints
// for each the address in libdwfl's layout ("0x%016x"), then the chain,
// innermost first, one "file:line[:column]" line per level; a query it cannot
// answer prints "?? reason" instead of the chain (and no address when the
// symbol is unknown).
#include <cstdio>
#include <iostream>
#include <string>

#include "analyzer/symbols/debug_module.h"

int main(int argc, char** argv) {
  using crashsift::symbols::DebugModule;
  if (argc != 2) {
    std::fprintf(stderr, "usage: symbols_addr2line FILE < queries\n");
    return 2;
  }
  auto module = DebugModule::Open(argv[1]);
  if (!module) {
    std::fprintf(stderr, "%s\n", module.error().OneLine().c_str());
    return 1;
  }
  std::string query;
  while (std::getline(std::cin, query)) {
    size_t plus = query.find('+');
    if (plus == std::string::npos) continue;
    uint64_t offset = std::stoull(query.substr(plus + 1), nullptr, 16);
    std::string name = query.substr(0, plus);
    uint64_t address = 0;
    for (const auto& s : (*module)->symbols()) {
      if (s.name == name) {
        address = s.address + offset;
        break;
      }
    }
    auto chain = (*module)->Lookup(name, offset, std::nullopt);
    if (address != 0) std::printf("0x%016llx\n", static_cast<unsigned long long>(address));
    if (!chain) {
      std::printf("?? %s\n", chain.error().reason.c_str());
      continue;
    }
    for (const auto& at : *chain) {
      if (at.column != 0) {
        std::printf("%s:%u:%u\n", at.file.c_str(), at.line, at.column);
      } else {
        std::printf("%s:%u\n", at.file.c_str(), at.line);
      }
    }
  }
  return 0;
}
