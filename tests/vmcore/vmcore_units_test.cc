// Unit checks of the pieces bad dumps attack directly: decompression bombs
// and short pages, page tables that point at themselves, VMCOREINFO parsing.
#include <gtest/gtest.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/page_decompressor.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/x86_64_page_tables.h"

namespace crashsift::vmcore {
namespace {

std::vector<std::byte> Compress(uint32_t flag, size_t size) {
  std::vector<char> in(size, 0);
  for (size_t i = 0; i < size; i += 97) in[i] = static_cast<char>(i);
  std::vector<char> out(size * 2 + 65536);
  size_t n = out.size();
  if (flag == kDumpZlib) {
    uLongf len = n;
    compress(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<Bytef*>(in.data()), size);
    n = len;
  } else if (flag == kDumpZstd) {
    n = ZSTD_compress(out.data(), out.size(), in.data(), size, 1);
  } else if (flag == kDumpSnappy) {
    snappy_compress(in.data(), size, out.data(), &n);
  } else {
    lzo_init();
    std::vector<char> work(LZO1X_1_MEM_COMPRESS);
    lzo_uint len = 0;
    lzo1x_1_compress(reinterpret_cast<unsigned char*>(in.data()), size,
                     reinterpret_cast<unsigned char*>(out.data()), &len, work.data());
    n = len;
  }
  auto* p = reinterpret_cast<std::byte*>(out.data());
  return {p, p + n};
}

class DecompressTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(DecompressTest, RoundTripBombAndShortPage) {
  std::vector<std::byte> page(4096);
  auto good = Compress(GetParam(), 4096);
  EXPECT_TRUE(DecompressPage(GetParam(), good, page, "t", 0));
  // 16 MiB behind a page descriptor: fails without allocating it.
  auto bomb = Compress(GetParam(), 16 << 20);
  auto r = DecompressPage(GetParam(), bomb, page, "t", 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_TRUE(r.error().reason.starts_with("page does not decompress: "));
  auto shorter = Compress(GetParam(), 100);
  EXPECT_FALSE(DecompressPage(GetParam(), shorter, page, "t", 0));
  std::vector<std::byte> garbage(300, std::byte{0x5a});
  EXPECT_FALSE(DecompressPage(GetParam(), garbage, page, "t", 0));
}

INSTANTIATE_TEST_SUITE_P(Codecs, DecompressTest,
                         ::testing::Values(kDumpZlib, kDumpLzo, kDumpSnappy, kDumpZstd));

TEST(DecompressTest, UnknownAndCombinedFlagsAreErrors) {
  std::vector<std::byte> page(4096), in(4096);
  EXPECT_TRUE(DecompressPage(0, in, page, "t", 0));
  EXPECT_FALSE(DecompressPage(kDumpZlib | kDumpLzo, in, page, "t", 0));
  EXPECT_FALSE(DecompressPage(0, std::span(in).first(100), page, "t", 0));
}

// Physical memory where page 0 is a page table whose every entry points at
// page 0 itself (a loop), and nothing else is present.
class LoopingMemory : public PhysicalMemory {
 public:
  Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) override {
    std::fill(out.begin(), out.end(), std::byte{0});
    if (pfn != 0) return false;
    for (size_t i = 0; i < out.size(); i += 8) {
      uint64_t entry = present_ ? 0x63 : 0;  // present|rw|accessed|dirty, next table = pfn 0
      std::memcpy(out.data() + i, &entry, 8);
    }
    return true;
  }
  uint32_t page_size() const override { return 4096; }
  uint64_t max_pfn() const override { return 1; }
  std::string format_name() const override { return "test"; }
  bool present_ = true;
};

TEST(PageTableTest, SelfReferencingTablesTerminate) {
  LoopingMemory memory;
  PageCache cache(memory);
  // init_top_pgt at physical 0: 0xffffffff80000000 - __START_KERNEL_map + phys_base 0.
  auto info = Vmcoreinfo::Parse("SYMBOL(init_top_pgt)=ffffffff80000000\nNUMBER(phys_base)=0\n");
  auto space = X86_64AddressSpace::Create(cache, info, std::nullopt);
  ASSERT_TRUE(space) << space.error().reason;
  auto paddr = space->ToPhysical(0xffff888000001234ull);
  ASSERT_TRUE(paddr);
  EXPECT_EQ(*paddr, 0x234u);  // four levels, each "next table" = page 0
  EXPECT_FALSE(space->ToPhysical(0x0000900000000000ull + (1ull << 47)));  // non-canonical
  auto l5 = Vmcoreinfo::Parse(
      "SYMBOL(init_top_pgt)=ffffffff80000000\nNUMBER(phys_base)=0\nNUMBER(pgtable_l5_enabled)=1\n");
  auto space5 = X86_64AddressSpace::Create(cache, l5, std::nullopt);
  ASSERT_TRUE(space5);
  EXPECT_TRUE(space5->five_level());
  EXPECT_EQ(space5->ToPhysical(0xff11000000005678ull).value_or(1), 0x678u);  // 5-level direct map
  memory.present_ = false;
  PageCache cold(memory);
  auto space2 = X86_64AddressSpace::Create(cold, info, std::nullopt);
  auto missing = space2->ToPhysical(0xffff888000001234ull);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().reason.find("is not mapped"), std::string::npos);
}

TEST(VmcoreinfoParseTest, KeysNumbersAndJunk) {
  auto info = Vmcoreinfo::Parse(
      "OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\nSYMBOL(prb)=ffffffffba8643e0\n"
      "NUMBER(phys_base)=-790626304\nKERNELOFFSET=37e00000\ngarbage line\n=x\nSIZE(x)=12z\n"
      "CRASHTIME=1795534719\n\0ignored after NUL");
  EXPECT_EQ(info.osrelease(), "6.1.0-56-amd64");
  EXPECT_EQ(info.page_size(), 4096u);
  EXPECT_EQ(info.Symbol("prb"), 0xffffffffba8643e0ull);
  EXPECT_EQ(info.Number("phys_base"), -790626304);
  EXPECT_EQ(info.kernel_offset(), 0x37e00000u);
  EXPECT_EQ(info.crash_time(), 1795534719);
  EXPECT_FALSE(info.Size("x"));
  EXPECT_FALSE(info.Symbol("missing"));
  EXPECT_FALSE(info.Get("ignored after NUL"));
}

}  // namespace
}  // namespace crashsift::vmcore
