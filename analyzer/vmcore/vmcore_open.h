// Opens one dump, or a makedumpfile --split set, by content: ELF64 core,
// kdump-compressed ("KDUMP   "), or flattened ("makedumpfile"). The result
// is a PhysicalMemory plus what the container says about the kernel:
// VMCOREINFO text, ELF notes, phys_base hints and warnings.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/vmcore/dump_bytes.h"
#include "analyzer/vmcore/elf_notes.h"
#include "analyzer/vmcore/physical_memory.h"

namespace crashsift::vmcore {

enum class DumpFormat { kElf, kKdumpCompressed, kFlattened, kUnknown };

struct OpenedDump {
  std::unique_ptr<PhysicalMemory> memory;
  std::string vmcoreinfo_text;        // "" when the container has none
  std::string vmcoreinfo_source;      // "elf-note", "kdump-header"
  std::vector<std::byte> note_bytes;  // owned copy of the note blob (kdump)
  std::vector<ElfNote> notes;         // views into the dump or note_bytes
  std::optional<uint64_t> phys_base;  // from a kdump sub-header / ELF text PT_LOAD
  std::string release_hint;           // kdump utsname.release
  std::string machine_hint;          // ELF e_machine ("x86_64", "aarch64") or kdump utsname.machine
  std::optional<int64_t> dump_time;  // kdump header timestamp
  std::vector<Warning> warnings;
  bool split_parts_missing = false;  // a --split set with a gap or a missing end
};

// Opens `dumps` (one file, or every part of a split set in any order).
// Errors: bad_magic (not a vmcore), usage (several files that are not the
// parts of one split set), and the container errors of each reader.
Result<OpenedDump> OpenDump(std::vector<DumpBytes> dumps);

}  // namespace crashsift::vmcore
