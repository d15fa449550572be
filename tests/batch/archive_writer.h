// Test helper: writes archives with libarchive (tar, zip, cpio, or "raw" for
// a single compressed stream) so archive tests need no tool on the machine.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace crashsift::testing {

// format: "tar" | "zip" | "cpio" | "raw" (one member, no container);
// filter: "" | "gzip" | "xz" | "zstd" | "bzip2". Fails the test on error.
void WriteArchive(const std::string& path, const std::string& format, const std::string& filter,
                  const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace crashsift::testing
