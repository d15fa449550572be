// A signature clause `file = "drivers/block/loop.c"` holds when a frame's
// source chain (from --debuginfo) passes through that file, inlined levels
// included, and never without debuginfo.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analyzer/matching/clause_matcher.h"
#include "analyzer/matching/signature_library.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/symbols/dwarf_symbolizer.h"
#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

matching::SignatureLibrary LoopSignature(const std::string& file) {
  auto dir = testing::TempDir() / "signatures" / "kernel";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "test-loop-worker-hang.toml") << R"(id = "test-loop-worker-hang"
title = "loop worker hung in the backing file's write"
summary = "test"
tags = ["test"]

[[require]]
kind = ["hung_task", "blocked_task"]
file = ")" << file << R"("

[[action]]
text = "none"
)";
  auto library = matching::SignatureLibrary::Load(dir.parent_path());
  EXPECT_TRUE(library) << library.error().OneLine();
  return std::move(*library);
}

std::vector<std::string> Diagnosed(const matching::SignatureLibrary& library,
                                   Symbolizer* symbolizer) {
  pipeline::AnalyzeOptions options;
  options.signatures = &library;
  options.symbolizer = symbolizer;
  auto report = pipeline::AnalyzeInput(
      testing::CorpusPath("debuginfo/logs/assembled-loop-hung-6.1.0-56.log").string(), options);
  EXPECT_TRUE(report) << report.error().OneLine();
  std::vector<std::string> ids;
  if (report) {
    for (const auto& d : report->diagnoses) ids.push_back(d.signature);
  }
  return ids;
}

TEST(SourceFileClause, MatchesOnlyWithDebuginfo) {
  auto library = LoopSignature("drivers/block/loop.c");
  EXPECT_TRUE(Diagnosed(library, nullptr).empty());
  auto symbolizer = DwarfSymbolizer::Open(
      {testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string()});
  ASSERT_TRUE(symbolizer) << symbolizer.error().OneLine();
  EXPECT_EQ(Diagnosed(library, symbolizer->get()),
            std::vector<std::string>{"test-loop-worker-hang"});
}

TEST(SourceFileClause, PathsMatchOnWholeComponents) {
  auto symbolizer = DwarfSymbolizer::Open(
      {testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string()});
  ASSERT_TRUE(symbolizer);
  // "block/loop.c" is a suffix at a "/": it names drivers/block/loop.c.
  EXPECT_EQ(Diagnosed(LoopSignature("block/loop.c"), symbolizer->get()).size(), 1u);
  // "lock/loop.c" is not a whole component.
  EXPECT_TRUE(Diagnosed(LoopSignature("lock/loop.c"), symbolizer->get()).empty());
}

TEST(SourceFileClause, AnInlinedLevelCounts) {
  // zap_create_leaf inlined into zap_expand_leaf: the frame printed is
  // zap_expand_leaf, the inline chain passes through zap.c's caller and
  // zap_leaf.c's callee.
  auto library = LoopSignature("module/zfs/zap_leaf.c");
  const matching::Clause& clause = library.signatures().front().require.front();
  events::Event event;
  event.kind = events::EventKind::kHungTask;
  events::StackFrame frame;
  frame.function = "zap_expand_leaf";
  frame.offset = 0x4a;
  frame.module = "zfs";
  frame.source = {{"zap_leaf_init", "/build/zfs-2.3.2/module/zfs/zap_leaf.c", 441, 3, true},
                  {"zap_create_leaf", "/build/zfs-2.3.2/module/zfs/zap.c", 385, 2, true},
                  {"zap_expand_leaf", "/build/zfs-2.3.2/module/zfs/zap.c", 640, 9, false}};
  event.frames.push_back(frame);
  auto scan = matching::ScanEvent(library, event);
  ASSERT_TRUE(scan);
  EXPECT_TRUE(matching::EvaluateClause(library, clause, event, *scan).hit);
  event.frames.front().source.erase(event.frames.front().source.begin());
  auto missed = matching::EvaluateClause(library, clause, event, *scan);
  EXPECT_FALSE(missed.hit);
  EXPECT_EQ(missed.why_not, "no frame's source in module/zfs/zap_leaf.c");
}

TEST(SourceFileClause, AbsolutePathIsRefusedByTheLoader) {
  auto dir = testing::TempDir() / "signatures" / "kernel";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.toml") << R"(id = "bad"
title = "t"
summary = "s"
tags = ["test"]

[[require]]
file = "/usr/src/linux/fs/open.c"

[[action]]
text = "none"
)";
  auto library = matching::SignatureLibrary::Load(dir.parent_path());
  ASSERT_FALSE(library);
  EXPECT_NE(library.error().OneLine().find("require[0].file: must be a source path relative"),
            std::string::npos)
      << library.error().OneLine();
}

}  // namespace
}  // namespace crashsift::symbols
