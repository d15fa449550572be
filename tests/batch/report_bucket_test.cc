// Bucket algorithm v2 (pipeline::BucketOf): a signature's captured source
// path is keyed relative to the kernel tree, whatever directory the kernel
// or module was built in. The paths are the ones of real reports in
// corpus/wild/logs and corpus/logs (see tests/cli/data/README.md).
#include "analyzer/pipeline/report_bucket.h"

#include <gtest/gtest.h>

namespace crashsift::pipeline {
namespace {

std::string KeyOf(const std::string& signature_bucket) {
  AnalysisReport report;
  diagnosis::Diagnosis d;
  d.signature = "kernel-warn-on";
  d.bucket = signature_bucket;
  report.diagnoses.push_back(d);
  return BucketOf(report).key;
}

TEST(ReportBucketTest, CapturedPathsAreTreeRelative) {
  EXPECT_EQ(KeyOf("kernel-warn-on:/home/user/rpmbuild/BUILD/kernel-latest-5.10.16/"
                  "linux-5.10.16/drivers/pci/msi.c:1273"),
            "sig:kernel-warn-on:drivers/pci/msi.c:1273");
  EXPECT_EQ(KeyOf("kernel-warn-on:/build/linux-hwe-jDoxDp/linux-hwe-4.18.0/kernel/signal.c:2233"),
            "sig:kernel-warn-on:kernel/signal.c:2233");
  EXPECT_EQ(KeyOf("kernel-warn-on:./include/net/sock.h:1508"),
            "sig:kernel-warn-on:include/net/sock.h:1508");
  EXPECT_EQ(KeyOf("kernel-warn-on:../drivers/gpu/drm/i915/intel_drv.h:1813"),
            "sig:kernel-warn-on:drivers/gpu/drm/i915/intel_drv.h:1813");
  EXPECT_EQ(KeyOf("kernel-warn-on:/linux/kernel/sched/core.c:7301"),
            "sig:kernel-warn-on:kernel/sched/core.c:7301");
}

TEST(ReportBucketTest, ModulesBuiltOutsideTheTreeKeepTheirLastDirectoryAndFile) {
  EXPECT_EQ(KeyOf("kernel-warn-on:/var/lib/dkms/8812au/5.6.4.2_35491.20191025/build/core/"
                  "rtw_odm.c:62"),
            "sig:kernel-warn-on:core/rtw_odm.c:62");
  EXPECT_EQ(KeyOf("kernel-warn-on:/tmp/akmodsbuild.6kih3Ufp/BUILD/nvidia-kmod-460.56/"
                  "_kmod_build_5.10.19-200.fc33.x86_64/nvidia-drm/nvidia-drm-drv.c:530"),
            "sig:kernel-warn-on:nvidia-drm/nvidia-drm-drv.c:530");
}

TEST(ReportBucketTest, OtherCapturesAreKeptAsTheyAre) {
  // Already tree-relative, with a "../" inside: unchanged.
  EXPECT_EQ(KeyOf("kernel-warn-on:drivers/gpu/drm/amd/amdgpu/../display/dc/dce/dmub_psr.c:225"),
            "sig:kernel-warn-on:drivers/gpu/drm/amd/amdgpu/../display/dc/dce/dmub_psr.c:225");
  // An assertion's expression may hold a '/': not a path.
  EXPECT_EQ(KeyOf("openzfs-assertion-generic:f:VERIFY3(a / b == 0)"),
            "sig:openzfs-assertion-generic:f:VERIFY3(a / b == 0)");
  EXPECT_EQ(KeyOf("openzfs-spl-panic-legacy:space_map.c:334:space_map_load()"),
            "sig:openzfs-spl-panic-legacy:space_map.c:334:space_map_load()");
  EXPECT_EQ(KeyOf(""), "sig:kernel-warn-on");
}

TEST(ReportBucketTest, IdsCarryTheAlgorithmVersion) {
  EXPECT_EQ(BucketId("no-crash").substr(0, 3), std::string(kBucketAlgorithm) + ":");
  EXPECT_EQ(kBucketAlgorithm, "v2");
}

}  // namespace
}  // namespace crashsift::pipeline
