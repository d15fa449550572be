// Broken dumps made at runtime from the real corpus dumps (truncated,
// bit-flipped, lying headers, corrupt pages, missing VMCOREINFO entries):
// each gives a clear Error or a partial log with a Warning, never a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "analyzer/core/mapped_file.h"
#include "analyzer/vmcore/vmcore_log_reader.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::PrivateMapping;
using crashsift::testing::ReadFile;
using crashsift::testing::VmcoreSample;

Result<VmcoreLog> ReadSpan(std::span<const std::byte> bytes, const std::string& name = "dump") {
  return ReadVmcoreLogFromBytes({DumpBytes::FromMemory(bytes, name)});
}

size_t Find(std::span<std::byte> bytes, std::string_view needle, size_t from = 0) {
  std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return hay.find(needle, from);
}

bool AnyWarningContains(const VmcoreLog& log, std::string_view text) {
  for (const auto& w : log.warnings) {
    if (w.message.find(text) != std::string::npos) return true;
  }
  return false;
}

class TruncationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TruncationTest, EveryPrefixGivesAnErrorOrAWarnedPartialLog) {
  auto path = VmcoreSample(GetParam());
  PrivateMapping map(path);
  auto bytes = map.bytes();
  ASSERT_GT(bytes.size(), 1u << 20);
  std::vector<size_t> cuts = {0,
                              1,
                              8,
                              63,
                              100,
                              463,
                              464,
                              4095,
                              4096,
                              4200,
                              8192,
                              12288,
                              65536,
                              bytes.size() / 4,
                              bytes.size() / 2,
                              bytes.size() - 4096,
                              bytes.size() - 1};
  for (size_t cut : cuts) {
    auto log = ReadSpan(bytes.first(cut), "cut");
    if (log) {
      // Only acceptable when nothing extraction needs was cut off, or when
      // the loss is reported.
      EXPECT_TRUE(!log->printk.empty() || !log->warnings.empty()) << "cut at " << cut;
    } else {
      EXPECT_EQ(log.error().path, "cut");
      EXPECT_FALSE(log.error().reason.empty());
    }
  }
  // Whole file still fine.
  auto whole = ReadSpan(bytes);
  ASSERT_TRUE(whole) << whole.error().OneLine();
}

INSTANTIATE_TEST_SUITE_P(Formats, TruncationTest,
                         ::testing::Values("hungpanic.kdump-lzo-d31", "oops.kdump-zlib-d31",
                                           "softlockup.flat-lzo-d31", "kdump-hung.elf-d31",
                                           "qemu-hung.elf", "qemu-hung.flat-zlib"),
                         [](const auto& info) { return crashsift::testing::TestName(info.param); });

TEST(TruncationTest, KdumpCutInsideHeaderIsTruncatedError) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  auto log = ReadSpan(map.bytes().first(300));
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(log.error().reason, "file ends inside the kdump header");
}

TEST(TruncationTest, KdumpCutBeforeBitmapIsTruncatedError) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  auto log = ReadSpan(map.bytes().first(3 * 4096));
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kTruncated);
  EXPECT_NE(log.error().reason.find("bitmap"), std::string::npos);
}

TEST(TruncationTest, KdumpCutInPageDataSaysWhichPageIsMissing) {
  // The page holding `prb` (kernel data) is stored after the first 2 MB.
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  auto log = ReadSpan(map.bytes().first(2000000), "cut");
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().path, "cut");
  EXPECT_TRUE(log.error().reason.starts_with("the prb pointer is not in the dump (data of pfn 0x"))
      << log.error().reason;
  EXPECT_TRUE(log.error().reason.ends_with(" is past the end)")) << log.error().reason;
}

TEST(BitFlipTest, RandomFlipsNeverCrashAndStayFast) {
  for (const char* name :
       {"hungpanic.kdump-lzo-d31", "softlockup.flat-lzo-d31", "kdump-hung.elf-d31"}) {
    PrivateMapping map(VmcoreSample(name));
    auto bytes = map.bytes();
    // Where extraction reads: flips there matter.
    auto reads = std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>();
    DumpBytes recorded = DumpBytes::FromMemory(bytes, name);
    recorded.reads = reads;
    ASSERT_TRUE(ReadVmcoreLogFromBytes({recorded}));
    std::mt19937_64 rng(42);
    for (int round = 0; round < 150; ++round) {
      auto [offset, length] = (*reads)[rng() % reads->size()];
      if (length == 0) continue;
      uint64_t at = offset + rng() % length;
      std::byte saved = bytes[at];
      bytes[at] ^= std::byte{static_cast<unsigned char>(1u << (rng() % 8))};
      auto start = std::chrono::steady_clock::now();
      auto log = ReadSpan(bytes, name);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      EXPECT_LT(ms.count(), 2000) << name << " flip at " << at;
      if (!log) {
        EXPECT_FALSE(log.error().reason.empty());
      }
      bytes[at] = saved;
    }
  }
}

TEST(LyingHeaderTest, KdumpImpossibleBlockSizeIsCorrupt) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  int32_t bad = 3;
  std::memcpy(map.bytes().data() + 428, &bad, 4);  // disk_dump_header.block_size
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(log.error().reason, "impossible block size 3");
}

TEST(LyingHeaderTest, KdumpHugeBitmapIsAnErrorNotAnAllocation) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  uint32_t bad = 0xfffffff0u;
  std::memcpy(map.bytes().data() + 436, &bad, 4);  // bitmap_blocks
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_TRUE(log.error().code == ErrorCode::kLimitExceeded ||
              log.error().code == ErrorCode::kTruncated)
      << log.error().OneLine();
}

// Issue 12, defect 9: a header claiming a 1 GiB page bitmap on a sparse file
// (logical size 3 GiB, 12 KiB on disk) was read and copied: 2.1 GB of RSS.
// The bitmap is now refused up front when it needs more than --max-memory.
TEST(LyingHeaderTest, KdumpBitmapAboveTheMemoryCapIsRefusedWithoutReadingIt) {
  std::string dump = ReadFile(VmcoreSample("hungpanic.kdump-lzo-d31"));
  uint32_t block_size = 0, sub_hdr_size = 0;
  std::memcpy(&block_size, dump.data() + 428, 4);
  std::memcpy(&sub_hdr_size, dump.data() + 432, 4);
  std::string head = dump.substr(0, (1 + sub_hdr_size) * block_size);
  const uint32_t bitmap_blocks = static_cast<uint32_t>((2ull << 30) / block_size);  // 1 GiB each
  std::memcpy(head.data() + 436, &bitmap_blocks, 4);
  const uint32_t max_mapnr32 = 0xffffffffu;
  std::memcpy(head.data() + 440, &max_mapnr32, 4);
  const uint64_t max_mapnr = 8ull << 30;  // every bit of the bitmap
  std::memcpy(head.data() + block_size + 96, &max_mapnr, 8);
  auto path = crashsift::testing::TempDir() / "sparse.kdump";
  {
    std::ofstream out(path, std::ios::binary);
    out << head;
  }
  std::filesystem::resize_file(path, 3ull << 30);  // sparse: no disk used
  auto start = std::chrono::steady_clock::now();
  auto log = ReadVmcoreLog({path.string()});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(log.error().reason,
            "page bitmap of 1024 MiB is above the 512 MiB that --max-memory 1024 MiB allows it");
  auto smaller = ReadVmcoreLog({path.string()}, 64ull << 20);
  ASSERT_FALSE(smaller);
  EXPECT_EQ(smaller.error().reason,
            "page bitmap of 1024 MiB is above the 32 MiB that --max-memory 64 MiB allows it");
  std::filesystem::remove(path);
}

TEST(LyingHeaderTest, KdumpWithoutBitmapIsCorrupt) {
  // Found by vmcore_kdump_fuzzer (regressions/vmcore_kdump/no-bitmap-memcpy-null).
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  uint32_t bad = 1;
  std::memcpy(map.bytes().data() + 436, &bad, 4);  // bitmap_blocks: half a block each
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(log.error().reason, "bitmap_blocks 1: the dump has no page bitmap");
}

TEST(LyingHeaderTest, ElfProgramHeadersPastTheEndIsTruncated) {
  PrivateMapping map(VmcoreSample("qemu-hung.elf"));
  uint64_t bad = map.bytes().size() - 16;
  std::memcpy(map.bytes().data() + 32, &bad, 8);  // e_phoff
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_TRUE(log.error().code == ErrorCode::kTruncated || log.error().code == ErrorCode::kCorrupt)
      << log.error().OneLine() << " " << ToString(log.error().code);
}

TEST(CorruptPageTest, PagesThatFailToDecompressAreWarnedAndTheRestIsKept) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  auto bytes = map.bytes();
  auto reads = std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>();
  DumpBytes recorded = DumpBytes::FromMemory(bytes, "lzo");
  recorded.reads = reads;
  auto clean = ReadVmcoreLogFromBytes({recorded});
  ASSERT_TRUE(clean);
  // The last page-data read is a text page of the ring (records are read in
  // order): garbage it.
  auto [offset, length] = reads->back();
  ASSERT_GT(length, 24u);
  for (uint64_t i = 0; i < length; ++i) bytes[offset + i] = std::byte{0xa5};
  auto log = ReadSpan(bytes, "lzo");
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_TRUE(AnyWarningContains(*log, "page does not decompress: lzo error"))
      << log->warnings.size();
  EXPECT_LE(log->printk.size(), clean->printk.size());
  EXPECT_EQ(log->printk.front().text, clean->printk.front().text);
}

TEST(VmcoreinfoTest, MissingRingEntryIsNamed) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  size_t at = Find(map.bytes(), "OFFSET(prb_desc_ring.head_id)=");
  ASSERT_NE(at, std::string::npos);
  map.bytes()[at + 1] = std::byte{'X'};  // "OXFSET(...)": the entry is gone
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(log.error().reason, "VMCOREINFO has no OFFSET(prb_desc_ring.head_id)");
}

TEST(VmcoreinfoTest, MissingPageTableRootIsNamed) {
  PrivateMapping map(VmcoreSample("kdump-hung.elf-d31"));
  size_t at = Find(map.bytes(), "SYMBOL(init_top_pgt)=");
  ASSERT_NE(at, std::string::npos);
  map.bytes()[at + 1] = std::byte{'X'};
  auto log = ReadSpan(map.bytes());
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().reason, "VMCOREINFO has no SYMBOL(init_top_pgt)");
}

TEST(VmcoreinfoTest, RecoveredFromMemoryWhenTheKdumpHeaderHasNone) {
  PrivateMapping map(VmcoreSample("hungpanic.kdump-lzo-d31"));
  uint64_t zero = 0;
  std::memcpy(map.bytes().data() + 4096 + 40, &zero, 8);  // sub-header size_vmcoreinfo
  auto log = ReadSpan(map.bytes());
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_EQ(log->facts.vmcoreinfo_source, "memory-scan");
  EXPECT_TRUE(AnyWarningContains(*log, "recovered it by scanning memory"));
  EXPECT_EQ(log->facts.osrelease, "6.1.0-56-amd64");
  EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kMakedumpfile),
            ReadFile(CorpusPath("vmcores/hungpanic.kdump-lzo-d31.makedumpfile-dmesg.txt")));
}

TEST(VmcoreinfoTest, RecoveredFromMemoryWhenTheElfNoteIsDamaged) {
  PrivateMapping map(VmcoreSample("qemu-hung.elf"));
  size_t at = Find(map.bytes(), "VMCOREINFO");
  ASSERT_NE(at, std::string::npos);
  map.bytes()[at] = std::byte{'X'};  // note name "XMCOREINFO"
  auto log = ReadSpan(map.bytes());
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_EQ(log->facts.vmcoreinfo_source, "memory-scan");
  EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kMakedumpfile),
            ReadFile(CorpusPath("vmcores/qemu-hung.elf.makedumpfile-dmesg.txt")));
}

TEST(NotAVmcoreTest, TextIsBadMagic) {
  std::string text = "[    0.000000] Linux version 6.1.0\n";
  auto log = ReadSpan(std::as_bytes(std::span(text.data(), text.size())), "dmesg.txt");
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kBadMagic);
  EXPECT_EQ(log.error().OneLine(),
            "dmesg.txt: not a vmcore (no ELF, KDUMP or makedumpfile signature)");
}

TEST(SplitTest, MissingPartIsWarnedAndOtherFilesAreRejected) {
  // makedumpfile put every dumped page of this small guest in part 1; parts
  // 2 and 3 hold empty ranges at the end. Without part 1 there is a gap.
  auto p1 = VmcoreSample("oops.kdump-lzo-d31.split1");
  auto p2 = VmcoreSample("oops.kdump-lzo-d31.split2");
  auto p3 = VmcoreSample("oops.kdump-lzo-d31.split3");
  PrivateMapping m2(p2), m3(p3);
  auto opened =
      OpenDump({DumpBytes::FromMemory(m2.bytes(), "p2"), DumpBytes::FromMemory(m3.bytes(), "p3")});
  ASSERT_TRUE(opened) << opened.error().OneLine();
  bool gap = false;
  for (const auto& w : opened->warnings) gap |= w.message.find("gap") != std::string::npos;
  EXPECT_TRUE(gap);
  auto log = ReadVmcoreLog({p2.string(), p3.string()});
  ASSERT_FALSE(log);
  EXPECT_FALSE(log.error().reason.empty());
  auto twice = ReadVmcoreLog({p1.string(), p1.string()});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason, "split parts overlap (is a part given twice?)");
  auto mixed = ReadVmcoreLog({p1.string(), VmcoreSample("oops.kdump-zlib-d31").string()});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kUsage);
}

TEST(ShrinkTest, DumpCutWhileItIsReadIsATruncatedErrorNotASignal) {
  // A dump still being copied: mapped whole, then cut to a third before the
  // reader walks its pages. Touching a page past the new end would raise
  // SIGBUS; the reader gets zeros instead and must refuse the result.
  auto copy = std::filesystem::path(::testing::TempDir()) / "shrinking.vmcore";
  std::filesystem::copy_file(VmcoreSample("oops.kdump-zlib-d31"), copy,
                             std::filesystem::copy_options::overwrite_existing);
  auto mapped = MappedFile::Open(copy.string());
  ASSERT_TRUE(mapped) << mapped.error().OneLine();
  std::filesystem::resize_file(copy, std::filesystem::file_size(copy) / 3);
  auto log = ReadVmcoreLogFromBytes({DumpBytes::FromMapping(std::move(*mapped))});
  std::filesystem::remove(copy);
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(log.error().OneLine(), copy.string() +
                                       ": the file shrank while it was read (still being "
                                       "written or copied?)");
}

}  // namespace
}  // namespace crashsift::vmcore
