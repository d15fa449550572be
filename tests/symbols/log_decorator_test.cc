// LogDecorator (`crashsift symbolize`): frames get " (file:line ...)" after
// them, innermost first, as scripts/decode_stacktrace.sh writes them.
#include "analyzer/symbols/log_decorator.h"

#include <gtest/gtest.h>

#include "analyzer/symbols/dwarf_symbolizer.h"
#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

TEST(LogDecorator, AddsTheChainAfterModuleFramesOnly) {
  auto symbolizer = DwarfSymbolizer::Open(
      {testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string()});
  ASSERT_TRUE(symbolizer) << symbolizer.error().OneLine();
  LogDecorator decorator(**symbolizer);
  EXPECT_EQ(decorator.Decorate("[    0.000000] Linux version 6.1.0-56-amd64 (x) #1 SMP"),
            "[    0.000000] Linux version 6.1.0-56-amd64 (x) #1 SMP");
  EXPECT_EQ(decorator.Decorate("[  243.112660]  loop_process_work+0xbc/0xab0 [loop]"),
            "[  243.112660]  loop_process_work+0xbc/0xab0 [loop] (drivers/block/loop.c:493 "
            "drivers/block/loop.c:1929 drivers/block/loop.c:1964)");
  // No vmlinux given: left as printed; counted.
  EXPECT_EQ(decorator.Decorate("[  243.112680]  kthread+0xda/0x100"),
            "[  243.112680]  kthread+0xda/0x100");
  // Already symbolized (a second pass): unchanged.
  std::string once = decorator.Decorate(" lo_rw_aio.isra.0+0x25e/0x2d0 [loop]");
  EXPECT_EQ(decorator.Decorate(once), once);
  EXPECT_EQ(decorator.frames(), 3u);
  EXPECT_EQ(decorator.symbolized(), 2u);
  ASSERT_EQ(decorator.failures().size(), 1u);
}

TEST(LogDecorator, ReleaseFromTheTaintLineRefusesAnotherBuild) {
  auto symbolizer = DwarfSymbolizer::Open(
      {testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64/usr/lib/debug").string()});
  ASSERT_TRUE(symbolizer);
  LogDecorator decorator(**symbolizer);
  decorator.Decorate(
      "[  321.0] CPU: 1 PID: 204 Comm: kworker/u8:4 Tainted: P           OE      "
      "6.12.57+deb12-amd64 #1  Debian 6.12.57-1~bpo12+1");
  std::string line = " loop_process_work+0x81/0x3f0 [loop]";
  EXPECT_EQ(decorator.Decorate(line), line);
  ASSERT_EQ(decorator.failures().size(), 1u);
  EXPECT_NE(decorator.failures().begin()->first.find("the log is from 6.12.57+deb12-amd64"),
            std::string::npos);
}

}  // namespace
}  // namespace crashsift::symbols
