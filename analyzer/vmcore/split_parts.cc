#include "analyzer/vmcore/split_parts.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace crashsift::vmcore {
namespace {

// disk_dump_header: signature[8], header_version at 8, block_size at 428;
// 464 bytes on 64-bit hosts. kdump_sub_header.split at 12 (version >= 2).
constexpr size_t kHeaderSize = 464;
constexpr size_t kVersion = 8, kBlockSize = 428, kSubSplit = 12;

}  // namespace

std::optional<std::string> SplitPartKeyOfBytes(std::string_view bytes) {
  if (bytes.size() < kHeaderSize || bytes.compare(0, 8, "KDUMP   ") != 0) return std::nullopt;
  int32_t version = 0, block_size = 0;
  std::memcpy(&version, bytes.data() + kVersion, 4);
  std::memcpy(&block_size, bytes.data() + kBlockSize, 4);
  if (version < 2 || block_size < static_cast<int32_t>(kHeaderSize)) return std::nullopt;
  const size_t sub = static_cast<size_t>(block_size) + kSubSplit;
  int32_t split = 0;
  if (sub + 4 > bytes.size()) return std::nullopt;
  std::memcpy(&split, bytes.data() + sub, 4);
  if (split == 0) return std::nullopt;
  return std::string(bytes.substr(0, kHeaderSize));
}

std::optional<std::string> SplitPartKey(const std::string& path) {
  // Only a regular file can be a dump part; opening a FIFO would block (or
  // eat the head of a stream such as bash's <(zcat log.gz)).
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string header(kHeaderSize, '\0');
  if (!in.read(header.data(), kHeaderSize) || header.compare(0, 8, "KDUMP   ") != 0) {
    return std::nullopt;
  }
  int32_t version = 0, block_size = 0;
  std::memcpy(&version, header.data() + kVersion, 4);
  std::memcpy(&block_size, header.data() + kBlockSize, 4);
  if (version < 2 || block_size < static_cast<int32_t>(kHeaderSize)) return std::nullopt;
  int32_t split = 0;
  in.seekg(block_size + static_cast<std::streamoff>(kSubSplit));
  if (!in.read(reinterpret_cast<char*>(&split), 4) || split == 0) return std::nullopt;
  return header;
}

std::vector<std::vector<std::string>> GroupSplitParts(const std::vector<std::string>& paths) {
  std::vector<std::vector<std::string>> groups;
  std::map<std::string, size_t> group_of_key;
  for (const std::string& path : paths) {
    auto key = SplitPartKey(path);
    if (!key) {
      groups.push_back({path});
      continue;
    }
    auto [it, inserted] = group_of_key.try_emplace(*key, groups.size());
    if (inserted) {
      groups.push_back({path});
    } else {
      groups[it->second].push_back(path);
    }
  }
  return groups;
}

}  // namespace crashsift::vmcore
