// fuzz-deps: crashsift_matching
// The signature loader on arbitrary text: the TOML nesting guard, toml++
// (deep nesting once overflowed its stack), field validation, RE2 pattern
// compilation and the {{MACRO}} expansion; then every line as a version
// range. Nothing may crash or hang; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzer/matching/signature_loader.h"
#include "analyzer/matching/version_range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crashsift;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto signature = matching::ParseSignature(text, "signatures/fuzz/fuzz.toml", "fuzz");
  if (signature && signature->id.empty()) __builtin_trap();  // a loaded signature has an id
  std::string_view rest = text.substr(0, 4096);
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string error;
    (void)matching::ParseVersionRange(rest.substr(0, nl), error);
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return 0;
}
