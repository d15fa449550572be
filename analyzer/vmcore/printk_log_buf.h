// The variable-length printk records of Linux 3.5 to 5.9 (commit
// 7ff9554bb578 "printk: convert byte-buffer to variable-length record
// buffer"; replaced in 5.10 by the lockless ring): `log_buf` holds
// struct printk_log {u64 ts_nsec; u16 len; u16 text_len; u16 dict_len;
// u8 facility; u8 flags:5, level:3; ...} followed by text and dict, from
// log_first_idx to log_next_idx; a record with len 0 marks the wrap to
// offset 0. Read the way makedumpfile 1.7.2's dump_dmesg() does (log_from_ptr
// / log_next), from VMCOREINFO SYMBOL(log_buf|log_buf_len|log_first_idx|
// log_next_idx) and SIZE/OFFSET of printk_log (3.11+) or log (3.5-3.10).
#pragma once

#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::vmcore {

// True when VMCOREINFO describes the 3.5-5.9 layout.
bool HasLogBuf(const Vmcoreinfo& info);

// Records in buffer order; `seq` is the record's index in that order (the
// layout stores none). Errors: unsupported (a required entry is missing:
// named), corrupt (a buffer size beyond limits). A cycle or an index
// leaving the buffer stops the walk with a warning (partial log).
Result<PrintkReadResult> ReadLogBuf(const Vmcoreinfo& info, const VirtualReader& read);

}  // namespace crashsift::vmcore
