#include "analyzer/core/error.h"

#include <gtest/gtest.h>

#include "analyzer/core/result.h"

namespace crashsift {
namespace {

TEST(ErrorTest, OneLineNamesFileReasonAndOffset) {
  Error e{ErrorCode::kTruncated, "dump.kdump", 0x1000, "page descriptor past end of file"};
  EXPECT_EQ(e.OneLine(), "dump.kdump: page descriptor past end of file (at offset 0x1000)");
  Error text{ErrorCode::kSyntax, "sig.toml", 12, "unknown field 'foo'", true};
  EXPECT_EQ(text.OneLine(), "sig.toml:12: unknown field 'foo'");
  EXPECT_EQ(ToString(ErrorCode::kLimitExceeded), "limit_exceeded");
}

TEST(ErrorTest, FailBuildsAnUnexpected) {
  Result<int> r = Fail(ErrorCode::kCorrupt, "x", "bad");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace crashsift
