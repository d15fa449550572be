// Extraction from the real lab dumps in corpus/vmcores/ (see its README):
// every format and compression gives exactly the text makedumpfile
// --dump-dmesg (or vmcore-dmesg) printed for the same dump.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/vmcore/vmcore_log_reader.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::PrivateMapping;
using crashsift::testing::ReadFile;
using crashsift::testing::VmcoreSample;

struct Case {
  std::vector<std::string> parts;  // corpus/vmcores/<part>.zst
  std::string expected;            // corpus/vmcores/<expected>
  std::string format;
};

class VmcoreCorpusTest : public ::testing::TestWithParam<Case> {};

TEST_P(VmcoreCorpusTest, MatchesMakedumpfileDmesgExactly) {
  const Case& c = GetParam();
  std::vector<std::string> paths;
  for (const auto& part : c.parts) paths.push_back(VmcoreSample(part).string());
  auto log = ReadVmcoreLog(paths);
  ASSERT_TRUE(log) << log.error().OneLine();
  EXPECT_EQ(log->facts.format, c.format);
  EXPECT_EQ(log->facts.osrelease, "6.1.0-56-amd64");
  EXPECT_EQ(log->facts.page_size, 4096u);
  EXPECT_EQ(log->facts.ring_layout, "lockless");
  std::string expected = ReadFile(CorpusPath("vmcores/" + c.expected));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kMakedumpfile), expected);
  for (const auto& w : log->warnings) ADD_FAILURE() << "unexpected warning: " << w.message;
}

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  return crashsift::testing::TestName(info.param.parts.front());
}

INSTANTIATE_TEST_SUITE_P(
    Lab, VmcoreCorpusTest,
    ::testing::Values(
        Case{{"kdump-hung.elf-full"}, "kdump-hung.elf-full.makedumpfile-dmesg.txt", "vmcore-elf"},
        Case{{"kdump-hung.elf-d31"}, "kdump-hung.elf-d31.makedumpfile-dmesg.txt", "vmcore-elf"},
        Case{{"hungpanic.kdump-lzo-d31"},
             "hungpanic.kdump-lzo-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump-lzo"},
        Case{{"hungpanic.kdump-snappy-d31"},
             "hungpanic.kdump-snappy-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump-snappy"},
        Case{{"hungpanic.kdump-zstd-d31"},
             "hungpanic.kdump-zstd-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump-zstd"},
        Case{{"oops.kdump-zlib-d31"},
             "oops.kdump-zlib-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump-zlib"},
        Case{{"softlockup.flat-lzo-d31"},
             "softlockup.flat-lzo-d31.makedumpfile-dmesg.txt",
             "vmcore-flattened-lzo"},
        // Split parts in any order.
        Case{
            {"oops.kdump-lzo-d31.split3", "oops.kdump-lzo-d31.split1", "oops.kdump-lzo-d31.split2"},
            "oops.kdump-lzo-d31.split.makedumpfile-dmesg.txt",
            "vmcore-kdump-lzo-split"},
        Case{{"qemu-hung.elf"}, "qemu-hung.elf.makedumpfile-dmesg.txt", "vmcore-elf"},
        Case{{"qemu-hung.elf-paging"}, "qemu-hung.elf-paging.makedumpfile-dmesg.txt", "vmcore-elf"},
        Case{{"qemu-hung.flat-zlib"},
             "qemu-hung.flat-zlib.makedumpfile-dmesg.txt",
             "vmcore-flattened-zlib"},
        Case{{"qemu-hung.kdump-nocomp-d31"},
             "qemu-hung.kdump-nocomp-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump"},
        // 5-level paging guest (-cpu max,la57=on).
        Case{{"qemu-la57-hung.elf"}, "qemu-la57-hung.elf.makedumpfile-dmesg.txt", "vmcore-elf"},
        Case{{"qemu-la57-hung.kdump-lzo-d31"},
             "qemu-la57-hung.kdump-lzo-d31.makedumpfile-dmesg.txt",
             "vmcore-kdump-lzo"}),
    Name);

TEST(VmcoreRawTest, MatchesVmcoreDmesgExactly) {
  auto log = ReadVmcoreLog({VmcoreSample("kdump-hung.elf-full").string()});
  ASSERT_TRUE(log) << log.error().OneLine();
  std::string expected = ReadFile(CorpusPath("vmcores/kdump-hung.elf-full.vmcore-dmesg.txt"));
  EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kRaw), expected);
  // The two tools differ only in continuation-line indentation.
  EXPECT_NE(RenderDmesg(*log, DmesgStyle::kMakedumpfile), expected);
}

TEST(VmcoreFactsTest, RealKdumpHasCrashTimeRegistersAndPanicCpu) {
  auto log = ReadVmcoreLog({VmcoreSample("kdump-hung.elf-full").string()});
  ASSERT_TRUE(log) << log.error().OneLine();
  const VmcoreFacts& f = log->facts;
  EXPECT_EQ(f.vmcoreinfo_source, "elf-note");
  ASSERT_TRUE(f.crash_time);
  EXPECT_EQ(*f.crash_time, 1795534719);  // CRASHTIME in the note: 2026-11-24 15:38:39 UTC
  ASSERT_EQ(f.cpus.size(), 2u);
  ASSERT_TRUE(f.panic_cpu);
  EXPECT_EQ(*f.panic_cpu, 1);  // "CPU: 1 PID: 1 Comm: init Kdump: loaded ..."
  EXPECT_EQ(f.cpus[1].pid, 1);
  EXPECT_GE(f.cpus[1].rip, 0xffffffff80000000ull);  // kernel text
}

TEST(VmcoreRecordsTest, RecordsCarrySequenceLevelAndSplitContinuationLines) {
  auto log = ReadVmcoreLog({VmcoreSample("kdump-hung.elf-d31").string()});
  ASSERT_TRUE(log) << log.error().OneLine();
  ASSERT_FALSE(log->records.empty());
  const auto& first = log->records.front();
  EXPECT_TRUE(
      first.text.starts_with("Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)"));
  EXPECT_TRUE(first.from_vmcore);
  EXPECT_EQ(first.level, 5);  // KERN_NOTICE
  EXPECT_EQ(first.facility, 0);
  EXPECT_EQ(first.line, 0u);
  ASSERT_TRUE(first.monotonic);
  EXPECT_EQ(*first.monotonic, 0.0);
  // "Unstable clock detected ..." is one printk record of four lines.
  size_t i = 0;
  while (i < log->records.size() && !log->records[i].text.starts_with("Unstable clock detected"))
    ++i;
  ASSERT_LT(i + 3, log->records.size());
  EXPECT_EQ(log->records[i + 1].text, "If you want to keep using the local clock, then add:");
  EXPECT_EQ(log->records[i + 2].text, "  \"trace_clock=local\"");
  EXPECT_EQ(log->records[i + 1].line, log->records[i].line);
  EXPECT_EQ(log->records[i + 3].line, log->records[i].line);
  // The hung-task report is in the dump's log.
  bool hung = false;
  for (const auto& r : log->records) hung |= r.text.starts_with("INFO: task txg_sync:");
  EXPECT_TRUE(hung);
  EXPECT_EQ(log->records.size(), 690u);
  EXPECT_EQ(log->printk.size(), 680u);
}

// makedumpfile -d 31 leaves out zero, cache, user and free pages: such a
// page reads as absent (zero-filled, no error), a kept page as present. (In
// these trimmed copies a kept page that extraction does not read fails to
// decompress: see the README; it is still not "absent".)
class ExcludedPagesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExcludedPagesTest, FilteredPagesAreAbsentNotErrors) {
  PrivateMapping map(VmcoreSample(GetParam()));
  auto opened = OpenDump({DumpBytes::FromMemory(map.bytes(), GetParam())});
  ASSERT_TRUE(opened) << opened.error().OneLine();
  PhysicalMemory& memory = *opened->memory;
  std::vector<std::byte> page(memory.page_size());
  uint64_t present = 0, absent = 0, errors = 0;
  // The first 64 MiB of RAM: kernel text and data (kept), free and user
  // pages (excluded).
  for (uint64_t pfn = 0; pfn < 16384; ++pfn) {
    auto read = memory.ReadPage(pfn, page);
    if (!read) {
      ++errors;
    } else if (*read) {
      ++present;
    } else {
      ++absent;
      EXPECT_EQ(std::count(page.begin(), page.end(), std::byte{0}), 4096) << pfn;
    }
  }
  EXPECT_GT(present + errors, 1000u);
  EXPECT_GT(absent, 1000u);
}

INSTANTIATE_TEST_SUITE_P(Lab, ExcludedPagesTest,
                         ::testing::Values("hungpanic.kdump-lzo-d31", "kdump-hung.elf-d31",
                                           "softlockup.flat-lzo-d31"),
                         [](const auto& info) { return crashsift::testing::TestName(info.param); });

}  // namespace
}  // namespace crashsift::vmcore
