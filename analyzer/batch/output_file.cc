#include "analyzer/batch/output_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace crashsift::batch {
namespace {

// What the interrupt handler may do with the one JSON Lines output in
// flight. Plain buffers, set before the handler can see them: a handler may
// only make async-signal-safe calls (rename, unlink, write, _exit).
struct InterruptState {
  char temp[4096] = {};
  char target[4096] = {};
  std::atomic<bool> armed{false};
  std::atomic<bool> keep{false};
  std::atomic<bool> writing{false};  // a record is half written: wait for it
  std::atomic<int> pending{0};       // signal that arrived while writing
};
InterruptState g_interrupt;

[[noreturn]] void FinishInterrupted(int sig) {
  if (g_interrupt.armed.load()) {
    if (g_interrupt.keep.load()) {
      ::rename(g_interrupt.temp, g_interrupt.target);
      constexpr char kMessage[] = "crashsift: interrupted: whole records so far kept in ";
      (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      (void)!::write(STDERR_FILENO, g_interrupt.target, std::strlen(g_interrupt.target));
      (void)!::write(STDERR_FILENO, "\n", 1);
    } else {
      ::unlink(g_interrupt.temp);
    }
  }
  ::_exit(128 + sig);
}

void OnInterrupt(int sig) {
  if (g_interrupt.writing.load()) {
    g_interrupt.pending.store(sig);
    return;
  }
  FinishInterrupted(sig);
}

void Arm(const std::string& temp, const std::string& target, bool keep) {
  if (temp.size() >= sizeof g_interrupt.temp || target.size() >= sizeof g_interrupt.target) return;
  std::memcpy(g_interrupt.temp, temp.c_str(), temp.size() + 1);
  std::memcpy(g_interrupt.target, target.c_str(), target.size() + 1);
  g_interrupt.keep.store(keep);
  g_interrupt.armed.store(true);
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

void Disarm() { g_interrupt.armed.store(false); }

Error WriteError(const std::string& target, int err) {
  return Error{ErrorCode::kIo, target == "-" ? "<stdout>" : target, std::nullopt,
               std::string("write: ") + std::strerror(err)};
}

}  // namespace

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (a == "-" || b == "-") return false;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Result<OutputFile> OutputFile::Open(const std::string& target, bool keep_on_interrupt) {
  OutputFile out;
  out.target_ = target.empty() ? "-" : target;
  if (out.target_ == "-") {
    out.fd_ = STDOUT_FILENO;
    return out;
  }
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists) {
    if (S_ISDIR(st.st_mode)) return Fail(ErrorCode::kUsage, target, "is a directory");
    if (!S_ISREG(st.st_mode)) {  // /dev/null, /dev/full, a FIFO: written in place
      out.fd_ = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
      if (out.fd_ < 0) return Fail(ErrorCode::kIo, target, std::strerror(errno));
      out.owned_ = true;
      return out;
    }
  }
  // Through a symbolic link, the file it names is replaced, not the link.
  std::error_code ec;
  std::string real = target;
  if (std::filesystem::is_symlink(target, ec)) {
    auto resolved = std::filesystem::weakly_canonical(target, ec);
    if (!ec) real = resolved.string();
  }
  std::string temp = real + ".partial-XXXXXX";
  out.fd_ = ::mkstemp(temp.data());
  if (out.fd_ < 0) return Fail(ErrorCode::kIo, target, std::strerror(errno));
  // mkstemp makes 0600: keep the mode of the file replaced, else what the
  // umask gives any new file.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(out.fd_, exists ? (st.st_mode & 07777) : (0666 & ~mask));
  out.rename_to_ = real;
  out.owned_ = true;
  out.temp_ = temp;
  Arm(temp, real, keep_on_interrupt);
  return out;
}

Result<OutputFile> OutputFile::OpenForAppend(const std::string& target) {
  OutputFile out;
  out.target_ = target;
  out.fd_ = ::open(target.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (out.fd_ < 0) return Fail(ErrorCode::kIo, target, std::strerror(errno));
  out.owned_ = true;
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      rename_to_(std::move(other.rename_to_)),
      fd_(other.fd_),
      owned_(other.owned_),
      committed_(other.committed_) {
  other.fd_ = -1;
  other.owned_ = false;
  other.temp_.clear();
}

OutputFile::~OutputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
  if (!temp_.empty() && !committed_) {
    Disarm();
    ::unlink(temp_.c_str());
  }
}

Result<void> OutputFile::Write(std::string_view text) {
  return Write(std::span<const std::string_view>(&text, 1));
}

Result<void> OutputFile::Write(const std::vector<std::string>& pieces) {
  std::vector<std::string_view> views(pieces.begin(), pieces.end());
  return Write(std::span<const std::string_view>(views));
}

void OutputFile::BeginRecord() {
  g_interrupt.writing.store(true);
  in_record_ = true;
}

Result<void> OutputFile::EndRecord() {
  in_record_ = false;
  return Write(std::string_view());  // lets a pending interrupt finish the run
}

Result<void> OutputFile::Write(std::span<const std::string_view> pieces) {
  g_interrupt.writing.store(true);
  int err = 0;
  for (std::string_view text : pieces) {
    while (!text.empty() && err == 0) {
      ssize_t n = ::write(fd_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        err = n < 0 ? errno : EIO;
        break;
      }
      text.remove_prefix(static_cast<size_t>(n));
    }
  }
  if (in_record_) {
    if (err != 0) return Fail(WriteError(target_, err));
    return {};
  }
  g_interrupt.writing.store(false);
  if (int sig = g_interrupt.pending.load(); sig != 0) FinishInterrupted(sig);
  if (err != 0) return Fail(WriteError(target_, err));
  return {};
}

Result<void> OutputFile::Commit() {
  if (owned_) {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(WriteError(target_, errno));
  }
  if (!temp_.empty()) {
    Disarm();
    if (::rename(temp_.c_str(), rename_to_.c_str()) != 0)
      return Fail(ErrorCode::kIo, target_, std::string("rename: ") + std::strerror(errno));
  }
  committed_ = true;
  return {};
}

}  // namespace crashsift::batch
