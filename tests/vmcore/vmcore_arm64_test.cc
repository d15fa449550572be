// A real arm64 dump (corpus arm64-sysrq.*: Debian's 6.1.0-56-arm64 under
// QEMU TCG, -machine virt -cpu cortex-a57, KASLR on, crashed with sysrq c;
// see corpus/vmcores/README.md): the log read from the dump is the serial
// console's text, the address space translates the way the kernel's own
// page tables and its VMCOREINFO say, `crashsift analyze` reports the
// architecture and the panic, and missing arm64 entries are named.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/pipeline/analyze.h"
#include "analyzer/render/json_report.h"
#include "analyzer/vmcore/arm64_address_space.h"
#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/vmcore_log_reader.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::PrivateMapping;
using crashsift::testing::ReadFile;
using crashsift::testing::VmcoreSample;
using nlohmann::json;

// What the kernel's serial console prints for each line of each record
// (record_print_text(): the "[%5lu.%06lu] " prefix on every line of a
// multi-line record, unlike makedumpfile's indentation), "\n"-terminated.
std::string ConsoleText(const VmcoreLog& log) {
  std::string out;
  for (const PrintkRecord& r : log.printk) {
    char prefix[40];
    std::snprintf(prefix, sizeof prefix, "[%5llu.%06llu] ",
                  static_cast<unsigned long long>(r.ts_nsec / 1000000000),
                  static_cast<unsigned long long>(r.ts_nsec % 1000000000 / 1000));
    size_t pos = 0;
    while (pos <= r.text.size()) {
      size_t end = std::min(r.text.find('\n', pos), r.text.size());
      out += prefix + r.text.substr(pos, end - pos) + "\n";
      pos = end + 1;
    }
  }
  return out;
}

std::string WithoutCarriageReturns(std::string text) {
  std::erase(text, '\r');
  return text;
}

class VmcoreArm64Test : public ::testing::TestWithParam<std::string> {};

TEST_P(VmcoreArm64Test, DmesgIsTheSerialConsoleExactly) {
  auto log = ReadVmcoreLog({VmcoreSample(GetParam()).string()});
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_EQ(log->facts.arch, "aarch64");
  EXPECT_EQ(log->facts.osrelease, "6.1.0-56-arm64");
  EXPECT_EQ(log->facts.page_size, 4096u);  // QEMU's kdump blocks are 64 KiB; the kernel's pages not
  EXPECT_EQ(log->facts.ring_layout, "lockless");
  EXPECT_EQ(log->facts.vmcoreinfo_source,
            GetParam().ends_with(".elf") ? "elf-note" : "kdump-header");
  for (const auto& w : log->warnings) ADD_FAILURE() << "unexpected warning: " << w.message;
  // ignore_loglevel: the console printed every record (300 lines, 293 records).
  const std::string console =
      WithoutCarriageReturns(ReadFile(CorpusPath("vmcores/arm64-sysrq.console.log")));
  ASSERT_FALSE(console.empty());
  EXPECT_EQ(log->printk.size(), 293u);
  EXPECT_EQ(ConsoleText(*log), console);
  // makedumpfile's form differs only in the one multi-line record (show_mem).
  const std::string dmesg = RenderDmesg(*log, DmesgStyle::kMakedumpfile);
  EXPECT_NE(dmesg, console);
  EXPECT_NE(dmesg.find("\n                active_file:0 inactive_file:0 isolated_file:0\n"),
            std::string::npos);
}

TEST_P(VmcoreArm64Test, AnalyzeReportsArm64AndTheSysrqPanic) {
  auto report = pipeline::AnalyzeInput(VmcoreSample(GetParam()).string(), {});
  ASSERT_TRUE(report) << report.error().OneLine();
  json j = nlohmann::json::parse(render::RenderJson(*report));
  EXPECT_EQ(j["system"]["kernel"], "6.1.0-56-arm64");
  EXPECT_EQ(j["system"]["arch"], "aarch64");
  EXPECT_EQ(j["system"]["extra"]["vmcore.arch"], "aarch64");
  EXPECT_EQ(j["system"]["extra"]["vmcore.cpus"], "2");       // one NT_PRSTATUS per vCPU
  EXPECT_EQ(j["system"]["extra"]["vmcore.panic_cpu"], "1");  // "CPU: 1 PID: 1 Comm: init"
  // QEMU's arm64 notes: user_pt_regs of the stopped vCPU, kernel addresses.
  const std::string pc = j["system"]["extra"]["vmcore.panic_regs.pc"];
  const std::string sp = j["system"]["extra"]["vmcore.panic_regs.sp"];
  EXPECT_TRUE(pc.starts_with("0xffff")) << pc;
  EXPECT_TRUE(sp.starts_with("0xffff")) << sp;
  EXPECT_TRUE(j["system"]["extra"].contains("vmcore.panic_regs.x30"));
  EXPECT_FALSE(j["system"]["extra"].contains("vmcore.panic_regs.rip"));
  bool panic = false;
  for (const json& e : j["events"]) {
    panic |= e["kind"] == "panic" &&
             e["headline"] == "Kernel panic - not syncing: sysrq triggered crash";
  }
  EXPECT_TRUE(panic) << j["events"].dump();
  EXPECT_TRUE(j["errors"].empty()) << j["errors"].dump();
  EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
}

INSTANTIATE_TEST_SUITE_P(Lab, VmcoreArm64Test,
                         ::testing::Values("arm64-sysrq.elf", "arm64-sysrq.flat-zlib"),
                         [](const auto& info) { return crashsift::testing::TestName(info.param); });

// The VMCOREINFO of the real dump (KASLR: Kernel Offset 0x200ae2200000,
// PHYS_OFFSET 0xffffa29c40000000, as the kernel printed at panic).
TEST(Arm64AddressSpaceTest, RealVmcoreinfoTranslatesLikeTheKernelsPageTables) {
  PrivateMapping map(VmcoreSample("arm64-sysrq.elf"));
  auto opened = OpenDump({DumpBytes::FromMemory(map.bytes(), "arm64-sysrq.elf")});
  ASSERT_TRUE(opened) << opened.error().OneLine();
  EXPECT_EQ(opened->machine_hint, "aarch64");  // ELF e_machine EM_AARCH64
  Vmcoreinfo info = Vmcoreinfo::Parse(opened->vmcoreinfo_text);
  EXPECT_EQ(DetectKernelArch(info, ""), KernelArch::kArm64);  // from VMCOREINFO alone too
  EXPECT_EQ(info.UnsignedNumber("kimage_voffset"), 0xffffa00aaa000000ull);
  EXPECT_EQ(info.UnsignedNumber("TCR_EL1_T1SZ"), 16u);
  PageCache cache(*opened->memory);
  auto space = Arm64AddressSpace::Create(cache, info);
  ASSERT_TRUE(space) << space.error().OneLine();
  EXPECT_EQ(space->va_bits(), 48);
  EXPECT_EQ(space->levels(), 4);
  EXPECT_EQ(space->page_offset(), 0xffff000000000000ull);
  EXPECT_EQ(space->page_end(), 0xffff800000000000ull);
  EXPECT_EQ(space->phys_offset(), 0xffffa29c40000000ull);

  // Kernel image: SYMBOL(x) - kimage_voffset, and the page tables agree.
  const uint64_t prb = *info.Symbol("prb");  // 0xffffa00aebee8750
  EXPECT_EQ(space->ToPhysical(prb).value_or(0), 0x41ee8750u);
  EXPECT_EQ(space->Walk(prb).value_or(0), 0x41ee8750u);
  EXPECT_EQ(space->ImageToPhysical(*info.Symbol("swapper_pg_dir")), 0x41858000u);
  const uint64_t uts = *info.Symbol("init_uts_ns");
  EXPECT_EQ(space->Walk(uts).value_or(0), space->ImageToPhysical(uts));
  // init_uts_ns.name: struct new_utsname, 65-byte fields: sysname, nodename, release.
  char name[3 * 65] = {};
  ReadStats stats = space->Read(uts + static_cast<uint64_t>(*info.Offset("uts_namespace.name")),
                                {reinterpret_cast<std::byte*>(name), sizeof name});
  EXPECT_EQ(stats.absent_bytes + stats.broken_bytes, 0u);
  EXPECT_STREQ(name, "Linux");
  EXPECT_STREQ(name + 130, "6.1.0-56-arm64");

  // Linear map: vaddr - PAGE_OFFSET + PHYS_OFFSET modulo 2^64; the walk agrees.
  const uint64_t mem_section = *info.Symbol("mem_section");  // 0xffff5d640ff4f380
  EXPECT_EQ(space->ToPhysical(mem_section).value_or(0), 0x4ff4f380u);
  EXPECT_EQ(space->Walk(mem_section).value_or(0), 0x4ff4f380u);
  // The kernel's VMCOREINFO page (found by its content) read through its
  // linear-map address.
  auto found = ScanForVmcoreinfo(*opened->memory);
  ASSERT_TRUE(found);
  const uint64_t linear = space->page_offset() + found->pfn * 4096 - space->phys_offset();
  EXPECT_GE(linear, space->page_offset());
  EXPECT_LT(linear, space->page_end());
  char text[25] = {};
  stats = space->Read(linear, {reinterpret_cast<std::byte*>(text), 24});
  EXPECT_EQ(stats.absent_bytes + stats.broken_bytes, 0u);
  EXPECT_STREQ(text, "OSRELEASE=6.1.0-56-arm64");

  // A user (TTBR0) address is refused.
  auto user = space->ToPhysical(0x0000aaaad0000000ull);
  ASSERT_FALSE(user);
  EXPECT_NE(user.error().reason.find("not a kernel (TTBR1) address"), std::string::npos);
}

TEST(Arm64AddressSpaceTest, MissingOrUnsupportedEntriesAreNamed) {
  PrivateMapping map(VmcoreSample("arm64-sysrq.elf"));
  auto opened = OpenDump({DumpBytes::FromMemory(map.bytes(), "arm64-sysrq.elf")});
  ASSERT_TRUE(opened) << opened.error().OneLine();
  const std::string real = opened->vmcoreinfo_text;
  auto without = [&](std::vector<std::string> keys) {
    std::string text = real;
    for (const auto& key : keys) {
      size_t at = text.find(key + "=");
      EXPECT_NE(at, std::string::npos) << key;
      if (at != std::string::npos) text.erase(at, text.find('\n', at) + 1 - at);
    }
    return Vmcoreinfo::Parse(text);
  };
  PageCache cache(*opened->memory);
  auto missing = Arm64AddressSpace::Create(
      cache, without({"NUMBER(kimage_voffset)", "SYMBOL(swapper_pg_dir)"}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(missing.error().reason.find(
                "arm64 VMCOREINFO has no NUMBER(kimage_voffset), SYMBOL(swapper_pg_dir)"),
            std::string::npos)
      << missing.error().reason;
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = real;
    text.replace(text.find(from), from.size(), to);
    return Vmcoreinfo::Parse(text);
  };
  auto pages64k = Arm64AddressSpace::Create(cache, replaced("PAGESIZE=4096", "PAGESIZE=65536"));
  ASSERT_FALSE(pages64k);
  EXPECT_NE(pages64k.error().reason.find("64 KiB pages"), std::string::npos);
  auto va52 =
      Arm64AddressSpace::Create(cache, replaced("NUMBER(VA_BITS)=48", "NUMBER(VA_BITS)=52"));
  ASSERT_FALSE(va52);
  EXPECT_NE(va52.error().reason.find("NUMBER(VA_BITS)=52"), std::string::npos);
}

TEST(Arm64AddressSpaceTest, WholeDumpWithAMissingEntryFailsNamingItAndTheFile) {
  PrivateMapping map(VmcoreSample("arm64-sysrq.elf"));
  // Rename the note's key in place (same length): the dump no longer has it.
  std::span<std::byte> bytes = map.bytes();
  const std::string key = "NUMBER(PHYS_OFFSET)=";
  auto it = std::search(bytes.begin(), bytes.begin() + std::min<size_t>(bytes.size(), 1 << 16),
                        key.begin(), key.end(),
                        [](std::byte b, char c) { return static_cast<char>(b) == c; });
  ASSERT_NE(it, bytes.begin() + std::min<size_t>(bytes.size(), 1 << 16));
  std::memcpy(&*it, "NUMBER(PHYS_OFFSEX)=", key.size());
  std::vector<DumpBytes> dumps;
  dumps.push_back(DumpBytes::FromMemory(map.bytes(), "broken-arm64.elf"));
  auto log = ReadVmcoreLogFromBytes(std::move(dumps));
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(log.error().path, "broken-arm64.elf");
  EXPECT_NE(log.error().reason.find("arm64 VMCOREINFO has no NUMBER(PHYS_OFFSET)"),
            std::string::npos)
      << log.error().reason;
}

TEST(Arm64AddressSpaceTest, DumpWithoutTheNoteIsReadFromTheScannedVmcoreinfo) {
  PrivateMapping map(VmcoreSample("arm64-sysrq.elf"));
  // As QEMU writes it without -device vmcoreinfo: no VMCOREINFO note.
  std::span<std::byte> bytes = map.bytes();
  const std::string name = "VMCOREINFO";
  auto end = bytes.begin() + std::min<size_t>(bytes.size(), 1 << 16);
  auto it = std::search(bytes.begin(), end, name.begin(), name.end(),
                        [](std::byte b, char c) { return static_cast<char>(b) == c; });
  ASSERT_NE(it, end);
  std::memcpy(&*it, "VMCOREINFX", name.size());
  std::vector<DumpBytes> dumps;
  dumps.push_back(DumpBytes::FromMemory(map.bytes(), "no-note-arm64.elf"));
  auto log = ReadVmcoreLogFromBytes(std::move(dumps));
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_EQ(log->facts.vmcoreinfo_source, "memory-scan");
  EXPECT_EQ(log->facts.arch, "aarch64");
  EXPECT_EQ(ConsoleText(*log),
            WithoutCarriageReturns(ReadFile(CorpusPath("vmcores/arm64-sysrq.console.log"))));
}

TEST(KernelArchTest, ContainerFirstThenVmcoreinfo) {
  auto x86 = Vmcoreinfo::Parse("OSRELEASE=6.1.0-56-amd64\nSYMBOL(init_top_pgt)=ffffffff9c20a000\n");
  auto arm = Vmcoreinfo::Parse("OSRELEASE=6.1.0-56-arm64\nNUMBER(VA_BITS)=48\n");
  auto bare_arm = Vmcoreinfo::Parse("OSRELEASE=6.1.0-56-arm64\n");
  EXPECT_EQ(DetectKernelArch(x86, ""), KernelArch::kX86_64);
  EXPECT_EQ(DetectKernelArch(arm, ""), KernelArch::kArm64);
  EXPECT_EQ(DetectKernelArch(bare_arm, ""), KernelArch::kArm64);
  EXPECT_EQ(DetectKernelArch(Vmcoreinfo::Parse(""), ""), KernelArch::kX86_64);
  EXPECT_EQ(DetectKernelArch(x86, "aarch64"), KernelArch::kArm64);
  EXPECT_EQ(DetectKernelArch(arm, "x86_64"), KernelArch::kX86_64);
  EXPECT_EQ(DetectKernelArch(arm, "ppc64le"), KernelArch::kArm64);  // unknown hint ignored
  EXPECT_EQ(ArchName(KernelArch::kArm64), "aarch64");
  EXPECT_EQ(ArchName(KernelArch::kX86_64), "x86_64");
}

TEST(VmcoreinfoParseTest, UnsignedNumbersInHexOrDecimal) {
  auto info = Vmcoreinfo::Parse(
      "NUMBER(kimage_voffset)=0xffffa00aaa000000\nNUMBER(VA_BITS)=48\nNUMBER(phys_base)=-4096\n"
      "NUMBER(big)=18446744073709551615\nNUMBER(junk)=0xzz\n");
  EXPECT_EQ(info.UnsignedNumber("kimage_voffset"), 0xffffa00aaa000000ull);
  EXPECT_EQ(info.UnsignedNumber("VA_BITS"), 48u);
  EXPECT_EQ(info.UnsignedNumber("phys_base"), 0xfffffffffffff000ull);
  EXPECT_EQ(info.UnsignedNumber("big"), 0xffffffffffffffffull);
  EXPECT_FALSE(info.UnsignedNumber("junk"));
  EXPECT_FALSE(info.UnsignedNumber("absent"));
  EXPECT_FALSE(info.Number("kimage_voffset"));  // the signed decimal accessor refuses hex
}

}  // namespace
}  // namespace crashsift::vmcore
