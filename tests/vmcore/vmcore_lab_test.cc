// Optional: every dump of a full lab run (../shared/lab/make-vmcores.sh OUT)
// against what makedumpfile --dump-dmesg and vmcore-dmesg printed for it in
// the lab's tools/ step. OUT is $CRASHSIFT_LAB_OUT, else ../lab-out next to
// ../shared; skipped when absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/core/mapped_file.h"
#include "analyzer/vmcore/vmcore_log_reader.h"
#include "analyzer/vmcore/vmcore_open.h"
#include "tests/support/test_support.h"

namespace crashsift::vmcore {
namespace {

namespace fs = std::filesystem;
using crashsift::testing::ReadFile;

fs::path LabOut() {
  if (const char* env = std::getenv("CRASHSIFT_LAB_OUT")) return env;
  fs::path shared = crashsift::testing::SharedPath();
  if (shared.empty()) return {};
  return shared.parent_path() / "lab-out";
}

// The reference text for a dump, following the lab README's table: the
// tool's own output when it could read the dump, else its output on the
// equivalent file (the -R reassembly of a flattened dump, the phdr-fixed
// copy of QEMU's ELF) holding the same memory.
fs::path Reference(const fs::path& lab, const std::string& rel, const std::string& tool) {
  auto out = [&](std::string name) {
    for (char& c : name) c = c == '/' ? '_' : c;
    return lab / "tools" / (name + "." + tool + ".out");
  };
  auto usable = [](const fs::path& p) {
    return fs::exists(p) && fs::file_size(p) > 0 && ReadFile(p).starts_with("[");
  };
  if (usable(out(rel))) return out(rel);
  if (tool != "mdf-dmesg") return {};
  if (rel.ends_with("kdump.vmcore.flat-lzo-d31")) {
    return out(rel.substr(0, rel.find('/')) + "/kdump.vmcore.kdump-lzo-d31");
  }
  if (rel.starts_with("converted/") && rel.ends_with("flat-lzo-d31"))
    return out(rel + ".reassembled");
  if (rel.starts_with("qemu-hung.") || rel == "converted/qemu-hung.kdump-zlib.reassembled") {
    return out("converted/qemu-hung.elf-phfixed");
  }
  return {};
}

TEST(VmcoreLabTest, EveryLabDumpMatchesTheReferenceTools) {
  fs::path lab = LabOut();
  if (lab.empty() || !fs::is_directory(lab / "dumps") || !fs::is_directory(lab / "tools")) {
    GTEST_SKIP() << "no lab run (set CRASHSIFT_LAB_OUT)";
  }
  int compared = 0, compared_raw = 0;
  for (const auto& entry : fs::recursive_directory_iterator(lab / "dumps")) {
    if (!entry.is_regular_file() || entry.file_size() < (1 << 20)) continue;
    std::string ext = entry.path().extension().string();
    if (ext == ".log" || ext == ".time" || ext == ".txt") continue;
    std::string rel = fs::relative(entry.path(), lab / "dumps").string();
    fs::path mdf = Reference(lab, rel, "mdf-dmesg");
    fs::path raw = Reference(lab, rel, "vmcore-dmesg");
    SCOPED_TRACE(rel);
    auto log = ReadVmcoreLog({entry.path().string()});
    ASSERT_TRUE(log) << log.error().OneLine();
    if (!mdf.empty()) {
      EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kMakedumpfile), ReadFile(mdf)) << mdf;
      ++compared;
    } else {
      ADD_FAILURE() << "no makedumpfile reference for " << rel;
    }
    if (!raw.empty()) {
      EXPECT_EQ(RenderDmesg(*log, DmesgStyle::kRaw), ReadFile(raw)) << raw;
      ++compared_raw;
    }
  }
  EXPECT_GT(compared, 0);
  std::printf("%s: %d dumps against makedumpfile --dump-dmesg, %d against vmcore-dmesg\n",
              lab.c_str(), compared, compared_raw);
}

// The untrimmed -d 31 dumps: every page of the first 64 MiB is either kept
// (and decompresses) or excluded (absent); none is an error.
TEST(VmcoreLabTest, FilteredLabDumpsHaveOnlyPresentOrAbsentPages) {
  fs::path lab = LabOut();
  if (lab.empty() || !fs::is_directory(lab / "dumps" / "hungpanic")) {
    GTEST_SKIP() << "no lab run (set CRASHSIFT_LAB_OUT)";
  }
  for (const char* rel :
       {"hungpanic/kdump.vmcore.kdump-lzo-d31", "hungpanic/kdump.vmcore.kdump-zlib-d31",
        "hungpanic/kdump.vmcore.flat-lzo-d31", "hungpanic/kdump.vmcore.elf-d31"}) {
    SCOPED_TRACE(rel);
    auto mapped = MappedFile::Open((lab / "dumps" / rel).string());
    ASSERT_TRUE(mapped) << mapped.error().OneLine();
    auto opened = OpenDump({DumpBytes::FromMapping(std::move(*mapped))});
    ASSERT_TRUE(opened) << opened.error().OneLine();
    std::vector<std::byte> page(opened->memory->page_size());
    uint64_t present = 0, absent = 0, errors = 0;
    for (uint64_t pfn = 0; pfn < 16384; ++pfn) {
      auto read = opened->memory->ReadPage(pfn, page);
      if (!read) {
        ++errors;
      } else {
        ++(*read ? present : absent);
      }
    }
    EXPECT_EQ(errors, 0u);
    EXPECT_GT(present, 1000u);
    EXPECT_GT(absent, 1000u);
  }
}

}  // namespace
}  // namespace crashsift::vmcore
