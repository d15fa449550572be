// Archives as inputs (the only libarchive user): tar (plain or gzip, xz,
// zstd, bzip2 compressed), zip and cpio, and bzip2-compressed single logs.
// Members are read from the archive stream into memory one at a time (never
// unpacked to disk), so a member's name is only a label: "../../etc/passwd"
// or an absolute path in a hostile archive names nothing on this machine.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "analyzer/core/result.h"

namespace crashsift::batch {

// Members larger than this are read up to it and flagged `cut`.
inline constexpr size_t kMaxArchiveMemberBytes = 256u << 20;

// True when `head` (the first bytes of an input, at least 512 when the
// input has them) starts like an archive or a compressed stream that may
// hold one: tar (ustar magic), zip, cpio, gzip, xz, zstd or bzip2. Only
// then is the input offered to ReadArchive.
bool MayBeArchive(std::string_view head);

struct ArchiveMember {
  std::string name;  // as stored, control characters replaced by '?'
  std::string_view bytes;
  bool cut = false;  // longer than kMaxArchiveMemberBytes
};

enum class ArchiveVerdict {
  kNotArchive,  // not an archive (a gzip'd log, say): analyse the input as usual
  kArchive,     // members visited
};

// Visits the regular-file members of the archive at `path` (or in `bytes`
// when not empty), in archive order. A bzip2 stream that holds no archive is
// one member named "" (the decompressed log). Errors (a corrupt or truncated
// archive after its first member) name `path`; members visited before stay
// visited.
Result<ArchiveVerdict> ReadArchive(const std::string& path, std::string_view bytes,
                                   const std::function<void(const ArchiveMember&)>& visit);

}  // namespace crashsift::batch
