// Test-only corpus tool: rewrites a real kdump-compressed dump (as written by
// makedumpfile -l/-c) with every page recompressed by snappy or zstd and the
// header's status flag changed to match, because Debian's makedumpfile 1.7.2
// is built without both. Headers, VMCOREINFO, notes and bitmaps are copied
// byte for byte; page descriptors and data are rewritten in pfn order the
// way makedumpfile lays them out (a page whose compressed form is not
// smaller than the page is stored raw with flags 0).
//
//   vmcore_reencode_tool snappy|zstd IN OUT
#include <snappy-c.h>
#include <zstd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/vmcore/kdump_compressed.h"
#include "analyzer/vmcore/page_decompressor.h"

using namespace crashsift;
using namespace crashsift::vmcore;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: vmcore_reencode_tool snappy|zstd IN OUT\n");
    return 2;
  }
  const std::string codec = argv[1];
  const uint32_t flag = codec == "snappy" ? kDumpSnappy : codec == "zstd" ? kDumpZstd : 0;
  if (flag == 0) return 2;
  auto mapped = MappedFile::Open(argv[2]);
  if (!mapped) {
    std::fprintf(stderr, "%s\n", mapped.error().OneLine().c_str());
    return 1;
  }
  DumpBytes dump = DumpBytes::FromMapping(std::move(*mapped));
  auto kdump = KdumpCompressed::Open(std::make_unique<MappedByteSource>(dump));
  if (!kdump) {
    std::fprintf(stderr, "%s\n", kdump.error().OneLine().c_str());
    return 1;
  }
  KdumpCompressed& in = **kdump;
  const uint32_t page_size = in.page_size();
  std::vector<std::byte> page(page_size);
  std::vector<char> packed(
      std::max<size_t>(snappy_max_compressed_length(page_size), ZSTD_compressBound(page_size)));
  std::vector<char> descs, data;
  std::vector<uint64_t> pfns;
  // First pass: count dumped pages so the data offset is known.
  for (uint64_t pfn = 0; pfn < in.max_pfn(); ++pfn) {
    auto present = in.ReadPage(pfn, page);
    if (!present) {
      std::fprintf(stderr, "%s\n", present.error().OneLine().c_str());
      return 1;
    }
    if (*present) pfns.push_back(pfn);
  }
  const uint64_t data_start = in.descs_offset() + pfns.size() * 24;
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  for (uint64_t pfn : pfns) {
    (void)in.ReadPage(pfn, page);
    size_t size = packed.size();
    if (flag == kDumpSnappy) {
      if (snappy_compress(reinterpret_cast<const char*>(page.data()), page_size, packed.data(),
                          &size) != SNAPPY_OK) {
        return 1;
      }
    } else {
      size = ZSTD_compressCCtx(cctx, packed.data(), packed.size(), page.data(), page_size, 1);
      if (ZSTD_isError(size)) return 1;
    }
    uint32_t flags = flag;
    const char* bytes = packed.data();
    if (size >= page_size) {
      size = page_size;
      flags = 0;
      bytes = reinterpret_cast<const char*>(page.data());
    }
    uint64_t offset = data_start + data.size();
    uint32_t size32 = static_cast<uint32_t>(size);
    uint64_t page_flags = 0;
    char desc[24];
    std::memcpy(desc, &offset, 8);
    std::memcpy(desc + 8, &size32, 4);
    std::memcpy(desc + 12, &flags, 4);
    std::memcpy(desc + 16, &page_flags, 8);
    descs.insert(descs.end(), desc, desc + 24);
    data.insert(data.end(), bytes, bytes + size);
  }
  ZSTD_freeCCtx(cctx);
  std::vector<char> head(reinterpret_cast<const char*>(dump.bytes.data()),
                         reinterpret_cast<const char*>(dump.bytes.data()) + in.descs_offset());
  uint32_t status;
  std::memcpy(&status, head.data() + 424, 4);  // disk_dump_header.status
  status = (status & ~kDumpCompressionMask) | flag;
  std::memcpy(head.data() + 424, &status, 4);
  FILE* out = std::fopen(argv[3], "wb");
  if (!out) return 1;
  std::fwrite(head.data(), 1, head.size(), out);
  std::fwrite(descs.data(), 1, descs.size(), out);
  std::fwrite(data.data(), 1, data.size(), out);
  std::fclose(out);
  std::fprintf(stderr, "%zu pages re-encoded with %s\n", pfns.size(), codec.c_str());
  return 0;
}
