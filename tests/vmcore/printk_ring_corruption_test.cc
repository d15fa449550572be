// Corrupt lockless printk rings on a real dump (corpus kdump-hung.elf-full,
// Debian 6.1): the ring is read through the dump's own address space, and a
// read hook damages descriptors as they are read (what a scribbled-on ring
// looks like to the reader). Each damage gives a partial log and a warning
// that says what was lost; the records around it are intact.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/printk_ringbuffer.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/x86_64_page_tables.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::PrivateMapping;
using crashsift::testing::VmcoreSample;

// Damages the bytes of one read in place: (vaddr of the read, its bytes).
using Damage = std::function<void(uint64_t, std::span<std::byte>)>;

class RingCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    map_ = std::make_unique<PrivateMapping>(VmcoreSample("kdump-hung.elf-full"));
    auto opened = OpenDump({DumpBytes::FromMemory(map_->bytes(), "elf-full")});
    ASSERT_TRUE(opened) << opened.error().OneLine();
    dump_ = std::move(*opened);
    info_ = Vmcoreinfo::Parse(dump_.vmcoreinfo_text);
    cache_ = std::make_unique<PageCache>(*dump_.memory);
    auto space = X86_64AddressSpace::Create(*cache_, info_, dump_.phys_base);
    ASSERT_TRUE(space) << space.error().OneLine();
    space_ = std::make_unique<X86_64AddressSpace>(std::move(*space));
    // The ring's descriptor array: *prb -> desc_ring.descs (6.1 layout).
    uint64_t prb = 0;
    ASSERT_EQ(Read(*info_.Symbol("prb"), &prb), 0u);
    ASSERT_EQ(Read(prb + *info_.Offset("printk_ringbuffer.desc_ring") +
                       *info_.Offset("prb_desc_ring.descs"),
                   &descs_),
              0u);
    desc_size_ = static_cast<uint64_t>(*info_.Size("prb_desc"));
    uint64_t count_bits = 0;
    ASSERT_EQ(Read(prb + *info_.Offset("printk_ringbuffer.desc_ring") +
                       *info_.Offset("prb_desc_ring.count_bits"),
                   &count_bits),
              0u);
    descs_end_ = descs_ + (uint64_t{1} << (count_bits & 0xffffffff)) * desc_size_;
    auto clean = ReadRing(nullptr);
    ASSERT_TRUE(clean) << clean.error().OneLine();
    clean_ = std::move(*clean);
    ASSERT_EQ(clean_.records.size(), 680u);
    ASSERT_TRUE(clean_.warnings.empty());
  }

  uint64_t Read(uint64_t vaddr, uint64_t* value) {
    ReadStats stats = space_->Read(vaddr, {reinterpret_cast<std::byte*>(value), 8});
    return stats.absent_bytes + stats.broken_bytes;
  }

  Result<PrintkReadResult> ReadRing(const Damage& damage) {
    VirtualReader read = [&](uint64_t vaddr, std::span<std::byte> out) -> uint64_t {
      ReadStats stats = space_->Read(vaddr, out);
      if (damage) damage(vaddr, out);
      return stats.absent_bytes + stats.broken_bytes;
    };
    return ReadLocklessRingbuffer(info_, read);
  }

  // True when a read at `vaddr` is one descriptor of the ring.
  bool IsDescriptor(uint64_t vaddr) const {
    return vaddr >= descs_ && vaddr < descs_end_ && (vaddr - descs_) % desc_size_ == 0;
  }

  static bool AnyWarningContains(const PrintkReadResult& r, std::string_view text) {
    for (const auto& w : r.warnings) {
      if (w.message.find(text) != std::string::npos) return true;
    }
    return false;
  }

  std::unique_ptr<PrivateMapping> map_;
  OpenedDump dump_;
  Vmcoreinfo info_;
  std::unique_ptr<PageCache> cache_;
  std::unique_ptr<X86_64AddressSpace> space_;
  uint64_t descs_ = 0, descs_end_ = 0, desc_size_ = 0;
  PrintkReadResult clean_;
};

TEST_F(RingCorruptionTest, DescriptorsHoldingAnotherIdAreCountedAsLost) {
  // Every 100th descriptor read gets a foreign id in its state_var.
  int seen = 0, damaged = 0;
  auto result = ReadRing([&](uint64_t vaddr, std::span<std::byte> out) {
    if (!IsDescriptor(vaddr) || ++seen % 100 != 0) return;
    ++damaged;
    uint64_t state_var;
    std::memcpy(&state_var, out.data(), 8);
    state_var ^= 0x5555;
    std::memcpy(out.data(), &state_var, 8);
  });
  ASSERT_TRUE(result) << result.error().OneLine();
  ASSERT_EQ(damaged, 6);
  EXPECT_EQ(result->records.size(), clean_.records.size() - 6);
  EXPECT_TRUE(AnyWarningContains(*result,
                                 "6 printk descriptors between tail and head hold another "
                                 "id (corrupt ring); their records are lost"));
  // The first and last records are untouched.
  EXPECT_EQ(result->records.front().text, clean_.records.front().text);
  EXPECT_EQ(result->records.back().text, clean_.records.back().text);
}

TEST_F(RingCorruptionTest, ImpossibleTextPositionsAreWarnedAndBounded) {
  // The 10th descriptor claims a text block larger than the whole ring (the
  // same position modulo the ring's size, so the text read stays right).
  int seen = 0;
  auto result = ReadRing([&](uint64_t vaddr, std::span<std::byte> out) {
    if (!IsDescriptor(vaddr) || ++seen != 10) return;
    uint64_t next;
    std::memcpy(&next, out.data() + 16, 8);  // text_blk_lpos.next
    next += uint64_t{1} << 40;
    std::memcpy(out.data() + 16, &next, 8);
  });
  ASSERT_TRUE(result) << result.error().OneLine();
  EXPECT_EQ(result->records.size(), clean_.records.size());
  EXPECT_TRUE(AnyWarningContains(*result, "1 printk descriptors have impossible text positions"));
  for (size_t i = 0; i < result->records.size(); ++i) {
    EXPECT_EQ(result->records[i].text, clean_.records[i].text) << i;
  }
}

TEST_F(RingCorruptionTest, HeadIdFarFromTailStopsAfterOneLapWithAWarning) {
  uint64_t prb = 0;
  ASSERT_EQ(Read(*info_.Symbol("prb"), &prb), 0u);
  const uint64_t head_at =
      prb + *info_.Offset("printk_ringbuffer.desc_ring") + *info_.Offset("prb_desc_ring.head_id");
  auto result = ReadRing([&](uint64_t vaddr, std::span<std::byte> out) {
    if (vaddr <= head_at && head_at + 8 <= vaddr + out.size()) {
      uint64_t head;
      std::memcpy(&head, out.data() + (head_at - vaddr), 8);
      head += uint64_t{1} << 40;
      std::memcpy(out.data() + (head_at - vaddr), &head, 8);
    }
  });
  ASSERT_TRUE(result) << result.error().OneLine();
  EXPECT_TRUE(AnyWarningContains(*result, "printk ring head/tail ids are inconsistent"));
  // Every real record is still found within the one lap.
  EXPECT_GE(result->records.size(), clean_.records.size());
}

}  // namespace
}  // namespace crashsift::vmcore
