// The bytes of one dump file: a read-only mapping (kept alive here) or, for
// tests and fuzzers, a caller-owned buffer that outlives every reader.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/limits.h"
#include "analyzer/core/mapped_file.h"

namespace crashsift::vmcore {

struct DumpBytes {
  std::shared_ptr<const MappedFile> file;  // null for in-memory input
  std::span<const std::byte> bytes;
  std::string path;  // for messages
  // Optional: every byte range the readers copy out of `bytes` is appended
  // here (the corpus trimming tool uses it to keep only what extraction
  // needs). Null in normal use.
  std::shared_ptr<std::vector<std::pair<uint64_t, uint64_t>>> reads;
  // The cap on memory the readers allocate because a header of this dump
  // asks for it (the kdump page bitmap): --max-memory.
  uint64_t max_memory = limits::kDefaultMaxMemoryBytes;

  // Drops the mapping's resident pages (they fault in again from the file
  // when touched). Keeps RSS bounded while scanning a huge dump. No-op for
  // caller-owned memory.
  void ReleaseResident() const {
    if (file && !bytes.empty()) {
      ::madvise(const_cast<std::byte*>(bytes.data()), bytes.size(), MADV_DONTNEED);
    }
  }

  void Record(uint64_t offset, uint64_t length) const {
    if (reads) reads->emplace_back(offset, length);
  }

  static DumpBytes FromMapping(MappedFile mapped) {
    auto file = std::make_shared<const MappedFile>(std::move(mapped));
    return DumpBytes{file, file->bytes(), file->path(), nullptr};
  }
  static DumpBytes FromMemory(std::span<const std::byte> bytes, std::string path) {
    return DumpBytes{nullptr, bytes, std::move(path), nullptr};
  }
};

}  // namespace crashsift::vmcore
