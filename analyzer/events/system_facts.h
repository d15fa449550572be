// Facts about the system that produced a log: kernel and OpenZFS versions,
// architecture, taint, command line. Collected per boot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/version.h"

namespace crashsift::events {

struct TaintFlag {
  char letter = ' ';
  std::string meaning;  // "O: externally-built (out-of-tree) module was loaded"
};

// What a vmcore says of itself beside its log (pipeline/analyze.cc).
// A dump's registers of one CPU (its NT_PRSTATUS note). A namespace-level
// struct: clang cannot default-construct a nested one with default member
// initializers inside its enclosing class (std::optional<...>::emplace()).
struct DumpRegisters {
  int32_t pid = 0;
  bool arm64 = false;
  uint64_t ip = 0, sp = 0;                              // RIP/RSP, or PC/SP
  std::vector<std::pair<std::string, uint64_t>> named;  // every register, by its name
};

struct DumpFacts {
  std::string osrelease;          // VMCOREINFO OSRELEASE ("6.1.0-56-amd64")
  std::string arch;               // "x86_64", "aarch64"
  std::string vmcoreinfo_source;  // "elf-note", "kdump-header", "memory-scan"
  std::string ring_layout;        // "lockless" (5.10+) or "log_buf" (3.5-5.9)
  uint32_t page_size = 0;
  size_t cpus = 0;               // NT_PRSTATUS notes
  std::optional<int> panic_cpu;  // from the log's "CPU: N PID: P" line after the panic
  using Registers = DumpRegisters;
  // The panic CPU's registers (its NT_PRSTATUS note), when known.
  std::optional<Registers> panic_regs;
};

struct SystemFacts {
  uint32_t boot = 0;              // index of the boot inside the input
  std::string kernel_release;     // "6.12.25-amd64"
  std::optional<Version> kernel;  // parsed, comparable
  // The upstream kernel the distribution build is made from, when the log
  // says it ("Debian 6.1.192-2" for the ABI 6.1.0-56-amd64, Ubuntu's
  // "(Ubuntu 6.8.0-45.45-generic 6.8.12)"); else equal to `kernel`.
  // Compare kernel ranges against this one.
  std::optional<Version> kernel_upstream;
  std::string kernel_version_banner;  // the whole "Linux version ..." line
  std::string arch;                   // "x86_64", "aarch64", ...
  std::string distribution;           // "debian", "ubuntu", "rhel", "proxmox", ... hint
  std::string hardware;               // "QEMU Standard PC (Q35 + ICH9, 2009), BIOS ..."
  std::string command_line;
  std::string taint;                   // worst taint string seen ("G           OE")
  std::vector<TaintFlag> taint_flags;  // decoded
  bool tainted = false;

  std::string zfs_release;  // "2.3.1-1" as printed by "ZFS: Loaded module v..."
  std::optional<Version> zfs;
  std::string spl_release;
  std::optional<Version> spl;
  bool zfs_loaded = false;  // the zfs module appears in the log at all

  std::vector<std::string> modules;  // last "Modules linked in:" list
  // A module of a "Modules linked in:" list carries an out-of-tree (O) or
  // proprietary (P) flag ("nvidia(POE)"): the taint, when no Tainted: line
  // is in the paste.
  bool out_of_tree_module_listed = false;
  // Loop devices the boot names ("loop2: detected capacity change from 0 to
  // 2097152"): a loop device in use, whatever the report shows of it.
  std::vector<std::string> loop_devices;
  std::optional<double> crash_time;  // from a vmcore, Unix seconds
  std::optional<DumpFacts> dump;     // a vmcore's own facts
};

}  // namespace crashsift::events
