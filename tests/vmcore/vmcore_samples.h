// Test helper: the zstd-compressed dumps of corpus/vmcores/, decompressed
// once per test binary into a temp dir (sparse: all-zero 4 KiB blocks are
// skipped with lseek, so a 390 MB ELF costs a few MB of disk).
#pragma once

#include <filesystem>
#include <string>

namespace crashsift::testing {

// Path of corpus/vmcores/<name> decompressed from <name>.zst; fails the
// test (and returns "") when it cannot.
std::filesystem::path VmcoreSample(const std::string& name);

}  // namespace crashsift::testing

#include <cstddef>
#include <span>

namespace crashsift::testing {

// A private, writable copy-on-write mapping of a file: tests flip bytes in
// it without touching the file and without copying it.
class PrivateMapping {
 public:
  explicit PrivateMapping(const std::filesystem::path& path);
  ~PrivateMapping();
  PrivateMapping(const PrivateMapping&) = delete;
  PrivateMapping& operator=(const PrivateMapping&) = delete;
  std::span<std::byte> bytes() { return {data_, size_}; }

 private:
  std::byte* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace crashsift::testing

#include <vector>

namespace crashsift::testing {

struct ProgramRun {
  int exit_status = -1;  // -1: could not run, or killed by a signal
  std::string out, err;
};

// Runs `args` (args[0] = path of the program) with stdout and stderr
// captured through files in `dir`.
ProgramRun RunProgram(std::vector<std::string> args, const std::filesystem::path& dir);

}  // namespace crashsift::testing
