// fuzz-deps: crashsift_vmcore
// kdump-compressed dumps (header, sub-header, bitmaps, page descriptors,
// zlib/lzo/snappy/zstd pages). Seeds: headers of corpus/vmcores/*kdump*.
#include "tests/fuzz/vmcore_container_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzVmcoreContainer(data, size, "KDUMP   ", 8);
}
