#include "analyzer/core/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "analyzer/core/mapping_guard.h"

namespace crashsift {

Result<int> OpenRegularFile(const std::string& path, struct stat& st) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, path, std::strerror(err));
  }
  std::string why;
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    why = "is a directory";
  } else if (!S_ISREG(st.st_mode)) {
    why = "not a regular file (cannot be mapped)";
  }
  if (why.empty()) return fd;
  ::close(fd);
  return Fail(ErrorCode::kIo, path, why);
}

Result<MappedFile> MappedFile::Open(const std::string& path) {
  struct stat st {};
  auto fd = OpenRegularFile(path, st);
  if (!fd) return Fail(fd.error());
  auto mapped = Map(*fd, path, static_cast<size_t>(st.st_size));
  ::close(*fd);  // the mapping keeps the file referenced
  return mapped;
}

Result<MappedFile> MappedFile::Map(int fd, const std::string& path, size_t size) {
  if (size == 0) return MappedFile(path, nullptr, 0);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED)
    return Fail(ErrorCode::kIo, path, std::string("mmap: ") + std::strerror(errno));
  return MappedFile(path, static_cast<const std::byte*>(data), size);
}

MappedFile::MappedFile(std::string path, const std::byte* data, size_t size)
    : path_(std::move(path)),
      data_(data),
      size_(size),
      guard_(MappingGuard::Register(data, size)) {}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)), data_(other.data_), size_(other.size_), guard_(other.guard_) {
  other.data_ = nullptr;
  other.size_ = 0;
  other.guard_ = -1;
}

bool MappedFile::Shrunk() const { return MappingGuard::Faulted(guard_); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    Release();
    path_ = std::move(other.path_);
    data_ = other.data_;
    size_ = other.size_;
    guard_ = other.guard_;
    other.data_ = nullptr;
    other.size_ = 0;
    other.guard_ = -1;
  }
  return *this;
}

MappedFile::~MappedFile() { Release(); }

void MappedFile::Release() {
  MappingGuard::Unregister(guard_);
  guard_ = -1;
  if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
}

void MappedFile::AdviseSequential() const {
  if (data_ != nullptr) ::madvise(const_cast<std::byte*>(data_), size_, MADV_SEQUENTIAL);
}

void MappedFile::AdviseRandom() const {
  if (data_ != nullptr) ::madvise(const_cast<std::byte*>(data_), size_, MADV_RANDOM);
}

void MappedFile::DropPages(size_t offset, size_t length) const {
  if (data_ == nullptr || offset >= size_) return;
  length = std::min(length, size_ - offset);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t begin = (offset + page - 1) / page * page;  // the mapping starts page-aligned
  size_t end = (offset + length) / page * page;
  if (offset + length == size_) end = offset + length;  // the last, partial page too
  if (end <= begin) return;
  ::madvise(const_cast<std::byte*>(data_) + begin, end - begin, MADV_DONTNEED);
}

}  // namespace crashsift
