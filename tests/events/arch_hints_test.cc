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

}  // namespace
}  // namespace crashsift::events
