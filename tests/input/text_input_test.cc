#include "analyzer/input/text_input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "tests/support/test_support.h"

namespace crashsift::input {
namespace {

using crashsift::testing::CorpusPath;
using crashsift::testing::ReadFile;
using crashsift::testing::TempDir;

// All bytes of a chunk source, or the error.
Result<std::string> Drain(ChunkSource& source) {
  std::string out;
  for (;;) {
    auto chunk = source.NextChunk();
    if (!chunk) return Fail(chunk.error());
    if (chunk->empty()) return out;
    out.append(chunk->data(), chunk->size());
  }
}

// Opens and reads everything; an error from either step.
Result<std::string> OpenAndDrain(const InputSource& source, uint64_t cap = 0) {
  auto text = OpenTextInput(source, cap);
  if (!text) return Fail(text.error());
  return Drain(*text->chunks);
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(TextInputTest, DecompressesRealGzipXzZstdToTheSameText) {
  std::string plain = ReadFile(CorpusPath("logs/formats/dmesg.log"));
  for (const char* ext : {"gz", "xz", "zst"}) {
    std::string path = CorpusPath(std::string("logs/formats/dmesg.log.") + ext);
    auto text = OpenTextInput(InputSource::FromPath(path));
    ASSERT_TRUE(text.has_value()) << text.error().OneLine();
    EXPECT_EQ(text->compression, ext == std::string("gz")   ? "gzip"
                                 : ext == std::string("xz") ? "xz"
                                                            : "zstd");
    auto bytes = Drain(*text->chunks);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().OneLine();
    EXPECT_EQ(*bytes, plain) << ext;
  }
}

TEST(TextInputTest, PlainFileIsPassedThrough) {
  std::string path = CorpusPath("logs/formats/kmsg.log");
  auto text = OpenTextInput(InputSource::FromPath(path));
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->compression, "");
  EXPECT_EQ(*Drain(*text->chunks), ReadFile(path));
}

// A mapped file is handed out in windows (its pages dropped behind the
// reader): every byte arrives, in order, in more than one chunk.
TEST(TextInputTest, LargePlainFileArrivesInWindowsWithEveryByte) {
  std::string one = ReadFile(CorpusPath("logs/formats/dmesg.log"));
  std::string big;
  while (big.size() < (40u << 20)) big += one;
  auto path = TempDir() / "large-dmesg.log";
  WriteFile(path, big);
  auto text = OpenTextInput(InputSource::FromPath(path.string()));
  ASSERT_TRUE(text.has_value()) << text.error().OneLine();
  std::string out;
  size_t chunks = 0;
  for (;;) {
    auto chunk = text->chunks->NextChunk();
    ASSERT_TRUE(chunk.has_value()) << chunk.error().OneLine();
    if (chunk->empty()) break;
    ++chunks;
    out.append(chunk->data(), chunk->size());
  }
  EXPECT_GT(chunks, 2u);
  EXPECT_TRUE(out == big);
  std::filesystem::remove(path);
}

TEST(TextInputTest, MissingFile) {
  auto text = OpenTextInput(InputSource::FromPath("/nonexistent/dmesg.log"));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(text.error().OneLine(), "/nonexistent/dmesg.log: no such file");
}

TEST(TextInputTest, Directory) {
  auto dir = TempDir();
  auto text = OpenTextInput(InputSource::FromPath(dir.string()));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().path, dir.string());
  EXPECT_EQ(text.error().reason, "is a directory");
}

TEST(TextInputTest, UnreadableFile) {
  auto path = TempDir() / "secret.log";
  WriteFile(path, "[    0.000000] Linux version 6.1.0\n");
  ::chmod(path.c_str(), 0);
  if (::access(path.c_str(), R_OK) == 0) GTEST_SKIP() << "running as root: chmod 000 is readable";
  auto text = OpenTextInput(InputSource::FromPath(path.string()));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kIo);
  EXPECT_EQ(text.error().path, path.string());
  EXPECT_NE(text.error().reason.find("ermission"), std::string::npos) << text.error().reason;
}

TEST(TextInputTest, EmptyFile) {
  auto path = TempDir() / "empty.log";
  WriteFile(path, "");
  auto text = OpenTextInput(InputSource::FromPath(path.string()));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().OneLine(), path.string() + ": empty file");
}

TEST(TextInputTest, BinaryGarbage) {
  // A real binary: this test program itself (an ELF executable, not a core).
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  auto text = OpenTextInput(InputSource::FromPath(self));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kBadMagic);
  EXPECT_EQ(text.error().OneLine(), self + ": not a kernel log: binary data");
}

TEST(TextInputTest, BinaryInsideGzip) {
  std::string self = ReadFile(std::filesystem::read_symlink("/proc/self/exe"));
  self.resize(200000);
  uLongf size = compressBound(self.size()) + 32;
  std::string gz(size, '\0');
  // gzip wrapper via deflateInit2 (windowBits 31).
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(self.data());
  z.avail_in = self.size();
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = gz.size();
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  auto text = OpenTextInput(InputSource::FromBytes(gz, "exe.gz"));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().OneLine(), "exe.gz: not a kernel log: binary data (inside gzip)");
}

TEST(TextInputTest, VmcoreIsRefusedAsText) {
  std::string kdump("KDUMP   \x06\x00\x00\x00", 12);
  kdump.resize(4096, '\0');
  auto text = OpenTextInput(InputSource::FromBytes(kdump, "vmcore"));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(text.error().reason, "a vmcore (kdump-compressed), not a text log");
}

TEST(TextInputTest, TruncatedGzipIsAnErrorNotAHang) {
  std::string gz = ReadFile(CorpusPath("logs/formats/dmesg.log.gz"));
  std::string cut = gz.substr(0, gz.size() / 2);
  // The damage is found while sniffing the head (it is short) or later.
  auto bytes = OpenAndDrain(InputSource::FromBytes(cut, "cut.gz"));
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(bytes.error().OneLine(), "cut.gz: gzip data ends early");
}

TEST(TextInputTest, CorruptXzIsAnError) {
  std::string xz = ReadFile(CorpusPath("logs/formats/dmesg.log.xz"));
  for (size_t i = 100; i < 200; ++i) xz[i] = static_cast<char>(xz[i] ^ 0x5a);
  auto bytes = OpenAndDrain(InputSource::FromBytes(xz, "bad.xz"));
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().path, "bad.xz");
  EXPECT_EQ(bytes.error().code, ErrorCode::kCorrupt);
}

TEST(TextInputTest, DecompressionBombStopsAtTheCap) {
  // 64 MiB of '\n' compresses to ~64 KiB; with a 8 MiB cap it must stop.
  std::string zeros(64 << 20, '\n');
  std::string gz(compressBound(zeros.size()) + 64, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = zeros.size();
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = gz.size();
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  auto bytes = OpenAndDrain(InputSource::FromBytes(gz, "bomb.gz"), 8 << 20);
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(bytes.error().path, "bomb.gz");
}

TEST(TextInputTest, ConcatenatedGzipMembers) {
  std::string gz = ReadFile(CorpusPath("logs/formats/dmesg.log.gz"));
  std::string two = gz + gz;
  auto text = OpenTextInput(InputSource::FromBytes(two, "two.gz"));
  ASSERT_TRUE(text.has_value());
  std::string plain = ReadFile(CorpusPath("logs/formats/dmesg.log"));
  EXPECT_EQ(*Drain(*text->chunks), plain + plain);
}

TEST(TextInputTest, ZeroPaddingAfterGzipIsIgnored) {
  std::string gz = ReadFile(CorpusPath("logs/formats/dmesg.log.gz")) + std::string(512, '\0');
  auto bytes = OpenAndDrain(InputSource::FromBytes(gz, "padded.gz"));
  ASSERT_TRUE(bytes.has_value()) << bytes.error().OneLine();
  EXPECT_EQ(*bytes, ReadFile(CorpusPath("logs/formats/dmesg.log")));
}

TEST(TextInputTest, ConcatenatedZstdFrames) {
  std::string zst = ReadFile(CorpusPath("logs/formats/dmesg.log.zst"));
  auto bytes = OpenAndDrain(InputSource::FromBytes(zst + zst, "two.zst"));
  ASSERT_TRUE(bytes.has_value()) << bytes.error().OneLine();
  std::string plain = ReadFile(CorpusPath("logs/formats/dmesg.log"));
  EXPECT_EQ(*bytes, plain + plain);
}

TEST(TextInputTest, OpenedInputIsSniffedOnce) {
  auto in = OpenedInput::Open(InputSource::FromPath(CorpusPath("logs/formats/dmesg.log.zst")));
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->kind(), InputKind::kZstd);
  EXPECT_EQ(in->mapping(), nullptr);  // small: read whole
  EXPECT_EQ(in->bytes(), ReadFile(CorpusPath("logs/formats/dmesg.log.zst")));
}

TEST(TextInputTest, OpenedInputMapsLargeFilesAndRefusesDirectories) {
  auto big = TempDir() / "opened-input-big.log";
  std::ofstream(big, std::ios::binary) << std::string(kSmallFileBytes + 1, 'x');
  auto in = OpenedInput::Open(InputSource::FromPath(big.string()));
  ASSERT_TRUE(in.has_value());
  ASSERT_NE(in->mapping(), nullptr);
  EXPECT_EQ(in->bytes().size(), kSmallFileBytes + 1);
  auto dir = OpenedInput::Open(InputSource::FromPath(TempDir().string()));
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().reason, "is a directory");
  auto missing = OpenedInput::Open(InputSource::FromPath((TempDir() / "no-such").string()));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().reason, "no such file");
}

}  // namespace
}  // namespace crashsift::input

namespace crashsift::input {
namespace {

// Feeds `bytes` through a pipe; the read end is returned.
int PipeWith(const std::string& bytes) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread([fd = fds[1], bytes] {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  }).detach();
  return fds[0];
}

TEST(TextInputTest, StdinIsReadInChunksAndSniffed) {
  std::string xz = ReadFile(CorpusPath("logs/formats/dmesg.log.xz"));
  int saved = ::dup(STDIN_FILENO);
  int fd = PipeWith(xz);
  ASSERT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
  ::close(fd);
  auto bytes = OpenAndDrain(InputSource::FromPath("-"));
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().OneLine();
  EXPECT_EQ(*bytes, ReadFile(CorpusPath("logs/formats/dmesg.log")));
}

TEST(TextInputTest, NamedPipeIsReadNotMapped) {
  auto fifo = TempDir() / "log.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string plain = ReadFile(CorpusPath("logs/formats/kmsg.log"));
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << plain; });
  // Opening a pipe neither blocks nor consumes it: it is opened when read.
  auto in = OpenedInput::Open(InputSource::FromPath(fifo.string()));
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(in->is_stream());
  EXPECT_EQ(in->kind(), InputKind::kText);
  auto bytes = OpenAndDrain(InputSource::FromPath(fifo.string()));
  writer.join();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().OneLine();
  EXPECT_EQ(*bytes, plain);
}

// Issue 12, defect 4: a log truncated while it is read (logrotate
// copytruncate) is an error naming the file, not SIGBUS and not zeros.
TEST(TextInputTest, LogTruncatedWhileReadIsAnError) {
  auto path = TempDir() / "rotated.log";
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::string line = "[    1.000000] some line of the kernel log\n";
  std::string text;
  while (text.size() < kSmallFileBytes + 8 * page) text += line;  // mapped, not read whole
  std::ofstream(path, std::ios::binary) << text;
  auto in = OpenedInput::Open(InputSource::FromPath(path.string()));
  ASSERT_TRUE(in.has_value());
  auto source = in->TakeChunks();
  ASSERT_TRUE(source.has_value());
  auto chunk = (*source)->NextChunk();
  ASSERT_TRUE(chunk.has_value());
  std::filesystem::resize_file(path, 0);
  size_t sum = 0;
  for (char c : *chunk) sum += static_cast<unsigned char>(c);  // every page: SIGBUS before
  EXPECT_EQ(sum, 0u);
  auto next = (*source)->NextChunk();
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(next.error().OneLine(),
            path.string() + ": the file shrank while it was read (truncated or rotated meanwhile)");
}

}  // namespace
}  // namespace crashsift::input
