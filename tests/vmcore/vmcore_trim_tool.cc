// Test-only corpus tool: copies a real vmcore, zeroing every byte that
// crashsift's dmesg extraction does not read (page data of other pages),
// keeping headers, program headers, notes, kdump bitmaps and descriptors,
// the page holding the kernel's VMCOREINFO text, and (arm64) what the
// address-translation test reads. The result has the
// original layout and size but compresses (zstd) to a few hundred KB, so
// real lab dumps can live in corpus/vmcores/. See corpus/vmcores/README.md.
//
//   vmcore_trim_tool OUTDIR IN [PART...]   (all parts of a --split set together)
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "analyzer/vmcore/arm64_address_space.h"
#include "analyzer/vmcore/elf_vmcore.h"
#include "analyzer/vmcore/kdump_compressed.h"
#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/vmcore_log_reader.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"

using namespace crashsift;
using namespace crashsift::vmcore;

namespace {

int WriteTrimmed(const DumpBytes& dump, const std::vector<char>& keep,
                 const std::string& out_path) {
  FILE* out = std::fopen(out_path.c_str(), "wb");
  if (!out) return 1;
  std::vector<char> chunk(1 << 20);
  uint64_t kept = 0;
  for (uint64_t pos = 0; pos < dump.bytes.size(); pos += chunk.size()) {
    size_t n = std::min<uint64_t>(chunk.size(), dump.bytes.size() - pos);
    for (size_t i = 0; i < n; ++i) {
      chunk[i] = keep[pos + i] ? static_cast<char>(dump.bytes[pos + i]) : 0;
      kept += keep[pos + i] ? 1 : 0;
    }
    std::fwrite(chunk.data(), 1, n, out);
  }
  std::fclose(out);
  std::fprintf(stderr, "%s: kept %llu of %zu bytes\n", out_path.c_str(),
               static_cast<unsigned long long>(kept), dump.bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: vmcore_trim_tool OUTDIR IN [PART...]\n");
    return 2;
  }
  const std::string outdir = argv[1];
  std::vector<DumpBytes> dumps;
  std::vector<std::shared_ptr<std::vector<std::pair<uint64_t, uint64_t>>>> reads;
  std::vector<uint64_t> keep_prefix;
  for (int i = 2; i < argc; ++i) {
    auto mapped = MappedFile::Open(argv[i]);
    if (!mapped) {
      std::fprintf(stderr, "%s\n", mapped.error().OneLine().c_str());
      return 1;
    }
    dumps.push_back(DumpBytes::FromMapping(std::move(*mapped)));
    reads.push_back(std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>());
    // Metadata prefix of each file, opened on its own.
    uint64_t prefix = 0;
    if (auto one = OpenDump({dumps.back()})) {
      if (auto* elf = dynamic_cast<ElfVmcore*>(one->memory.get()))
        prefix = elf->first_data_offset();
      if (auto* kd = dynamic_cast<KdumpCompressed*>(one->memory.get())) {
        if (kd->format_name().starts_with("vmcore-kdump")) prefix = kd->metadata_end();
      }
    }
    keep_prefix.push_back(prefix);
  }
  auto recorded = [&] {
    std::vector<DumpBytes> out = dumps;
    for (size_t i = 0; i < out.size(); ++i) out[i].reads = reads[i];
    return out;
  };
  {
    // The page holding the kernel's VMCOREINFO text (for the recovery test),
    // found without recording and then read once with recording on.
    auto opened = OpenDump(dumps);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().OneLine().c_str());
      return 1;
    }
    if (auto found = ScanForVmcoreinfo(*opened->memory)) {
      auto again = OpenDump(recorded());
      std::vector<std::byte> page(again->memory->page_size());
      (void)again->memory->ReadPage(found->pfn, page);
    }
  }
  {
    // arm64: also keep what the address-translation test reads (the page
    // tables mapping init_uts_ns and mem_section, and init_uts_ns itself).
    auto opened = OpenDump(recorded());
    if (opened) {
      Vmcoreinfo info = Vmcoreinfo::Parse(opened->vmcoreinfo_text);
      if (DetectKernelArch(info, opened->machine_hint) == KernelArch::kArm64) {
        PageCache cache(*opened->memory);
        if (auto space = Arm64AddressSpace::Create(cache, info)) {
          for (const char* symbol : {"init_uts_ns", "mem_section"}) {
            if (auto vaddr = info.Symbol(symbol)) (void)space->Walk(*vaddr);
          }
          std::vector<std::byte> uts(512);
          if (auto vaddr = info.Symbol("init_uts_ns")) (void)space->Read(*vaddr, uts);
        }
      }
    }
  }
  auto log = ReadVmcoreLogFromBytes(recorded());
  if (!log) {
    std::fprintf(stderr, "%s\n", log.error().OneLine().c_str());
    return 1;
  }
  std::fprintf(stderr, "%zu records\n", log->printk.size());
  for (size_t d = 0; d < dumps.size(); ++d) {
    std::vector<char> keep(dumps[d].bytes.size(), 0);
    std::memset(keep.data(), 1, std::min<uint64_t>(keep_prefix[d], keep.size()));
    for (auto [offset, length] : *reads[d]) {
      if (offset < keep.size()) {
        std::memset(keep.data() + offset, 1, std::min<uint64_t>(length, keep.size() - offset));
      }
    }
    std::string base = dumps[d].path.substr(dumps[d].path.find_last_of('/') + 1);
    if (int rc = WriteTrimmed(dumps[d], keep, outdir + "/" + base)) return rc;
  }
  return 0;
}
