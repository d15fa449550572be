#include "analyzer/core/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crashsift {
namespace {

// Splits `data` into chunks of `chunk_size` to exercise lines across chunks.
class SlicedSource : public ChunkSource {
 public:
  SlicedSource(std::string data, size_t chunk_size) : data_(std::move(data)), size_(chunk_size) {}
  Result<std::span<const char>> NextChunk() override {
    size_t n = std::min(size_, data_.size() - pos_);
    std::span<const char> out(data_.data() + pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string data_;
  size_t size_;
  size_t pos_ = 0;
};

std::vector<std::string> ReadAll(ChunkSource& source, size_t cap,
                                 std::vector<bool>* cuts = nullptr) {
  LineReader reader(source, cap);
  std::vector<std::string> lines;
  Line line;
  uint64_t expected_number = 0;
  while (true) {
    auto more = reader.Next(line);
    EXPECT_TRUE(more.has_value());
    if (!*more) break;
    EXPECT_EQ(line.number, ++expected_number);
    lines.emplace_back(line.text);
    if (cuts) cuts->push_back(line.cut);
  }
  return lines;
}

TEST(LineReaderTest, SplitsLinesKeepingCarriageReturns) {
  MemoryChunkSource source("[    0.000000] Linux version 6.1.0\r\nsecond\n\nlast-no-newline");
  auto lines = ReadAll(source, 1024);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "[    0.000000] Linux version 6.1.0\r");
  EXPECT_EQ(lines[1], "second");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "last-no-newline");
}

TEST(LineReaderTest, SameLinesWhateverTheChunking) {
  std::string text = "alpha\nbeta gamma\n\ndelta epsilon zeta\neta";
  MemoryChunkSource whole(text);
  auto expected = ReadAll(whole, 1024);
  for (size_t chunk = 1; chunk < text.size() + 2; ++chunk) {
    SlicedSource sliced(text, chunk);
    EXPECT_EQ(ReadAll(sliced, 1024), expected) << "chunk size " << chunk;
  }
}

TEST(LineReaderTest, CutsOverlongLinesAndKeepsGoing) {
  std::string text = std::string(100, 'x') + "\nshort\n" + std::string(50, 'y');
  for (size_t chunk : {7u, 1000u}) {
    SlicedSource source(text, chunk);
    std::vector<bool> cuts;
    auto lines = ReadAll(source, 10, &cuts);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], std::string(10, 'x'));
    EXPECT_TRUE(cuts[0]);
    EXPECT_EQ(lines[1], "short");
    EXPECT_FALSE(cuts[1]);
    EXPECT_EQ(lines[2], std::string(10, 'y'));
    EXPECT_TRUE(cuts[2]);
  }
}

TEST(LineReaderTest, EmptyInputHasNoLines) {
  MemoryChunkSource source("");
  EXPECT_TRUE(ReadAll(source, 10).empty());
}

}  // namespace
}  // namespace crashsift
