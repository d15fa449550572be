// Titles end to end, as `crashsift analyze --format jsonl` produces them:
// pipeline::AnalyzeInput (format sniffing, analyze/kernel_log's reader, event
// splitting, ReportScanner, TitleForEvent) and render::RenderJsonLine's
// flat `title` / `corrupted` keys, on the real console logs of
// corpus/logs/titles. report_scanner_test.cc checks the scanner alone through
// a syzbot-like line splitter; this checks that nothing between the file and
// the JSON line changes its answer. The expected values are syzkaller's
// (the TITLE and CORRUPTED headers of the same upstream files).
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"
#include "tests/support/test_support.h"

namespace crashsift::titles {
namespace {

nlohmann::json AnalyzeSample(const std::string& name) {
  std::string path = crashsift::testing::CorpusPath("logs/titles/" + name).string();
  pipeline::AnalyzeOptions options;
  auto report = pipeline::AnalyzeInput(path, options);
  EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().reason);
  if (!report) return nlohmann::json::object();
  nlohmann::json line = nlohmann::json::parse(render::RenderJsonLine(*report));
  EXPECT_EQ(line["file"], path);
  return line;
}

struct Expected {
  const char* sample;
  const char* title;  // nullptr: no crash
  bool corrupted;
};

// ctest names a case by its sample ("syzkaller_118"), not by its bytes.
void PrintTo(const Expected& e, std::ostream* os) {
  *os << e.sample << " -> " << (e.title ? e.title : "no crash");
}

std::string SampleName(const ::testing::TestParamInfo<Expected>& info) {
  std::string name = info.param.sample;
  return crashsift::testing::TestName(name.substr(0, name.find('.')));
}

class PipelineTitle : public ::testing::TestWithParam<Expected> {};

TEST_P(PipelineTitle, JsonLineMatchesSyzbot) {
  const Expected& want = GetParam();
  nlohmann::json line = AnalyzeSample(want.sample);
  if (want.title == nullptr) {
    EXPECT_TRUE(line["title"].is_null()) << line["title"];
  } else {
    EXPECT_EQ(line["title"], want.title);
  }
  EXPECT_EQ(line["corrupted"], want.corrupted);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, PipelineTitle,
    ::testing::Values(
        Expected{"syzkaller-72.log", "INFO: task hung in rtnl_lock", false},
        Expected{"syzkaller-297.log", "BUG: soft lockup in smp_call_function", false},
        Expected{"syzkaller-636.log", "KMSAN: uninit-value in ppp_send_frame", false},
        Expected{"syzkaller-44.log", "kernel BUG in pte_list_remove", false},
        Expected{"syzkaller-112.log",
                 "BUG: unable to handle kernel NULL pointer dereference in process_one_work",
                 false},
        Expected{"syzkaller-622.log", "WARNING: refcount bug in memfd_secret", false},
        Expected{"syzkaller-748.log",
                 "attempt to subtract with overflow in <rust_binder::process::Process>::update_ref",
                 false},
        Expected{"syzkaller-55.log", "memory leak in start_kernel", false},
        Expected{"syzkaller-31.log", "possible deadlock in audit_receive", true},
        Expected{"syzkaller-20.log",
                 "BUG: unable to handle kernel NULL pointer dereference in corrupted", true},
        Expected{"syzkaller-299.log", "INFO: rcu detected stall in sched_ttwu_pending", false},
        Expected{"syzkaller-740.log", "KASAN: slab-use-after-free Read in chrdev_open", false},
        Expected{"syzkaller-249.log", "WARNING in rfkill_fop_read", false},
        // Console quirks the kernel_log reader must undo (CONFORMANCE.md):
        // a glued "syzkaller login: " prompt, at the start and mid-log ...
        Expected{"syzkaller-118.log",
                 "INFO: trying to register non-static key in tcp_fastopen_reset_cipher", false},
        Expected{"syzkaller-688.log", "INFO: rcu detected stall in sys_recvmmsg", false},
        // ... 4.4's "** N printk messages dropped ** " banner before "[ts]" ...
        Expected{"syzkaller-123.log", "INFO: Freed in fasync_free_rcu age=NUM cpu=NUM pid=NUM",
                 true},
        // ... "Booting the kernel." and a whole report without stamps in a
        // log that reads as pasted ...
        Expected{"syzkaller-127.log", "unexpected kernel reboot", false},
        Expected{"syzkaller-621.log", "WARNING in ovl_create_real", false},
        // ... and syz-manager's unprefixed lines inside a report.
        Expected{"syzkaller-158.log", "WARNING: refcount bug in dev_activate", false},
        // False-positive markers: "no crash here" is a null title.
        Expected{"syzkaller-252.log", nullptr, false},
        Expected{"syzkaller-712.log", nullptr, false}),
    SampleName);

}  // namespace
}  // namespace crashsift::titles
