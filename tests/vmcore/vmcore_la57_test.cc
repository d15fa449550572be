// A real 5-level paging dump (corpus qemu-la57-hung.*: Debian 6.1 under QEMU
// TCG with -cpu max,la57=on, see corpus/vmcores/README.md): the address space
// walks five levels, the printk ring lives at 57-bit direct-map addresses
// that a 4-level walk cannot reach, and `crashsift analyze` finds the hung
// tasks in the dump's log.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/x86_64_page_tables.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::PrivateMapping;
using crashsift::testing::VmcoreSample;
using nlohmann::json;

class VmcoreLa57Test : public ::testing::TestWithParam<std::string> {};

// Reads the 8-byte pointer prb->desc_ring.descs (6.1 layout) through `space`.
uint64_t DescsPointer(X86_64AddressSpace& space, const Vmcoreinfo& info) {
  uint64_t prb = 0, descs = 0;
  EXPECT_EQ(space.Read(*info.Symbol("prb"), {reinterpret_cast<std::byte*>(&prb), 8}).absent_bytes,
            0u);
  const uint64_t at = prb + static_cast<uint64_t>(*info.Offset("printk_ringbuffer.desc_ring") +
                                                  *info.Offset("prb_desc_ring.descs"));
  ReadStats stats = space.Read(at, {reinterpret_cast<std::byte*>(&descs), 8});
  EXPECT_EQ(stats.absent_bytes + stats.broken_bytes, 0u);
  return descs;
}

TEST_P(VmcoreLa57Test, AddressSpaceIsFiveLevel) {
  PrivateMapping map(VmcoreSample(GetParam()));
  auto opened = OpenDump({DumpBytes::FromMemory(map.bytes(), GetParam())});
  ASSERT_TRUE(opened) << opened.error().OneLine();
  Vmcoreinfo info = Vmcoreinfo::Parse(opened->vmcoreinfo_text);
  EXPECT_EQ(info.Number("pgtable_l5_enabled"), 1);
  ASSERT_TRUE(info.Symbol("prb") && info.Offset("printk_ringbuffer.desc_ring") &&
              info.Offset("prb_desc_ring.descs"));
  PageCache cache(*opened->memory);
  auto space = X86_64AddressSpace::Create(cache, info, opened->phys_base);
  ASSERT_TRUE(space) << space.error().OneLine();
  EXPECT_TRUE(space->five_level());

  // log_buf_len=4M: the ring was allocated at boot, in the direct map. With
  // LA57 the direct map starts at 0xff11000000000000 (+ KASLR): bits 47..56
  // are not all ones, so the address is 57-bit canonical only.
  const uint64_t descs = DescsPointer(*space, info);
  EXPECT_GE(descs, 0xff11000000000000ull);
  EXPECT_LT(descs, 0xff80000000000000ull);
  auto paddr = space->ToPhysical(descs);
  ASSERT_TRUE(paddr) << paddr.error().OneLine();
  EXPECT_LT(*paddr, 256ull << 20);  // a 256 MiB guest
  EXPECT_EQ(*paddr % 4096, descs % 4096);

  // The same dump read as 4-level cannot translate it (non-canonical).
  std::string text = opened->vmcoreinfo_text;
  const std::string l5 = "NUMBER(pgtable_l5_enabled)=1";
  ASSERT_NE(text.find(l5), std::string::npos);
  text.replace(text.find(l5), l5.size(), "NUMBER(pgtable_l5_enabled)=0");
  Vmcoreinfo four = Vmcoreinfo::Parse(text);
  PageCache cache4(*opened->memory);
  auto space4 = X86_64AddressSpace::Create(cache4, four, opened->phys_base);
  ASSERT_TRUE(space4) << space4.error().OneLine();
  EXPECT_FALSE(space4->five_level());
  auto wrong = space4->ToPhysical(descs);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().OneLine().find("non-canonical"), std::string::npos)
      << wrong.error().OneLine();
}

TEST_P(VmcoreLa57Test, AnalyzeReportsTheHungTasks) {
  auto report = pipeline::AnalyzeInput(VmcoreSample(GetParam()).string(), {});
  ASSERT_TRUE(report) << report.error().OneLine();
  json j = nlohmann::json::parse(render::RenderJson(*report));
  EXPECT_EQ(j["system"]["kernel"], "6.1.0-56-amd64");
  EXPECT_EQ(j["system"]["extra"]["vmcore.ring_layout"], "lockless");
  // Two rounds of khungtaskd reports (5 s and 10 s) for the same two tasks.
  std::vector<std::string> hung;
  bool panic = false;
  for (const json& e : j["events"]) {
    if (e["kind"] == "hung_task") {
      hung.push_back(e["task"]["comm"].get<std::string>() + ":" +
                     std::to_string(e["task"]["pid"].get<int>()));
    }
    panic |= e["kind"] == "panic" &&
             e["headline"] == "Kernel panic - not syncing: sysrq triggered crash";
  }
  EXPECT_EQ(hung, (std::vector<std::string>{"txg_sync:111", "z_wr_iss:112", "txg_sync:111",
                                            "z_wr_iss:112"}));
  EXPECT_TRUE(panic) << j["events"].dump();
  EXPECT_TRUE(j["errors"].empty()) << j["errors"].dump();
  EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
}

INSTANTIATE_TEST_SUITE_P(Lab, VmcoreLa57Test,
                         ::testing::Values("qemu-la57-hung.elf", "qemu-la57-hung.kdump-lzo-d31"),
                         [](const auto& info) { return crashsift::testing::TestName(info.param); });

}  // namespace
}  // namespace crashsift::vmcore
