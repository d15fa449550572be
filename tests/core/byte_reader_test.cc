#include "analyzer/core/byte_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace crashsift {
namespace {

TEST(ByteReaderTest, ReadsLittleEndianInsideBounds) {
  const uint8_t bytes[] = {0x4b, 0x44, 0x55, 0x4d, 0x50, 0x01, 0x02, 0x03};
  ByteReader reader(bytes, sizeof bytes);
  EXPECT_EQ(reader.Read<uint32_t>(0), 0x4d55444bu);
  EXPECT_EQ(reader.Read<uint32_t>(4), 0x03020150u);
  EXPECT_FALSE(reader.Read<uint32_t>(5).has_value());
  EXPECT_FALSE(reader.Read<uint64_t>(std::numeric_limits<uint64_t>::max() - 2).has_value());
  EXPECT_EQ(reader.String(0, 4), "KDUM");
  EXPECT_FALSE(reader.Slice(8, 1).has_value());
  EXPECT_TRUE(reader.Slice(8, 0).has_value());
}

TEST(ByteReaderTest, CheckedArithmeticCatchesOverflow) {
  EXPECT_FALSE(CheckedAdd(std::numeric_limits<uint64_t>::max(), 1).has_value());
  EXPECT_EQ(CheckedAdd(2, 3), 5u);
  EXPECT_FALSE(CheckedMul(1ull << 40, 1ull << 40).has_value());
  EXPECT_FALSE(InBounds(100, 90, 11));
  EXPECT_TRUE(InBounds(100, 90, 10));
}

}  // namespace
}  // namespace crashsift
