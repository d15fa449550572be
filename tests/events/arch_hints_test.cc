// arch_hints: the exception-PC and stack-word lines that MIPS, RISC-V and
// LoongArch print alike, told apart by what follows, not by blanks that a web
// form may collapse. Lines as corpus/wild and corpus/logs samples print them.
#include "analyzer/events/arch_hints.h"

#include <gtest/gtest.h>

namespace crashsift::events {
namespace {

TEST(ArchHintsTest, ExceptionPcLineOfMipsAndRiscv) {
  // blog-dren-multipath-on-airos (MIPS 2.6.15), then with its blanks collapsed.
  EXPECT_EQ(
      ArchFromReportLine("epc   : 80150d00 __ip_route_output_key+0x28c/0x105c     Tainted: P"),
      "mips");
  EXPECT_EQ(ArchFromReportLine("epc : 80150d00 __ip_route_output_key+0x28c/0x105c Tainted: P"),
            "mips");
  // RISC-V: the address then ra, or (5.x+) a symbol.
  EXPECT_EQ(
      ArchFromReportLine("epc : ffffffff8007dbb0 ra : ffffffff80ed8120 sp : ff2000000013bed0"),
      "riscv64");
  EXPECT_EQ(ArchFromReportLine("epc: ffffffe00022affe ra : ffffffe00022afea sp : ffffffe086d3fe30"),
            "riscv64");
  EXPECT_EQ(ArchFromReportLine("epc : kmem_cache_alloc+0x246/0x570"), "riscv64");
  EXPECT_EQ(ArchFromReportLine("epc : 80150d00"), "");
}

TEST(ArchHintsTest, StackWordsOfMips32OnlyNameMips) {
  EXPECT_EQ(ArchFromReportLine("Stack : 00000000 00000000 00000000 00000000 805b7ad2 0000003e"),
            "mips");
  // gh-loongson-community-discussions-18: LoongArch copied the format, 64-bit words.
  EXPECT_EQ(ArchFromReportLine("Stack : 00000000000000b4 90000000036958b0 90000001001585b0"), "");
}

TEST(ArchHintsTest, BracketedPcByItsWidth) {
  // gh-ayufan-rock64-linux-build-187: arm64 4.4 printed the 32-bit ARM form with 16 digits.
  EXPECT_EQ(
      ArchFromReportLine("pc : [<ffffff80081b06ac>] lr : [<ffffff80081ba1c8>] pstate: 20000145"),
      "aarch64");
  EXPECT_EQ(ArchFromReportLine("pc : [<c0123456>]    lr : [<c0123400>]    psr: 20000013"), "arm");
  EXPECT_EQ(ArchFromReportLine("pc : anon_vma_interval_tree_remove+0x20/0x258"), "aarch64");
  // gh-msm8953-mainline-linux-212: arm64's abort decode.
  EXPECT_EQ(ArchFromReportLine("Mem abort info:"), "aarch64");
  // gh-jimmychungbelkin-mamba-6: 32-bit ARM's show_pte.
  EXPECT_EQ(ArchFromReportLine("[fffffff4] *pgd=0fffe821, *pte=00000000, *ppte=00000000"), "arm");
}

TEST(ArchHintsTest, FrameAddressRanges) {
  StackFrame f;
  // gh-wl500g-wl500g-217: MIPS32 KSEG0 text.
  f.address = 0x8000150cu;
  EXPECT_EQ(ArchFromFrame(f, "[<8000150c>] ret_from_irq+0x0/0x4").arch, "mips");
  EXPECT_FALSE(ArchFromFrame(f, "[<8000150c>] ret_from_irq+0x0/0x4").weak);
  // gh-openhwgroup-cva6-555: riscv64 sv39 text.
  f.address = 0xffffffe000693fd0u;
  EXPECT_EQ(ArchFromFrame(f, "[<ffffffe000693fd0>] walk_stackframe+0x0/0xa0").arch, "riscv64");
  f.address = 0xffffff80081b06acu;
  EXPECT_EQ(ArchFromFrame(f, "[<ffffff80081b06ac>] anon_vma_interval_tree_remove+0x20/0x258").arch,
            "aarch64");
  f.address = 0xc15a9d18u;
  EXPECT_EQ(ArchFromFrame(f, "[<c15a9d18>] __schedule+0x731/0x7c0").arch, "i686");
}

}  // namespace
}  // namespace crashsift::events
