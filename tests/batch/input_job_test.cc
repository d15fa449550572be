// InputJobs: small files read once give the mapped path's report; equal
// inputs are analysed once; archives give one report per log member; the
// parts of a makedumpfile --split set among other inputs are one report, in
// the place of the set's first part, found without a pre-pass.
#include "analyzer/batch/input_job.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analyzer/render/json_report.h"
#include "tests/batch/archive_writer.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::batch {
namespace {

std::string Sample() { return testing::CorpusPath("logs/events/lab-hung.console.log").string(); }

TEST(InputJobTest, SmallFileReportEqualsTheMappedPathsReport) {
  std::vector<std::string> inputs = {Sample()};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto reports = jobs.Run(0);
  ASSERT_EQ(reports.size(), 1u);
  auto mapped = pipeline::AnalyzeInput(Sample(), options);
  ASSERT_TRUE(mapped);
  EXPECT_FALSE(reports[0]->events.empty());
  EXPECT_EQ(render::RenderJson(*reports[0]), render::RenderJson(*mapped));
}

TEST(InputJobTest, EqualInputsAreAnalysedOnceAndReportedUnderTheirOwnNames) {
  auto copy = testing::TempDir() / "input-job-copy.log";
  std::filesystem::copy_file(Sample(), copy, std::filesystem::copy_options::overwrite_existing);
  std::vector<std::string> inputs = {Sample(), copy.string(), Sample()};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto a = jobs.Run(0), b = jobs.Run(1), c = jobs.Run(2);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(jobs.duplicates(), 2u);
  EXPECT_EQ(b[0]->input, copy.string());
  nlohmann::json ja = nlohmann::json::parse(render::RenderJson(*a[0]));
  nlohmann::json jb = nlohmann::json::parse(render::RenderJson(*b[0]));
  EXPECT_EQ(jb["input"], copy.string());
  jb["input"] = ja["input"];
  EXPECT_EQ(ja, jb);
  EXPECT_EQ(render::RenderJson(*c[0]), render::RenderJson(*a[0]));
}

TEST(InputJobTest, ArchiveMembersAreReportsAndHostileNamesOnlyLabels) {
  const std::string log = testing::ReadFile(Sample());
  auto tgz = testing::TempDir() / "input-job.tar.gz";
  testing::WriteArchive(tgz.string(), "tar", "gzip",
                        {{"../../../../tmp/crashsift-escaped.log", log},
                         {"/abs/console\x1b[31m.log", "[    1.000000] hello\n"},
                         {"bin/true", std::string("\x7f"
                                                  "ELF\2\1\1",
                                                  7) +
                                          std::string(200, '\0')},
                         {"empty.log", ""}});
  std::vector<std::string> inputs = {tgz.string()};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto reports = jobs.Run(0);
  ASSERT_EQ(reports.size(), 2u);  // the binary and the empty member are skipped, not failures
  EXPECT_EQ(reports[0]->input, tgz.string() + "!/../../../../tmp/crashsift-escaped.log");
  EXPECT_FALSE(reports[0]->events.empty());
  EXPECT_TRUE(reports[0]->errors.empty());
  EXPECT_EQ(reports[1]->input, tgz.string() + "!//abs/console?[31m.log");
  EXPECT_EQ(jobs.skipped_members(), 2u);
  EXPECT_FALSE(std::filesystem::exists("/tmp/crashsift-escaped.log"));
}

TEST(InputJobTest, ZipXzZstdAndBzip2) {
  const std::string log = testing::ReadFile(Sample());
  pipeline::AnalyzeOptions options;
  for (auto [format, filter] : std::vector<std::pair<std::string, std::string>>{
           {"zip", ""}, {"tar", "xz"}, {"tar", "zstd"}, {"tar", "bzip2"}, {"cpio", ""}}) {
    auto path = testing::TempDir() / ("input-job-" + format + "-" + filter);
    testing::WriteArchive(path.string(), format, filter, {{"var/log/kern.log", log}});
    std::vector<std::string> inputs = {path.string()};
    auto reports = InputJobs(inputs, options).Run(0);
    ASSERT_EQ(reports.size(), 1u) << format << filter;
    EXPECT_EQ(reports[0]->input, path.string() + "!/var/log/kern.log");
    EXPECT_FALSE(reports[0]->events.empty()) << format << filter;
  }
  auto bz2 = testing::TempDir() / "input-job.log.bz2";
  testing::WriteArchive(bz2.string(), "raw", "bzip2", {{"", log}});
  std::vector<std::string> inputs = {bz2.string()};
  auto reports = InputJobs(inputs, options).Run(0);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]->input, bz2.string());
  EXPECT_FALSE(reports[0]->events.empty());
}

TEST(InputJobTest, SosreportArchiveGivesOnlyItsKernelLogs) {
  const std::string log = testing::ReadFile(Sample());
  auto sos = testing::TempDir() / "sosreport-host-2026.tar.xz";
  testing::WriteArchive(sos.string(), "tar", "xz",
                        {{"sosreport-host-2026/sos_commands/kernel/uname_-a", "Linux host 6.1\n"},
                         {"sosreport-host-2026/var/log/wtmp", std::string(384, '\0')},
                         {"sosreport-host-2026/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n"},
                         {"sosreport-host-2026/var/log/messages", log},
                         {"sosreport-host-2026/sos_commands/kernel/dmesg", "[    1.0] boot\n"}});
  std::vector<std::string> inputs = {sos.string()};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto reports = jobs.Run(0);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]->input, sos.string() + "!/sosreport-host-2026/var/log/messages");
  EXPECT_FALSE(reports[0]->events.empty());
  EXPECT_EQ(reports[1]->input, sos.string() + "!/sosreport-host-2026/sos_commands/kernel/dmesg");
  EXPECT_EQ(jobs.skipped_members(), 3u);
  for (const auto& r : reports) EXPECT_TRUE(r->errors.empty()) << r->input;
}

TEST(InputJobTest, ACompressedLogIsNoArchive) {
  auto gz = testing::TempDir() / "input-job-kern.log.gz";
  testing::WriteArchive(gz.string(), "raw", "gzip", {{"", testing::ReadFile(Sample())}});
  std::vector<std::string> inputs = {gz.string()};
  pipeline::AnalyzeOptions options;
  auto reports = InputJobs(inputs, options).Run(0);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]->input, gz.string());
  EXPECT_EQ(reports[0]->compression, "gzip");
  EXPECT_FALSE(reports[0]->events.empty());
}

TEST(InputJobTest, SplitPartsAreOneReportInThePlaceOfTheFirstPart) {
  const std::string p1 = testing::VmcoreSample("oops.kdump-lzo-d31.split1").string();
  const std::string p2 = testing::VmcoreSample("oops.kdump-lzo-d31.split2").string();
  const std::string p3 = testing::VmcoreSample("oops.kdump-lzo-d31.split3").string();
  std::vector<std::string> inputs = {Sample(), p2, p3, Sample(), p1};
  pipeline::AnalyzeOptions options;
  InputJobs jobs(inputs, options);
  auto first = jobs.Run(0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]->input, Sample());
  auto set = jobs.Run(1);
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set[0]->input, p2 + ", " + p3 + ", " + p1);
  EXPECT_TRUE(set[0]->errors.empty());
  EXPECT_FALSE(set[0]->events.empty());
  EXPECT_TRUE(jobs.Run(2).empty());
  EXPECT_EQ(jobs.Run(3).size(), 1u);
  EXPECT_TRUE(jobs.Run(4).empty());
}

TEST(InputJobTest, AMissingInputIsAnErrorReport) {
  std::vector<std::string> inputs = {(testing::TempDir() / "no-such.log").string()};
  pipeline::AnalyzeOptions options;
  auto reports = InputJobs(inputs, options).Run(0);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0]->errors.size(), 1u);
  EXPECT_EQ(reports[0]->errors[0].code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace crashsift::batch
