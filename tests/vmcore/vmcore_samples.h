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
