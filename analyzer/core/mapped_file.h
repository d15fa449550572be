// A read-only memory mapping of a whole file. Inputs are never modified and
// never read whole into memory: the kernel pages in only what is touched.
// The mapping is guarded (core/mapping_guard.h): if the file shrinks while it
// is mapped, the pages past its new end read as zeros instead of killing the
// process with SIGBUS, and Shrunk() turns true; readers must then report an
// error rather than trust what they read.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <span>
#include <string>

#include "analyzer/core/result.h"

namespace crashsift {

// Opens `path` read-only when it is a regular file (the caller closes the
// fd) and fills `st`. Errors: not_found, io ("is a directory", "not a
// regular file (cannot be mapped)", permission, ...).
Result<int> OpenRegularFile(const std::string& path, struct stat& st);

class MappedFile {
 public:
  // Maps `path` read-only. Errors: not_found, io (permission, a directory, a
  // device that cannot be mapped). An empty file maps to an empty span.
  static Result<MappedFile> Open(const std::string& path);
  // Maps the first `size` bytes of the regular file open on `fd` (which the
  // caller keeps and closes; the mapping holds the file). `path` names it.
  static Result<MappedFile> Map(int fd, const std::string& path, size_t size);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const std::byte> bytes() const { return {data_, size_}; }
  std::string_view text() const { return {reinterpret_cast<const char*>(data_), size_}; }
  size_t size() const { return size_; }
  // True once a page past the file's current end was touched: the bytes read
  // are not the file's (see the header comment).
  bool Shrunk() const;
  const std::string& path() const { return path_; }

  // Tells the kernel we will read front to back (text logs) or jump around (vmcores).
  void AdviseSequential() const;
  void AdviseRandom() const;
  // Drops this process's resident pages of [offset, offset + length) (whole
  // pages inside it only). The bytes stay readable: touching them again
  // reads them back from the page cache. Keeps a streamed file's RSS bounded.
  void DropPages(size_t offset, size_t length) const;

 private:
  MappedFile(std::string path, const std::byte* data, size_t size);
  void Release();

  std::string path_;
  const std::byte* data_ = nullptr;
  size_t size_ = 0;
  int guard_ = -1;  // MappingGuard slot
};

}  // namespace crashsift
