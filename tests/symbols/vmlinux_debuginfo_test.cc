// With the big vmlinux debuginfo of Debian's 6.1.0-56-amd64 (the lab's
// kernel): every frame of the lab's real hung-task console log gets a source,
// the same as eu-addr2line -i's. Skips without it; to run it:
//   apt-get download linux-image-6.1.0-56-amd64-dbg
//   dpkg-deb -x linux-image-6.1.0-56-amd64-dbg_*.deb /tmp/dbg
//   CRASHSIFT_DEBUGINFO=/tmp/dbg/usr/lib/debug ctest --test-dir build -R VmlinuxDebuginfo
// (or install the package: /usr/lib/debug is looked at too).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/symbols/dwarf_symbolizer.h"
#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

std::string DebuginfoRoot() {
  const char* env = std::getenv("CRASHSIFT_DEBUGINFO");
  std::string root = env != nullptr ? env : "/usr/lib/debug";
  if (std::filesystem::exists(root + "/boot/vmlinux-6.1.0-56-amd64")) return root;
  return "";
}

TEST(VmlinuxDebuginfo, LabHungTaskLogFramesAllGetEuAddr2linesSource) {
  std::string root = DebuginfoRoot();
  if (root.empty()) GTEST_SKIP() << "no vmlinux-6.1.0-56-amd64 debuginfo (see the file's comment)";
  auto symbolizer = DwarfSymbolizer::Open({root + "/boot/vmlinux-6.1.0-56-amd64"});
  ASSERT_TRUE(symbolizer) << symbolizer.error().OneLine();
  pipeline::AnalyzeOptions options;
  options.symbolizer = symbolizer->get();
  auto report = pipeline::AnalyzeInput(
      testing::CorpusPath("logs/library/kernel-sysrq-crash/lab-hung-sysrq-c-6.1.log").string(),
      options);
  ASSERT_TRUE(report) << report.error().OneLine();
  size_t frames = 0;
  size_t with_source = 0;
  const events::StackFrame* want_write = nullptr;
  for (const auto& e : report->events) {
    for (const auto& f : e.frames) {
      if (!f.offset || !f.module.empty()) continue;
      ++frames;
      if (!f.source.empty()) ++with_source;
      if (f.function == "mnt_want_write") want_write = &f;
    }
  }
  EXPECT_GT(frames, 50u);
  EXPECT_EQ(with_source, frames);
  for (const auto& w : report->warnings) ADD_FAILURE() << w.message;
  // eu-addr2line -f -i -e vmlinux mnt_want_write+0x8b
  ASSERT_TRUE(want_write);
  ASSERT_EQ(want_write->source.size(), 4u);
  EXPECT_EQ(want_write->source[0].function, "percpu_down_read");
  EXPECT_EQ(want_write->source[0].file, "include/linux/percpu-rwsem.h");
  EXPECT_EQ(want_write->source[0].line, 65u);
  EXPECT_EQ(want_write->source[1].function, "__sb_start_write");
  EXPECT_EQ(want_write->source[1].line, 1897u);
  EXPECT_EQ(want_write->source[2].function, "sb_start_write");
  EXPECT_EQ(want_write->source[2].line, 1972u);
  EXPECT_EQ(want_write->source[3].function, "mnt_want_write");
  EXPECT_EQ(want_write->source[3].file, "fs/namespace.c");
  EXPECT_EQ(want_write->source[3].line, 402u);
  EXPECT_EQ(want_write->source[3].column, 2u);
}

}  // namespace
}  // namespace crashsift::symbols
