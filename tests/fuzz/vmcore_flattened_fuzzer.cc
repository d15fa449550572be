// fuzz-deps: crashsift_vmcore
// makedumpfile flattened streams (block index, reads across blocks) and the
// kdump-compressed file inside. Seeds: corpus/vmcores/*flat* prefixes.
#include "tests/fuzz/vmcore_container_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzVmcoreContainer(data, size, "makedumpfile\0\0\0\0", 16);
}
