// A vmcore of any size is mapped, not read whole: a 4 GiB ELF dump (the real
// kdump-hung /proc/vmcore copy with its last PT_LOAD stretched over a file
// hole to 4 GiB) is read by the dev tool and by `crashsift dmesg`, each in a
// child process whose peak RSS must stay under 64 MiB, with the same text as
// makedumpfile printed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::vmcore {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::PrivateMapping;
using crashsift::testing::ReadFile;
using crashsift::testing::TempDir;
using crashsift::testing::VmcoreSample;

constexpr uint64_t kTarget = 4ull << 30;

// Sparse copy of `from` grown to kTarget bytes by stretching the PT_LOAD
// that ends last in the file.
bool MakeBigDump(const std::filesystem::path& from, const std::filesystem::path& to) {
  PrivateMapping src(from);
  auto bytes = src.bytes();
  if (bytes.size() < 64 || bytes.size() >= kTarget) return false;
  uint64_t phoff;
  uint16_t phentsize, phnum;
  std::memcpy(&phoff, bytes.data() + 32, 8);
  std::memcpy(&phentsize, bytes.data() + 54, 2);
  std::memcpy(&phnum, bytes.data() + 56, 2);
  uint64_t last = 0, last_end = 0;
  for (uint16_t i = 0; i < phnum; ++i) {
    const std::byte* ph = bytes.data() + phoff + uint64_t{i} * phentsize;
    uint32_t type;
    uint64_t offset, filesz;
    std::memcpy(&type, ph, 4);
    std::memcpy(&offset, ph + 8, 8);
    std::memcpy(&filesz, ph + 32, 8);
    if (type == 1 && offset + filesz >= last_end) {
      last = phoff + uint64_t{i} * phentsize;
      last_end = offset + filesz;
    }
  }
  if (last_end != bytes.size()) return false;
  const uint64_t grow = kTarget - bytes.size();
  for (uint64_t field : {last + 32, last + 40}) {  // p_filesz, p_memsz
    uint64_t v;
    std::memcpy(&v, bytes.data() + field, 8);
    v += grow;
    std::memcpy(bytes.data() + field, &v, 8);
  }
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return false;
  static const std::byte zero[4096] = {};
  for (uint64_t pos = 0; pos < bytes.size(); pos += 4096) {
    size_t n = std::min<uint64_t>(4096, bytes.size() - pos);
    if (std::memcmp(bytes.data() + pos, zero, n) != 0 &&
        ::pwrite(fd, bytes.data() + pos, n, pos) != static_cast<ssize_t>(n)) {
      ::close(fd);
      return false;
    }
  }
  bool ok = ::ftruncate(fd, static_cast<off_t>(kTarget)) == 0;
  ::close(fd);
  return ok;
}

TEST(BigDumpTest, FourGibElfStaysUnder64MibPeakRss) {
  auto dir = TempDir();
  auto big = dir / "big.elf";
  ASSERT_TRUE(MakeBigDump(VmcoreSample("kdump-hung.elf-full"), big));
  ASSERT_EQ(std::filesystem::file_size(big), kTarget);
  const std::string expected =
      ReadFile(CorpusPath("vmcores/kdump-hung.elf-full.makedumpfile-dmesg.txt"));
  // The library alone (the dev tool reports its own VmHWM), then the shipped
  // command (run and measured by the dev tool).
  const std::string tool = CRASHSIFT_VMCORE_DMESG_TOOL;
  for (std::vector<std::string> args :
       {std::vector<std::string>{tool, "-q", "--peak-rss", big.string()},
        std::vector<std::string>{tool, "--peak-rss-of", CRASHSIFT_BINARY, "dmesg", big.string()}}) {
    SCOPED_TRACE(args[1]);
    auto run = crashsift::testing::RunProgram(args, dir);
    EXPECT_EQ(run.exit_status, 0) << run.err;
    // "VmHWM:	   15044 kB" printed by the dev tool.
    auto at = run.err.find("VmHWM:");
    ASSERT_NE(at, std::string::npos) << run.err;
    long peak_kib = std::strtol(run.err.c_str() + at + 6, nullptr, 10);
    EXPECT_GT(peak_kib, 0);
    EXPECT_LT(peak_kib, 64 * 1024) << "peak RSS in KiB";
    std::printf("peak RSS on a 4 GiB ELF dump (%s): %ld KiB\n", args[1].c_str(), peak_kib);
    EXPECT_EQ(run.out, expected);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace crashsift::vmcore
