#include "tests/vmcore/vmcore_samples.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

#include "tests/support/test_support.h"

namespace crashsift::testing {
namespace {

bool AllZero(const char* p, size_t n) {
  return std::all_of(p, p + n, [](char c) { return c == 0; });
}

bool Decompress(const std::filesystem::path& in_path, const std::filesystem::path& out_path) {
  std::ifstream in(in_path, std::ios::binary);
  if (!in) return false;
  int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return false;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::vector<char> in_buf(ZSTD_DStreamInSize()), out_buf(1 << 20);
  off_t pos = 0;
  bool ok = true;
  while (ok) {
    in.read(in_buf.data(), static_cast<std::streamsize>(in_buf.size()));
    size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    ZSTD_inBuffer input{in_buf.data(), got, 0};
    while (input.pos < input.size) {
      ZSTD_outBuffer output{out_buf.data(), out_buf.size(), 0};
      size_t rc = ZSTD_decompressStream(dctx, &output, &input);
      if (ZSTD_isError(rc)) {
        ok = false;
        break;
      }
      for (size_t off = 0; off < output.pos; off += 4096) {
        size_t n = std::min<size_t>(4096, output.pos - off);
        if (!AllZero(out_buf.data() + off, n) &&
            ::pwrite(fd, out_buf.data() + off, n, pos) != static_cast<ssize_t>(n)) {
          ok = false;
        }
        pos += static_cast<off_t>(n);
      }
    }
  }
  ZSTD_freeDCtx(dctx);
  if (ok && ::ftruncate(fd, pos) != 0) ok = false;
  ::close(fd);
  return ok;
}

}  // namespace

std::filesystem::path VmcoreSample(const std::string& name) {
  static std::map<std::string, std::filesystem::path> done;
  struct SampleDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("crashsift-vmcores-" + std::to_string(::getpid()));
    SampleDir() { std::filesystem::create_directories(path); }
    ~SampleDir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const SampleDir sample_dir;
  const std::filesystem::path& dir = sample_dir.path;
  if (auto it = done.find(name); it != done.end()) return it->second;
  auto out = dir / name;
  if (!Decompress(CorpusPath("vmcores/" + name + ".zst"), out)) {
    ADD_FAILURE() << "cannot decompress corpus/vmcores/" << name << ".zst";
    return {};
  }
  done[name] = out;
  return out;
}

}  // namespace crashsift::testing

#include <sys/mman.h>
#include <sys/stat.h>

namespace crashsift::testing {

PrivateMapping::PrivateMapping(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    ADD_FAILURE() << "cannot open " << path;
    return;
  }
  struct stat st {};
  ::fstat(fd, &st);
  void* p =
      ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) {
    ADD_FAILURE() << "cannot map " << path;
    return;
  }
  data_ = static_cast<std::byte*>(p);
  size_ = static_cast<size_t>(st.st_size);
}

PrivateMapping::~PrivateMapping() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace crashsift::testing

extern char** environ;

namespace crashsift::testing {

ProgramRun RunProgram(std::vector<std::string> args, const std::filesystem::path& dir) {
  ProgramRun run;
  const auto out = dir / "program.stdout", err = dir / "program.stderr";
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out_fd < 0 || err_fd < 0) return run;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  if (spawned != 0) return run;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return run;
  run.exit_status = WEXITSTATUS(status);
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  return run;
}

}  // namespace crashsift::testing
