#include "analyzer/matching/version_range.h"

#include <gtest/gtest.h>

namespace crashsift::matching {
namespace {

VersionRange Range(const char* text) {
  std::string error;
  auto r = ParseVersionRange(text, error);
  EXPECT_TRUE(r.has_value()) << text << ": " << error;
  return r.value_or(VersionRange{});
}

bool In(const char* range, const char* version) {
  auto v = ParseVersion(version);
  EXPECT_TRUE(v.has_value()) << version;
  return Range(range).Contains(*v);
}

TEST(VersionRangeTest, LoopChangeKernelRanges) {
  EXPECT_TRUE(In(">=6.12.25 <6.13", "6.12.25-amd64"));
  EXPECT_TRUE(In(">=6.12.25 <6.13", "6.12.30"));
  EXPECT_FALSE(In(">=6.12.25 <6.13", "6.12.24"));
  EXPECT_FALSE(In(">=6.12.25 <6.13", "6.13.0"));
  EXPECT_FALSE(In(">=6.12.25 <6.13", "6.6.30"));
  // 6.13 == 6.13.0: the upper bound excludes the whole 6.13 series start.
  EXPECT_FALSE(In(">=6.12.25 <6.13", "6.13"));
  EXPECT_TRUE(In(">=6.15-rc3", "6.15.0-rc3"));
  EXPECT_TRUE(In(">=6.15-rc3", "6.15.0"));
  EXPECT_FALSE(In(">=6.15-rc3", "6.15.0-rc2"));
}

TEST(VersionRangeTest, OpenZfsReleasesAndSnapshots) {
  EXPECT_TRUE(In(">=2.2.99 <2.3.3", "2.3.1-1"));
  EXPECT_TRUE(In(">=2.2.99 <2.3.3", "2.3.0-rc5"));
  EXPECT_FALSE(In(">=2.2.99 <2.3.3", "2.3.3-1"));
  EXPECT_FALSE(In(">=2.2.99 <2.3.3", "2.2.7"));
  EXPECT_TRUE(In(">=2.0.1 <2.2.8", "2.2.7-pve1"));
  // The ZAP-shrink window: master snapshots 2.2.99-458 .. 507.
  const char* window = ">=2.2.99-458_g5044c4e3ff <2.2.99-508_g34906f8bbe";
  EXPECT_TRUE(In(window, "2.2.99-471_g5044c4e3f"));
  EXPECT_TRUE(In(window, "v2.2.99-474_g8f1b7a6fa6"));
  EXPECT_TRUE(In(window, "2.2.99-458_g5044c4e3ff"));
  EXPECT_FALSE(In(window, "2.2.99-508_g34906f8bbe"));
  EXPECT_FALSE(In(window, "2.2.99-100_gabcdef12"));
  EXPECT_FALSE(In(window, "2.2.99"));
  EXPECT_FALSE(In(window, "2.2.4"));
  EXPECT_FALSE(In(window, "2.3.0-rc1"));
}

TEST(VersionRangeTest, OperatorsAndSeparators) {
  EXPECT_TRUE(In("=2.2.99", "2.2.99"));
  EXPECT_TRUE(In(">2.2, <=2.3", "2.3"));
  EXPECT_FALSE(In(">2.2, <=2.3", "2.2"));
  EXPECT_EQ(Range(">=6.1 <6.2").bounds.size(), 2u);
}

TEST(VersionRangeTest, RejectsMalformedRanges) {
  std::string error;
  EXPECT_FALSE(ParseVersionRange("6.12.25", error));
  EXPECT_EQ(error, "'6.12.25' has no comparison operator (>=, >, <=, <, =)");
  EXPECT_FALSE(ParseVersionRange(">=six", error));
  EXPECT_EQ(error, "'six' is not a version");
  EXPECT_FALSE(ParseVersionRange("  ", error));
  EXPECT_EQ(error, "empty version range");
  EXPECT_FALSE(ParseVersionRange(">=", error));
  EXPECT_EQ(error, "an operator without a version");
}

TEST(VersionRangeTest, InAnyRange) {
  std::vector<VersionRange> ranges = {Range(">=6.12.25 <6.13"), Range(">=6.14.4 <6.15"),
                                      Range(">=6.15-rc3")};
  EXPECT_TRUE(InAnyRange(ranges, *ParseVersion("6.14.5")));
  EXPECT_FALSE(InAnyRange(ranges, *ParseVersion("6.14.3")));
  EXPECT_TRUE(InAnyRange(ranges, *ParseVersion("6.16.1")));
  EXPECT_EQ(DescribeRanges(ranges), "'>=6.12.25 <6.13', '>=6.14.4 <6.15', '>=6.15-rc3'");
}

TEST(VersionRangeTest, DistroKernelThatNamesOnlyItsBase) {
  std::vector<VersionRange> ranges = {Range(">=6.12.25 <6.13-rc1"), Range(">=6.14.4 <6.15-rc1"),
                                      Range(">=6.15-rc3")};
  auto verdict = [&](const char* kernel, bool upstream_known) {
    return KernelInRanges(ranges, *ParseVersion(kernel), upstream_known, nullptr);
  };
  EXPECT_EQ(verdict("6.12.25-amd64", false), RangeVerdict::kInside);  // has a stable level
  EXPECT_EQ(verdict("6.8.12-4-pve", false), RangeVerdict::kOutside);
  EXPECT_EQ(verdict("6.8.0-60-generic", false), RangeVerdict::kOutside);  // no bound inside 6.8
  EXPECT_EQ(verdict("6.14.0-15-generic", false), RangeVerdict::kUnknown);
  EXPECT_EQ(verdict("6.14.0-15-generic", true), RangeVerdict::kOutside);  // a banner said 6.14.0
  EXPECT_EQ(verdict("6.15.0-3-generic", false), RangeVerdict::kInside);   // rc3 is below 6.15.0
  EXPECT_EQ(verdict("5.14.0-570.12.1.el9_6.x86_64", false), RangeVerdict::kUnknown);
  EXPECT_FALSE(KernelNamesOnlyItsBase(*ParseVersion("6.12.25")));
  EXPECT_TRUE(KernelNamesOnlyItsBase(*ParseVersion("6.1.0-56-amd64")));
}

}  // namespace
}  // namespace crashsift::matching
