#include "analyzer/vmcore/vmcore_open.h"

#include <algorithm>

#include "analyzer/input/input_kind.h"
#include "analyzer/vmcore/elf_vmcore.h"
#include "analyzer/vmcore/flattened_kdump.h"
#include "analyzer/vmcore/kdump_compressed.h"
#include "analyzer/vmcore/split_kdump_set.h"
#include "analyzer/vmcore/x86_64_page_tables.h"

namespace crashsift::vmcore {
namespace {

Result<std::unique_ptr<KdumpCompressed>> OpenKdump(DumpBytes dump, DumpFormat format) {
  if (format == DumpFormat::kFlattened) {
    const uint64_t max_memory = dump.max_memory;
    auto flat = FlattenedByteSource::Open(std::move(dump));
    if (!flat) return tl::unexpected(flat.error());
    bool truncated = (*flat)->truncated();
    std::string path = (*flat)->path();
    auto kdump = KdumpCompressed::Open(std::move(*flat), /*flattened=*/true, max_memory);
    if (kdump && truncated) {
      (*kdump)->AddWarning(
          {path, std::nullopt, "the flattened stream has no end marker (truncated file)"});
    }
    return kdump;
  }
  const uint64_t max_memory = dump.max_memory;
  return KdumpCompressed::Open(std::make_unique<MappedByteSource>(std::move(dump)), false,
                               max_memory);
}

void TakeKdumpMetadata(const KdumpCompressed& kdump, OpenedDump& opened) {
  opened.vmcoreinfo_text = kdump.vmcoreinfo_text();
  if (!opened.vmcoreinfo_text.empty()) opened.vmcoreinfo_source = "kdump-header";
  opened.note_bytes = kdump.note_blob();
  opened.notes = ParseElfNotes(opened.note_bytes);
  // QEMU leaves phys_base 0 in its sub-header; only trust a non-zero one.
  if (kdump.header().phys_base != 0) opened.phys_base = kdump.header().phys_base;
  opened.release_hint = kdump.header().release;
  opened.machine_hint = kdump.header().machine;
  if (kdump.header().timestamp_sec > 0) opened.dump_time = kdump.header().timestamp_sec;
  opened.warnings.insert(opened.warnings.end(), kdump.warnings().begin(), kdump.warnings().end());
}

Result<OpenedDump> OpenSplitSet(std::vector<std::unique_ptr<KdumpCompressed>> parts,
                                OpenedDump opened) {
  std::vector<Warning> warnings;
  auto set = SplitKdumpSet::Create(std::move(parts), &warnings);
  if (!set) return tl::unexpected(set.error());
  TakeKdumpMetadata((*set)->first(), opened);
  opened.split_parts_missing = !warnings.empty();
  opened.warnings.insert(opened.warnings.end(), warnings.begin(), warnings.end());
  opened.memory = std::move(*set);
  return opened;
}

DumpFormat SniffDumpFormat(std::span<const std::byte> head) {
  // The signatures of input/input_kind.h. Any ELF file goes to the ELF reader
  // (which says why a program or a 32-bit core is refused); "DISKDUMP" is
  // sniffed as kdump-compressed, but no reader takes it.
  const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  if (text.starts_with(input::kElfMagic)) return DumpFormat::kElf;
  if (text.starts_with(input::kKdumpSignature)) return DumpFormat::kKdumpCompressed;
  if (IsFlattened(head)) return DumpFormat::kFlattened;
  return DumpFormat::kUnknown;
}

}  // namespace

Result<OpenedDump> OpenDump(std::vector<DumpBytes> dumps) {
  if (dumps.empty()) return Fail(ErrorCode::kUsage, "", "no dump files given");
  OpenedDump opened;
  for (const DumpBytes& dump : dumps) {
    if (SniffDumpFormat(dump.bytes) == DumpFormat::kUnknown) {
      const auto head = dump.bytes.first(std::min<size_t>(dump.bytes.size(), input::kSniffBytes));
      const input::InputKind kind =
          input::Sniff({reinterpret_cast<const char*>(head.data()), head.size()});
      if (input::IsCompressed(kind)) {
        return Fail(ErrorCode::kUnsupported, dump.path,
                    "compressed with " + std::string(input::ToString(kind)) +
                        "; dumps are read at random, decompress it first: " +
                        input::DecompressCommand(kind, dump.path));
      }
      return Fail(ErrorCode::kBadMagic, dump.path,
                  "not a vmcore (no ELF, KDUMP or makedumpfile signature)");
    }
  }
  if (dumps.size() == 1 && SniffDumpFormat(dumps[0].bytes) == DumpFormat::kElf) {
    auto elf = ElfVmcore::Open(std::move(dumps[0]));
    if (!elf) return tl::unexpected(elf.error());
    opened.notes = (*elf)->notes();
    for (const ElfNote& note : opened.notes) {
      if (note.name == "VMCOREINFO" && opened.vmcoreinfo_text.empty()) {
        opened.vmcoreinfo_text.assign(reinterpret_cast<const char*>(note.desc.data()),
                                      note.desc.size());
        opened.vmcoreinfo_source = "elf-note";
      }
    }
    if (const auto& text = (*elf)->kernel_text())
      opened.phys_base = text->paddr - (text->vaddr - kStartKernelMap);
    opened.machine_hint = (*elf)->machine();
    opened.warnings = (*elf)->warnings();
    opened.memory = std::move(*elf);
    return opened;
  }
  // One kdump file, or the parts of one --split set. One part alone is a set
  // with parts missing, so that the gap is said (and the pages outside the
  // part read as absent).
  std::vector<std::unique_ptr<KdumpCompressed>> parts;
  for (DumpBytes& dump : dumps) {
    DumpFormat format = SniffDumpFormat(dump.bytes);
    if (format == DumpFormat::kElf) {
      return Fail(ErrorCode::kUsage, dump.path,
                  "several dump files given, but this one is an ELF vmcore");
    }
    auto kdump = OpenKdump(std::move(dump), format);
    if (!kdump) return tl::unexpected(kdump.error());
    parts.push_back(std::move(*kdump));
  }
  if (parts.size() == 1 && !parts[0]->header().split) {
    TakeKdumpMetadata(*parts[0], opened);
    opened.memory = std::move(parts[0]);
    return opened;
  }
  return OpenSplitSet(std::move(parts), std::move(opened));
}

}  // namespace crashsift::vmcore
