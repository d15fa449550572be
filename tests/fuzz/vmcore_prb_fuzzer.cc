// fuzz-deps: crashsift_vmcore
// The lockless printk ring reader on garbage memory: the input is kernel
// memory seen cyclically (byte at vaddr = input[vaddr % size]) under the
// real VMCOREINFO layout of Debian's 6.1 kernel. Corrupt head/tail ids,
// descriptors, lpos and text lengths must give bounded output.
#include <cstddef>
#include <cstdint>
#include <span>

#include "analyzer/vmcore/printk_ringbuffer.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace {

const crashsift::vmcore::Vmcoreinfo& Info() {
  static const auto info = crashsift::vmcore::Vmcoreinfo::Parse(
      "OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\nSYMBOL(prb)=ffffffffba8643e0\n"
      "SIZE(printk_ringbuffer)=88\nOFFSET(printk_ringbuffer.desc_ring)=0\n"
      "OFFSET(printk_ringbuffer.text_data_ring)=48\nOFFSET(prb_desc_ring.count_bits)=0\n"
      "OFFSET(prb_desc_ring.descs)=8\nOFFSET(prb_desc_ring.infos)=16\n"
      "OFFSET(prb_desc_ring.head_id)=24\nOFFSET(prb_desc_ring.tail_id)=32\nSIZE(prb_desc)=24\n"
      "OFFSET(prb_desc.state_var)=0\nOFFSET(prb_desc.text_blk_lpos)=8\n"
      "OFFSET(prb_data_blk_lpos.begin)=0\nOFFSET(prb_data_blk_lpos.next)=8\nSIZE(printk_info)=88\n"
      "OFFSET(printk_info.seq)=0\nOFFSET(printk_info.ts_nsec)=8\nOFFSET(printk_info.text_len)=16\n"
      "OFFSET(printk_info.caller_id)=20\nOFFSET(prb_data_ring.size_bits)=0\n"
      "OFFSET(prb_data_ring.data)=8\nOFFSET(atomic_long_t.counter)=0\n");
  return info;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  auto read = [&](uint64_t vaddr, std::span<std::byte> out) -> uint64_t {
    for (size_t i = 0; i < out.size(); ++i) out[i] = std::byte{data[(vaddr + i) % size]};
    return 0;
  };
  auto result = crashsift::vmcore::ReadLocklessRingbuffer(Info(), read, /*max_count_bits=*/14);
  if (result) {
    size_t total = 0;
    for (const auto& r : result->records) total += r.text.size();
    (void)total;
  }
  return 0;
}
