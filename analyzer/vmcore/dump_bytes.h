// The bytes of one dump file: a read-only mapping (kept alive here) or, for
// tests and fuzzers, a caller-owned buffer that outlives every reader.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "analyzer/core/mapped_file.h"

namespace crashsift::vmcore {

struct DumpBytes {
  std::shared_ptr<const MappedFile> file;  // null for in-memory input
  std::span<const std::byte> bytes;
  std::string path;  // for messages

  static DumpBytes FromMapping(MappedFile mapped) {
    auto file = std::make_shared<const MappedFile>(std::move(mapped));
    return DumpBytes{file, file->bytes(), file->path()};
  }
  static DumpBytes FromMemory(std::span<const std::byte> bytes, std::string path) {
    return DumpBytes{nullptr, bytes, std::move(path)};
  }
};

}  // namespace crashsift::vmcore
