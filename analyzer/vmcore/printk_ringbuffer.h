// The lockless printk ring buffer of Linux 5.10 and later
// (kernel/printk/printk_ringbuffer.h, commit 896fbe20b4e2 "printk: use the
// lockless ringbuffer"), read the way makedumpfile 1.7.2's
// dump_lockless_dmesg() does so the text matches it byte for byte: every
// descriptor id from tail_id to head_id, skipping those not committed or
// finalized and data-less ones, text from the data ring (a block that wraps
// restarts at offset 0; the first 8 bytes are the block's id), text_len
// clipped to the block. Layout comes only from VMCOREINFO
// (SYMBOL(prb), SIZE/OFFSET of printk_ringbuffer, prb_desc_ring, prb_desc,
// prb_data_blk_lpos, printk_info, prb_data_ring, atomic_long_t).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/core/result.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace crashsift::vmcore {

struct PrintkRecord {
  uint64_t seq = 0;
  uint64_t ts_nsec = 0;
  int level = -1;
  int facility = -1;
  uint8_t flags = 0;        // LOG_NEWLINE 2, LOG_CONT 8
  uint32_t caller_id = 0;   // 0x80000000 | cpu, or a task id
  bool has_caller = false;  // OFFSET(printk_info.caller_id) present
  std::string text;         // raw bytes, may contain '\n'
};

// Kernel virtual memory as the ring reader needs it: fill `out`, return the
// number of bytes that were not in the dump (zero-filled).
using VirtualReader = std::function<uint64_t(uint64_t vaddr, std::span<std::byte> out)>;

struct PrintkReadResult {
  std::vector<PrintkRecord> records;
  std::vector<Warning> warnings;  // records lost and why
};

// True when VMCOREINFO describes the lockless ring (SYMBOL(prb)).
bool HasLocklessRingbuffer(const Vmcoreinfo& info);

// Errors: unsupported (a required VMCOREINFO entry is missing: the reason
// names it), corrupt (ring sizes beyond limits::kMaxPrintkBufferBytes, the
// prb structure itself not readable).
// `max_count_bits` lowers the descriptor-count cap (fuzzers use it to keep
// one input fast).
Result<PrintkReadResult> ReadLocklessRingbuffer(const Vmcoreinfo& info, const VirtualReader& read,
                                                uint32_t max_count_bits = 26);

}  // namespace crashsift::vmcore
