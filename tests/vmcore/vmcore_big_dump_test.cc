// A vmcore of any size is mapped, not read whole: a 4 GiB ELF dump (the real
// kdump-hung /proc/vmcore copy with its last PT_LOAD stretched over a file
// hole to 4 GiB) is read by the dev tool in a child process whose peak RSS
// must stay under 64 MiB, with the same text as makedumpfile printed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

extern char** environ;

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
  auto out = dir / "dmesg.txt";
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(out_fd, 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  auto err = dir / "stderr.txt";
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(err_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::string tool = CRASHSIFT_VMCORE_DMESG_TOOL;
  std::string quiet = "-q", rss = "--peak-rss", path = big.string();
  char* argv[] = {tool.data(), quiet.data(), rss.data(), path.data(), nullptr};
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv, environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // "VmHWM:	   15044 kB" printed by the tool itself.
  std::string report = ReadFile(err);
  auto at = report.find("VmHWM:");
  ASSERT_NE(at, std::string::npos) << report;
  long peak_kib = std::strtol(report.c_str() + at + 6, nullptr, 10);
  EXPECT_GT(peak_kib, 0);
  EXPECT_LT(peak_kib, 64 * 1024) << "peak RSS in KiB";
  std::printf("peak RSS on a 4 GiB ELF dump: %ld KiB\n", peak_kib);
  EXPECT_EQ(ReadFile(out),
            ReadFile(CorpusPath("vmcores/kdump-hung.elf-full.makedumpfile-dmesg.txt")));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace crashsift::vmcore
