// DwarfSymbolizer and the pipeline with debuginfo: frames of the corpus log
// get file:line with inline chains; a debuginfo whose build id or release
// does not match the log is refused with a one-line reason.
#include "analyzer/symbols/dwarf_symbolizer.h"

#include <gtest/gtest.h>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/symbols/frame_symbolization.h"
#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

std::string DebugRoot() {
  return testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string();
}

std::unique_ptr<DwarfSymbolizer> OpenCorpusDebuginfo() {
  auto symbolizer = DwarfSymbolizer::Open({DebugRoot()});
  EXPECT_TRUE(symbolizer) << symbolizer.error().OneLine();
  return symbolizer ? std::move(*symbolizer) : nullptr;
}

FrameQuery LoopQuery() {
  FrameQuery q;
  q.function = "loop_process_work";
  q.offset = 0xbc;
  q.size = 0xab0;
  q.module = "loop";
  q.kernel_release = "6.1.0-56-amd64";
  return q;
}

TEST(NullSymbolizer, AnswersNothing) {
  NullSymbolizer null;
  auto answer = null.Symbolize(LoopQuery());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().OneLine(), "loop: no debuginfo given");
}

TEST(DwarfSymbolizer, FindsTheModuleByReleaseAndName) {
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  auto chain = symbolizer->Symbolize(LoopQuery());
  ASSERT_TRUE(chain) << chain.error().OneLine();
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_EQ(chain->back().function, "loop_process_work");
  EXPECT_EQ(chain->back().line, 1964u);
}

TEST(DwarfSymbolizer, MatchingBuildIdIsUsedWrongOneIsRefused) {
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  FrameQuery q = LoopQuery();
  q.kernel_release = "";
  q.module_build_id = "5b81e7110d237f7d98de51ca3ef6d26ddd9a4824";
  EXPECT_TRUE(symbolizer->Symbolize(q));
  q.module_build_id = "3f2a0b1c9d8e7f6a00112233445566778899aabb";
  auto refused = symbolizer->Symbolize(q);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kBadMagic);
  EXPECT_NE(refused.error().OneLine().find(
                "loop.ko.xz: build id 5b81e7110d23... does not match the log's 3f2a0b1c9d8e... "
                "for loop"),
            std::string::npos)
      << refused.error().OneLine();
}

TEST(DwarfSymbolizer, OtherReleaseIsRefused) {
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  FrameQuery q = LoopQuery();
  q.kernel_release = "6.12.57+deb12-amd64";
  auto refused = symbolizer->Symbolize(q);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().OneLine().find(
                "built for 6.1.0-56-amd64, the log is from 6.12.57+deb12-amd64"),
            std::string::npos)
      << refused.error().OneLine();
}

TEST(DwarfSymbolizer, ModuleWithoutDebuginfoIsNotFound) {
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  FrameQuery q = LoopQuery();
  q.module = "zfs";
  auto none = symbolizer->Symbolize(q);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().OneLine(), "zfs: no debuginfo among the --debuginfo paths");
}

TEST(DwarfSymbolizer, PathWithoutDebuginfoIsRefusedAtOpen) {
  auto empty = DwarfSymbolizer::Open({testing::CorpusPath("debuginfo/logs").string()});
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().OneLine().find("no vmlinux or kernel module debuginfo found"),
            std::string::npos);
}

TEST(PipelineWithDebuginfo, CorpusLogFramesGetSourceAndMissingVmlinuxIsAWarning) {
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  pipeline::AnalyzeOptions options;
  options.symbolizer = symbolizer.get();
  auto report = pipeline::AnalyzeInput(
      testing::CorpusPath("debuginfo/logs/assembled-loop-hung-6.1.0-56.log").string(), options);
  ASSERT_TRUE(report) << report.error().OneLine();
  const events::StackFrame* lo_rw_aio = nullptr;
  const events::StackFrame* process = nullptr;
  for (const auto& e : report->events) {
    for (const auto& f : e.frames) {
      if (f.function == "lo_rw_aio.isra.0") lo_rw_aio = &f;
      if (f.function == "loop_process_work") process = &f;
    }
  }
  ASSERT_TRUE(lo_rw_aio && process);
  ASSERT_FALSE(lo_rw_aio->source.empty());
  EXPECT_EQ(lo_rw_aio->source.back().function, "lo_rw_aio");
  EXPECT_EQ(lo_rw_aio->source.back().file, "drivers/block/loop.c");
  ASSERT_EQ(process->source.size(), 3u);
  EXPECT_EQ(process->source[0].function, "do_req_filebacked");
  bool warned = false;
  for (const auto& w : report->warnings) {
    if (w.message.find("vmlinux: no debuginfo among the --debuginfo paths (7 frames") !=
        std::string::npos)
      warned = true;
  }
  EXPECT_TRUE(warned);
}

TEST(PipelineWithDebuginfo, RealLogOfAnotherReleaseKeepsItsFramesAndSaysWhy) {
  // The real loop-on-ZFS hang (Debian 6.12.57 bpo): its loop frames must not
  // get 6.1.0-56's lines.
  auto symbolizer = OpenCorpusDebuginfo();
  ASSERT_TRUE(symbolizer);
  pipeline::AnalyzeOptions options;
  options.symbolizer = symbolizer.get();
  auto report =
      pipeline::AnalyzeInput(testing::CorpusPath("logs/signatures/openzfs-loop-txg-sync-hang/"
                                                 "lab-loop-zfs-2.3.2-6.12.57.console.log")
                                 .string(),
                             options);
  ASSERT_TRUE(report) << report.error().OneLine();
  for (const auto& e : report->events) {
    for (const auto& f : e.frames) EXPECT_TRUE(f.source.empty()) << f.function;
  }
  bool refused = false;
  for (const auto& w : report->warnings) {
    if (w.message.find("built for 6.1.0-56-amd64, the log is from 6.12.57+deb12-amd64") !=
        std::string::npos)
      refused = true;
  }
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace crashsift::symbols
