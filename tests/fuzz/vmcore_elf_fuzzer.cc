// fuzz-deps: crashsift_vmcore
// ELF64 vmcores (libelf headers, PT_LOAD/PT_NOTE, notes, prstatus, then the
// log). Seeds: the first 64 KiB of corpus/vmcores/*.elf* (decompressed).
#include "tests/fuzz/vmcore_container_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzVmcoreContainer(data, size,
                             "\x7f"
                             "ELF\x02\x01",
                             6);
}
