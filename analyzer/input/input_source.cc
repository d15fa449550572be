#include "analyzer/input/input_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "analyzer/core/mapped_file.h"

namespace crashsift::input {
namespace {

Error ShrunkError(const std::string& path) {
  return Error{ErrorCode::kTruncated, path, std::nullopt,
               "the file shrank while it was read (truncated or rotated meanwhile)"};
}

// Hands a mapped file out in windows and drops the pages of each window once
// the reader moved past it: a streamed 1 GB log then keeps a few windows
// resident, not the whole file (mapped pages count in the process's RSS).
// 4 MiB: two windows and the kernel's read-ahead stay ~10 MiB of a peak RSS
// that issue 11 wants under 128 MiB (16 MiB windows kept ~35 MiB of it).
class MappedChunkSource : public ChunkSource {
 public:
  static constexpr size_t kWindowBytes = 4 << 20;

  explicit MappedChunkSource(std::shared_ptr<const MappedFile> file) : file_(std::move(file)) {
    file_->AdviseSequential();
  }
  Result<std::span<const char>> NextChunk() override {
    // The reader is done with the window before last (the span handed out
    // last stays valid until this call; dropped pages would read back anyway).
    if (pos_ >= 2 * kWindowBytes) file_->DropPages(pos_ - 2 * kWindowBytes, kWindowBytes);
    // The window handed out last was read past the file's end (it shrank,
    // e.g. logrotate copytruncate): what the reader saw were zeros.
    if (file_->Shrunk()) return Fail(ShrunkError(file_->path()));
    std::string_view text = file_->text();
    if (pos_ >= text.size()) return std::span<const char>();
    size_t length = std::min(kWindowBytes, text.size() - pos_);
    std::span<const char> out(text.data() + pos_, length);
    pos_ += length;
    return out;
  }

 private:
  std::shared_ptr<const MappedFile> file_;
  size_t pos_ = 0;
};

// A small file read whole, in one chunk.
class OwnedChunkSource : public MemoryChunkSource {
 public:
  explicit OwnedChunkSource(std::shared_ptr<const std::string> bytes)
      : MemoryChunkSource(*bytes), bytes_(std::move(bytes)) {}

 private:
  std::shared_ptr<const std::string> bytes_;
};

// The whole of the regular file open on `fd` (st_size bytes at fstat time:
// one that shrank meanwhile ends early).
Result<std::string> ReadWhole(int fd, size_t size, const std::string& name) {
  std::string bytes(size, '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(ErrorCode::kIo, name, std::string("read: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

// Reads a file descriptor in 1 MiB chunks; closes it when `owned`. With
// `kmsg`, the fd is /dev/kmsg opened non-blocking, as dmesg(1) reads it: one
// record per read, EAGAIN once the ring is drained (the end of the input),
// EPIPE when records were overwritten since the last read (go on).
class FdChunkSource : public ChunkSource {
 public:
  FdChunkSource(int fd, std::string name, bool owned = false, bool kmsg = false)
      : fd_(fd), owned_(owned), kmsg_(kmsg), name_(std::move(name)), buffer_(1 << 20) {}
  ~FdChunkSource() override {
    if (owned_) ::close(fd_);
  }
  FdChunkSource(const FdChunkSource&) = delete;
  FdChunkSource& operator=(const FdChunkSource&) = delete;
  Result<std::span<const char>> NextChunk() override {
    for (;;) {
      ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n >= 0) return std::span<const char>(buffer_.data(), static_cast<size_t>(n));
      if (errno == EINTR || (kmsg_ && errno == EPIPE)) continue;
      if (kmsg_ && errno == EAGAIN) return std::span<const char>();
      return Fail(ErrorCode::kIo, name_, std::string("read: ") + std::strerror(errno));
    }
  }

 private:
  int fd_;
  bool owned_;
  bool kmsg_;
  std::string name_;
  std::vector<char> buffer_;
};

// The kernel's /dev/kmsg.
bool IsDevKmsg(const struct stat& st) {
  // /dev/kmsg is character device 1:11 (Documentation/admin-guide/devices.txt).
  return S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 11;
}

bool IsStreamedFile(const struct stat& st) {
  return S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0);
}

}  // namespace

InputSource InputSource::FromPath(std::string path) {
  InputSource source;
  if (path == "-") {
    source.kind_ = Kind::kStdin;
    source.name_ = "<stdin>";
    return source;
  }
  source.kind_ = Kind::kPath;
  source.name_ = path;
  source.path_ = std::move(path);
  return source;
}

InputSource InputSource::FromBytes(std::string_view bytes, std::string name) {
  InputSource source;
  source.kind_ = Kind::kBytes;
  source.name_ = std::move(name);
  source.bytes_ = bytes;
  return source;
}

Result<OpenedInput> OpenedInput::Open(const InputSource& source) {
  OpenedInput in;
  in.source_ = source;
  in.stream_ = source.is_stdin();
  if (source.is_bytes()) in.kind_ = Sniff(source.bytes().substr(0, kSniffBytes));
  if (!source.is_path()) return in;
  // Pipes, character devices (a FIFO, /dev/stdin, bash's <(zcat log.gz),
  // /dev/kmsg) and the size-0 files of /proc cannot be mapped: read them
  // like stdin. stat before open: opening a FIFO would block, and closing it
  // again could leave its writer with no reader (SIGPIPE).
  struct stat st {};
  if (::stat(source.path().c_str(), &st) == 0 && IsStreamedFile(st)) {
    in.stream_ = true;
    in.kmsg_ = IsDevKmsg(st);
    return in;
  }
  auto fd = OpenRegularFile(source.path(), st);
  if (!fd) {
    Error error = fd.error();
    if (error.code == ErrorCode::kNotFound) error.reason = "no such file";
    return Fail(std::move(error));
  }
  const auto size = static_cast<size_t>(st.st_size);
  if (size <= kSmallFileBytes) {
    auto bytes = ReadWhole(*fd, size, source.name());
    if (bytes) in.owned_ = std::make_shared<const std::string>(std::move(*bytes));
    ::close(*fd);
    if (!bytes) return Fail(bytes.error());
  } else {
    auto mapped = MappedFile::Map(*fd, source.path(), size);
    ::close(*fd);  // the mapping keeps the file referenced
    if (!mapped) return Fail(mapped.error());
    in.mapping_ = std::make_shared<const MappedFile>(std::move(*mapped));
  }
  in.kind_ = Sniff(in.bytes().substr(0, kSniffBytes));
  return in;
}

std::string_view OpenedInput::bytes() const {
  if (mapping_) return mapping_->text();
  if (owned_) return *owned_;
  return source_.bytes();
}

Result<std::unique_ptr<ChunkSource>> OpenedInput::TakeChunks() {
  if (mapping_) return std::unique_ptr<ChunkSource>(std::make_unique<MappedChunkSource>(mapping_));
  if (owned_) return std::unique_ptr<ChunkSource>(std::make_unique<OwnedChunkSource>(owned_));
  if (!stream_) return std::unique_ptr<ChunkSource>(std::make_unique<MemoryChunkSource>(bytes()));
  if (source_.is_stdin()) {
    return std::unique_ptr<ChunkSource>(
        std::make_unique<FdChunkSource>(STDIN_FILENO, source_.name()));
  }
  int fd = ::open(source_.path().c_str(), O_RDONLY | O_CLOEXEC | (kmsg_ ? O_NONBLOCK : 0));
  if (fd < 0) return Fail(ErrorCode::kIo, source_.name(), std::strerror(errno));
  return std::unique_ptr<ChunkSource>(
      std::make_unique<FdChunkSource>(fd, source_.name(), true, kmsg_));
}

}  // namespace crashsift::input
