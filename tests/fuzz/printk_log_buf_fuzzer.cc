// fuzz-deps: crashsift_vmcore
// The legacy printk ring (3.5 to 5.9, log_buf) on garbage memory: kernel
// memory is the input seen cyclically, under a 4.19-style VMCOREINFO layout
// (struct printk_log: ts_nsec 0, len 8, text_len 10, size 16). Wraps, length-0
// markers, loops and indexes outside the buffer must give bounded output.
// log_buf_len is taken modulo 256 KiB to keep each run fast (the 1 GiB cap
// itself is unit-tested; at 1 MiB one input took 1.2 s under ASan and a
// loaded machine turned that into -timeout=10 reports).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "analyzer/vmcore/printk_log_buf.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace {

constexpr uint64_t kLogBufLen = 0xffffffff81e00010;

const crashsift::vmcore::Vmcoreinfo& Info() {
  static const auto info = crashsift::vmcore::Vmcoreinfo::Parse(
      "OSRELEASE=4.19.0-27-amd64\nPAGESIZE=4096\nSYMBOL(log_buf)=ffffffff81e00000\n"
      "SYMBOL(log_buf_len)=ffffffff81e00010\nSYMBOL(log_first_idx)=ffffffff81e00020\n"
      "SYMBOL(log_next_idx)=ffffffff81e00030\nSIZE(printk_log)=16\n"
      "OFFSET(printk_log.ts_nsec)=0\nOFFSET(printk_log.len)=8\nOFFSET(printk_log.text_len)=10\n");
  return info;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  auto read = [&](uint64_t vaddr, std::span<std::byte> out) -> uint64_t {
    for (size_t i = 0; i < out.size(); ++i) out[i] = std::byte{data[(vaddr + i) % size]};
    if (vaddr == kLogBufLen && out.size() == 4) {
      uint32_t len = 0;
      std::memcpy(&len, out.data(), 4);
      len %= 1u << 18;
      std::memcpy(out.data(), &len, 4);
    }
    return 0;
  };
  auto result = crashsift::vmcore::ReadLogBuf(Info(), read);
  if (result) {
    for (const auto& r : result->records) {
      if (r.text.size() > (1u << 20)) __builtin_trap();
    }
  }
  return 0;
}
