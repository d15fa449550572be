// InputJobs: small files read once give the mapped path's report; the parts
// of a makedumpfile --split set among other inputs are one report, in the
// place of the set's first part, found without a pre-pass over the inputs.
#include "analyzer/batch/input_job.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analyzer/render/json_report.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::batch {
namespace {

TEST(InputJobTest, SmallFileReportEqualsTheMappedPathsReport) {
  const std::string log = testing::CorpusPath("logs/events/lab-hung.console.log").string();
  std::vector<std::string> inputs = {log};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto report = jobs.Run(0);
  ASSERT_TRUE(report);
  auto mapped = pipeline::AnalyzeInput(log, options);
  ASSERT_TRUE(mapped);
  EXPECT_FALSE(report->events.empty());
  EXPECT_EQ(render::ReportToJson(*report), render::ReportToJson(*mapped));
}

TEST(InputJobTest, SplitPartsAreOneReportInThePlaceOfTheFirstPart) {
  const std::string p1 = testing::VmcoreSample("oops.kdump-lzo-d31.split1").string();
  const std::string p2 = testing::VmcoreSample("oops.kdump-lzo-d31.split2").string();
  const std::string p3 = testing::VmcoreSample("oops.kdump-lzo-d31.split3").string();
  const std::string log = testing::CorpusPath("logs/events/lab-hung.console.log").string();
  std::vector<std::string> inputs = {log, p2, p3, log, p1};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  EXPECT_EQ(jobs.ReportCount(), 3u);  // log, the set, log again
  auto first = jobs.Run(0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->input, log);
  auto set = jobs.Run(1);
  ASSERT_TRUE(set);
  EXPECT_EQ(set->input, p2 + ", " + p3 + ", " + p1);
  EXPECT_TRUE(set->errors.empty());
  EXPECT_FALSE(set->events.empty());
  EXPECT_FALSE(jobs.Run(2));
  EXPECT_TRUE(jobs.Run(3));
  EXPECT_FALSE(jobs.Run(4));
}

TEST(InputJobTest, AMissingInputIsAnErrorReport) {
  std::vector<std::string> inputs = {(testing::TempDir() / "no-such.log").string()};
  pipeline::AnalyzeOptions options;
  auto report = InputJobs(inputs, options).Run(0);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace crashsift::batch
