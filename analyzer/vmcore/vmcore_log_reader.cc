#include "analyzer/vmcore/vmcore_log_reader.h"

#include <string_view>

#include "analyzer/kernel_log/report_markers.h"
#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/printk_log_buf.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"

namespace crashsift::vmcore {
namespace {

// The panicking CPU as the log names it: the "CPU: N PID: P Comm: ..." line
// printed by dump_stack() after the last report line of a kPanicCpu marker
// (report_markers.h: a panic, an oops, a BUG).
std::optional<int> FindPanicCpu(const std::vector<kernel_log::LogRecord>& records) {
  bool after_panic = false;
  std::optional<int> cpu;
  for (const auto& r : records) {
    std::string_view text = r.text;
    if (kernel_log::MatchLineStart(text, kernel_log::kPanicCpu)) {
      after_panic = true;
      continue;
    }
    if (after_panic && text.starts_with("CPU: ")) {
      size_t end = text.find(' ', 5);
      if (auto n = ParseDecimal(text.substr(5, end == std::string_view::npos ? end : end - 5))) {
        cpu = static_cast<int>(*n);
      }
      after_panic = false;
    }
  }
  return cpu;
}

Error WithPath(Error error, const std::string& path) {
  if (error.path.empty()) error.path = path;
  return error;
}

// Says why memory was unreadable when a damaged page is the cause (a
// truncated file: "... (data of pfn 0x1a2b is past the end)").
Error WithCause(Error error, const PageCache& cache, bool split_parts_missing) {
  if (const auto& cause = cache.first_error()) error.reason += " (" + cause->reason + ")";
  // The usual reason when one part of a --split set is given alone.
  if (split_parts_missing) {
    error.reason += "; parts of this makedumpfile --split set are missing: give them all together";
  }
  return error;
}

// Reads the log from the bytes, without the shrink check.
Result<VmcoreLog> ReadDumps(std::vector<DumpBytes> dumps);

}  // namespace

const CpuRegisters* VmcoreFacts::PanicCpuRegisters() const {
  if (panic_cpu) {
    for (const CpuRegisters& regs : cpus) {
      if (regs.cpu == *panic_cpu) return &regs;
    }
    return nullptr;
  }
  return cpus.size() == 1 ? &cpus.front() : nullptr;
}

Result<VmcoreLog> ReadVmcoreLog(const std::vector<std::string>& paths, uint64_t max_memory) {
  std::vector<DumpBytes> dumps;
  for (const std::string& path : paths) {
    auto mapped = MappedFile::Open(path);
    if (!mapped) return tl::unexpected(mapped.error());
    mapped->AdviseRandom();
    dumps.push_back(DumpBytes::FromMapping(std::move(*mapped)));
    if (max_memory != 0) dumps.back().max_memory = max_memory;
  }
  return ReadVmcoreLogFromBytes(std::move(dumps));
}

Result<VmcoreLog> ReadVmcoreLogFromBytes(std::vector<DumpBytes> dumps) {
  std::vector<std::shared_ptr<const MappedFile>> files;
  for (const DumpBytes& dump : dumps) {
    if (dump.file) files.push_back(dump.file);
  }
  auto log = ReadDumps(std::move(dumps));
  // A dump cut while it was read (still being copied) read zeros past its
  // new end (core/mapping_guard.h): nothing read from it can be trusted.
  for (const auto& file : files) {
    if (file->Shrunk())
      return Fail(ErrorCode::kTruncated, file->path(),
                  "the file shrank while it was read (still being written or copied?)");
  }
  return log;
}

namespace {

Result<VmcoreLog> ReadDumps(std::vector<DumpBytes> dumps) {
  const std::string path = dumps.empty() ? std::string() : dumps.front().path;
  auto opened = OpenDump(std::move(dumps));
  if (!opened) return tl::unexpected(opened.error());
  VmcoreLog log;
  log.warnings = std::move(opened->warnings);
  PhysicalMemory& memory = *opened->memory;
  log.facts.format = memory.format_name();
  log.facts.page_size = memory.page_size();
  log.facts.vmcoreinfo_source = opened->vmcoreinfo_source;

  Vmcoreinfo info = Vmcoreinfo::Parse(opened->vmcoreinfo_text);
  if (info.osrelease().empty()) {
    if (auto found = ScanForVmcoreinfo(memory)) {
      info = Vmcoreinfo::Parse(found->text);
      log.facts.vmcoreinfo_source = "memory-scan";
      log.warnings.push_back({path, std::nullopt,
                              "the dump has no VMCOREINFO; recovered it by scanning memory for the "
                              "kernel's OSRELEASE= page"});
    } else {
      return Fail(
          ErrorCode::kUnsupported, path,
          "no VMCOREINFO in the dump and none found in its memory: cannot locate the kernel log "
          "without a vmlinux");
    }
  }
  log.facts.osrelease = info.osrelease();
  if (auto ps = info.page_size(); ps && *ps <= UINT32_MAX) log.facts.page_size = *ps;
  // QEMU's kdump output for arm uses 64 KiB blocks whatever the guest's
  // page size (ArchDumpInfo.page_size is "the maximum" when it varies,
  // include/sysemu/dump-arch.h): only a size that is no multiple is odd.
  if (auto ps = info.page_size(); ps && memory.page_size() % *ps != 0) {
    log.warnings.push_back({path, std::nullopt,
                            "VMCOREINFO PAGESIZE=" + std::to_string(*ps) +
                                " differs from the dump's page size " +
                                std::to_string(memory.page_size())});
  }
  if (auto t = info.crash_time()) {
    log.facts.crash_time = *t;
  } else if (opened->dump_time) {
    log.facts.crash_time = *opened->dump_time;
  }
  const KernelArch arch = DetectKernelArch(info, opened->machine_hint);
  log.facts.arch = std::string(ArchName(arch));
  int cpu = 0;
  for (const ElfNote& note : opened->notes) {
    if (note.name == "CORE" && note.type == kNtPrstatus) {
      auto regs = arch == KernelArch::kArm64 ? ParseArm64Prstatus(note.desc, cpu)
                                             : ParseX86_64Prstatus(note.desc, cpu);
      if (regs) log.facts.cpus.push_back(*regs);
      ++cpu;
    }
  }

  PageCache cache(memory);
  auto space = OpenKernelAddressSpace(arch, cache, info, opened->phys_base);
  if (!space)
    return Fail(WithCause(WithPath(space.error(), path), cache, opened->split_parts_missing));
  const VirtualReader& read = *space;
  Result<PrintkReadResult> ring = Fail(ErrorCode::kUnsupported, path, "");
  if (HasLocklessRingbuffer(info)) {
    log.facts.ring_layout = "lockless";
    ring = ReadLocklessRingbuffer(info, read);
  } else if (HasLogBuf(info)) {
    log.facts.ring_layout = "log_buf";
    ring = ReadLogBuf(info, read);
  } else {
    return Fail(ErrorCode::kUnsupported, path,
                "VMCOREINFO has neither SYMBOL(prb) (5.10+) nor SYMBOL(log_buf) with log_first_idx "
                "(3.5-5.9): no printk buffer to read");
  }
  if (!ring)
    return Fail(WithCause(WithPath(ring.error(), path), cache, opened->split_parts_missing));
  log.printk = std::move(ring->records);
  for (Warning& w : ring->warnings) {
    w.path = path;
    log.warnings.push_back(std::move(w));
  }
  if (const auto& error = cache.first_error()) {
    log.warnings.push_back(
        {path, error->offset_or_line, "some pages could not be read: " + error->reason});
  }
  log.records = ToLogRecords(log.printk);
  log.facts.panic_cpu = FindPanicCpu(log.records);
  return log;
}

}  // namespace

}  // namespace crashsift::vmcore
