#include "analyzer/pipeline/dmesg.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "analyzer/core/mapped_file.h"
#include "analyzer/vmcore/vmcore_log_reader.h"

namespace crashsift::pipeline {
namespace {

// `dmesg -`: dumps are read at random and a pipe cannot be, so standard input
// is copied to an unlinked temporary file (in $TMPDIR) and mapped from there.
Result<vmcore::DumpBytes> SpoolStdin() {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/crashsift-stdin-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) return Fail(ErrorCode::kIo, path, std::strerror(errno));
  ::unlink(path.c_str());
  std::vector<char> buffer(1 << 20);
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Fail(ErrorCode::kIo, "<stdin>", std::string("read: ") + std::strerror(err));
    }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(fd, buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        int err = w < 0 ? errno : EIO;
        ::close(fd);
        return Fail(ErrorCode::kIo, path, std::string("spooling <stdin>: ") + std::strerror(err));
      }
      done += w;
    }
  }
  auto mapped = MappedFile::Open("/proc/self/fd/" + std::to_string(fd));
  ::close(fd);
  if (!mapped) return Fail(mapped.error());
  if (mapped->size() == 0) return Fail(ErrorCode::kTruncated, "<stdin>", "empty input");
  vmcore::DumpBytes dump = vmcore::DumpBytes::FromMapping(std::move(*mapped));
  dump.path = "<stdin>";
  return dump;
}

Result<vmcore::VmcoreLog> ReadLog(const std::vector<std::string>& inputs) {
  std::vector<vmcore::DumpBytes> dumps;
  for (const auto& in : inputs) {
    if (in == "-") {
      auto dump = SpoolStdin();
      if (!dump) return Fail(dump.error());
      dumps.push_back(std::move(*dump));
      continue;
    }
    auto mapped = MappedFile::Open(in);
    if (!mapped) return Fail(mapped.error());
    mapped->AdviseRandom();
    dumps.push_back(vmcore::DumpBytes::FromMapping(std::move(*mapped)));
  }
  return vmcore::ReadVmcoreLogFromBytes(std::move(dumps));
}

}  // namespace

Result<DmesgText> ReadDmesg(const std::vector<std::string>& inputs, bool raw) {
  // All inputs together: they are the parts of one (possibly split) dump.
  auto log = ReadLog(inputs);
  if (!log) return Fail(log.error());
  DmesgText out;
  out.text =
      vmcore::RenderDmesg(*log, raw ? vmcore::DmesgStyle::kRaw : vmcore::DmesgStyle::kMakedumpfile);
  out.warnings = std::move(log->warnings);
  return out;
}

}  // namespace crashsift::pipeline
