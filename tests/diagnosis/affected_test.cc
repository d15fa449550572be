#include "analyzer/diagnosis/affected.h"

#include <gtest/gtest.h>

#include "analyzer/matching/signature_loader.h"

namespace crashsift::diagnosis {
namespace {

matching::Signature LoopLike() {
  auto s = matching::ParseSignature(R"(id = "x"
title = "t"
summary = "s"
[[require]]
kind = "hung_task"
[[affected]]
component = "kernel"
ranges = ['>=6.12.25 <6.13', '>=6.15']
inside = "has the change"
outside = "predates the change"
[[affected]]
component = "openzfs"
ranges = ['>=2.2.99 <2.3.3']
inside = "lacks the fix"
outside = "has the fix"
)",
                                    "");
  EXPECT_TRUE(s.has_value());
  return *s;
}

events::SystemFacts Facts(const char* kernel, const char* zfs) {
  events::SystemFacts f;
  if (kernel) {
    f.kernel_release = kernel;
    f.kernel = ParseVersion(kernel);
  }
  if (zfs) {
    f.zfs_release = zfs;
    f.zfs = ParseVersion(zfs);
  }
  return f;
}

TEST(AffectedTest, BothInside) {
  auto f = Facts("6.12.25-amd64", "2.3.1-1");
  auto v = ComputeAffected(LoopLike(), &f);
  EXPECT_EQ(v.affected, Affected::kYes);
  EXPECT_EQ(v.reason, "kernel 6.12.25-amd64 has the change and ZFS 2.3.1-1 lacks the fix");
}

TEST(AffectedTest, OneOutsideIsNotAffected) {
  auto f = Facts("6.12.24", "2.3.1");
  auto v = ComputeAffected(LoopLike(), &f);
  EXPECT_EQ(v.affected, Affected::kNo);
  EXPECT_EQ(v.reason, "kernel 6.12.24 predates the change, although ZFS 2.3.1 lacks the fix");
}

TEST(AffectedTest, UnknownZfsVersion) {
  auto f = Facts("6.15.2", nullptr);
  auto v = ComputeAffected(LoopLike(), &f);
  EXPECT_EQ(v.affected, Affected::kUnknown);
  EXPECT_EQ(v.reason,
            "kernel 6.15.2 has the change, but the ZFS version is not in the log (no 'ZFS: Loaded "
            "module' line)");
  EXPECT_TRUE(v.missing.zfs);  // the code collect-next reads
  EXPECT_FALSE(v.missing.kernel);
  EXPECT_EQ(ComputeAffected(LoopLike(), nullptr).affected, Affected::kUnknown);
  EXPECT_TRUE(ComputeAffected(LoopLike(), nullptr).missing.kernel);
}

TEST(AffectedTest, DistroKernelUsesTheUpstreamVersion) {
  auto f = Facts("6.1.0-56-amd64", "2.3.1");
  f.kernel_upstream = ParseVersion("6.1.192-2");
  auto v = ComputeAffected(LoopLike(), &f);
  EXPECT_EQ(v.affected, Affected::kNo);
  EXPECT_EQ(v.reason,
            "kernel 6.1.0-56-amd64 (upstream 6.1.192) predates the change, although ZFS 2.3.1 "
            "lacks the fix");
}

TEST(AffectedTest, Names) {
  EXPECT_EQ(ToString(Affected::kYes), "true");
  EXPECT_EQ(ToString(Affected::kNo), "false");
  EXPECT_EQ(ToString(Affected::kUnknown), "unknown");
}

}  // namespace
}  // namespace crashsift::diagnosis
