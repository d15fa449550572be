// From vmcore files to the kernel log, with no vmlinux: open the dump (any
// format, or a split set), find VMCOREINFO (note, kdump header, or recovered
// by scanning memory for the kernel's own "OSRELEASE=" page), translate
// addresses (x86_64, arm64), read the printk ring, and return records, facts and
// warnings. This is what `crashsift dmesg VMCORE` and `crashsift analyze
// VMCORE` call.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/core/result.h"
#include "analyzer/kernel_log/log_record.h"
#include "analyzer/vmcore/dump_bytes.h"
#include "analyzer/vmcore/elf_notes.h"
#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::vmcore {

struct VmcoreFacts {
  std::string format;             // "vmcore-elf", "vmcore-kdump-lzo", "vmcore-flattened-zlib", ...
  std::string osrelease;          // VMCOREINFO OSRELEASE ("6.1.0-56-amd64")
  std::string arch;               // "x86_64", "aarch64" (DetectKernelArch)
  std::string vmcoreinfo_source;  // "elf-note", "kdump-header", "memory-scan"
  uint32_t page_size = 0;         // the kernel's (VMCOREINFO PAGESIZE), else the dump's
  std::optional<int64_t> crash_time;  // Unix seconds: CRASHTIME, else the kdump header's timestamp
  std::vector<CpuRegisters> cpus;     // one per NT_PRSTATUS note
  std::optional<int> panic_cpu;       // from the log's "CPU: N PID: P" line after the panic/oops
  // The panic CPU's NT_PRSTATUS note: the note of index panic_cpu (the kernel
  // writes one per present CPU in CPU order, crash_prepare_elf64_headers();
  // QEMU one per vCPU), else the only note when there is one. In a kdump the
  // panic CPU's registers are those crash_setup_regs() saved in __crash_kexec.
  const CpuRegisters* PanicCpuRegisters() const;
  std::string ring_layout;  // "lockless" (5.10+) or "log_buf" (3.5-5.9)
};

struct VmcoreLog {
  VmcoreFacts facts;
  std::vector<PrintkRecord> printk;  // raw ring records, oldest first
  // One LogRecord per text line: a multi-line printk record gives several
  // records sharing its sequence number (`line`), time and level. Bytes that
  // are neither printable nor whitespace are escaped "\xNN" (as dmesg does).
  std::vector<kernel_log::LogRecord> records;
  std::vector<Warning> warnings;  // what was lost and why
};

// Reads the kernel log from one dump file, or every part of a
// makedumpfile --split set (any order). Errors: not_found/io (file), bad_magic
// (not a vmcore), truncated/corrupt (container unusable), unsupported (no
// VMCOREINFO found even by scanning, or no printk ring it describes).
// Anything less becomes a warning and a partial log.
// `max_memory`: the cap on memory sized by the dump's own headers (the
// kdump page bitmap; --max-memory), 0 for limits::kDefaultMaxMemoryBytes.
Result<VmcoreLog> ReadVmcoreLog(const std::vector<std::string>& paths, uint64_t max_memory = 0);

// The same over bytes already in memory (tests, fuzzers).
Result<VmcoreLog> ReadVmcoreLogFromBytes(std::vector<DumpBytes> dumps);

enum class DmesgStyle {
  kMakedumpfile,  // `makedumpfile --dump-dmesg` 1.7.2: continuation lines indented to the text
                  // column
  kRaw,           // `vmcore-dmesg` (kexec-tools): continuation lines start at column 0
};

// One LogRecord per text line of each ring record (see VmcoreLog::records).
std::vector<kernel_log::LogRecord> ToLogRecords(const std::vector<PrintkRecord>& printk);

// Renders the records exactly as the named tool prints them:
// "[%5llu.%06llu] text\n" per record.
std::string RenderDmesg(const VmcoreLog& log, DmesgStyle style);

}  // namespace crashsift::vmcore
