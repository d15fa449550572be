#include "analyzer/batch/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>

#include "analyzer/input/input_kind.h"

namespace crashsift::batch {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

// `format_raw`: the whole (decompressed) stream as one member, for bzip2
// logs, which the text reader cannot decompress itself.
ArchivePtr OpenArchive(const std::string& path, std::string_view bytes, bool format_raw) {
  ArchivePtr a(archive_read_new());
  if (!a) return nullptr;
  archive_read_support_filter_all(a.get());
  if (format_raw) {
    archive_read_support_format_raw(a.get());
  } else {
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    archive_read_support_format_zip(a.get());
    archive_read_support_format_cpio(a.get());
  }
  int rc = bytes.empty() ? archive_read_open_filename(a.get(), path.c_str(), 1 << 16)
                         : archive_read_open_memory(a.get(), bytes.data(), bytes.size());
  if (rc != ARCHIVE_OK) return nullptr;
  return a;
}

std::string ErrorText(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "read error";
}

std::string PrintableName(const char* name) {
  std::string out = name ? name : "";
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

}  // namespace

bool MayBeArchive(std::string_view head) {
  return (head.size() >= 262 && head.substr(257, 5) == "ustar") || head.starts_with("PK\x03\x04") ||
         head.starts_with("PK\x05\x06") || head.starts_with("070701") ||
         head.starts_with("070702") || head.starts_with("070707") || head.starts_with("BZh") ||
         input::IsCompressed(input::Sniff(head.substr(0, input::kMagicBytes)));
}

Result<ArchiveVerdict> ReadArchive(const std::string& path, std::string_view bytes,
                                   const std::function<void(const ArchiveMember&)>& visit) {
  ArchivePtr a = OpenArchive(path, bytes, false);
  archive_entry* entry = nullptr;
  int rc = a ? archive_read_next_header(a.get(), &entry) : ARCHIVE_FATAL;
  bool raw = false;
  if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
    // Not an archive. A bzip2 stream is still read here: the text reader
    // knows gzip, xz and zstd, not bzip2.
    const bool bzip2 =
        bytes.starts_with("BZh") || (bytes.empty() && [&] {
          ArchivePtr probe = OpenArchive(path, bytes, true);
          return probe && archive_filter_code(probe.get(), 0) == ARCHIVE_FILTER_BZIP2;
        }());
    if (!bzip2) return ArchiveVerdict::kNotArchive;
    a = OpenArchive(path, bytes, true);
    rc = a ? archive_read_next_header(a.get(), &entry) : ARCHIVE_FATAL;
    if (rc != ARCHIVE_OK) return ArchiveVerdict::kNotArchive;
    raw = true;
  }
  std::string data;
  for (; rc == ARCHIVE_OK || rc == ARCHIVE_WARN; rc = archive_read_next_header(a.get(), &entry)) {
    if (!raw && archive_entry_filetype(entry) != AE_IFREG) continue;
    ArchiveMember member;
    member.name = raw ? std::string() : PrintableName(archive_entry_pathname(entry));
    data.clear();
    char buffer[1 << 16];
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n < 0) {
        return Fail(ErrorCode::kCorrupt, path, member.name + ": " + ErrorText(a.get()));
      }
      if (n == 0) break;
      size_t take = std::min(static_cast<size_t>(n), kMaxArchiveMemberBytes - data.size());
      data.append(buffer, take);
      if (take < static_cast<size_t>(n)) {
        member.cut = true;
        break;
      }
    }
    member.bytes = data;
    visit(member);
  }
  if (rc != ARCHIVE_EOF) {
    return Fail(ErrorCode::kCorrupt, path, "archive: " + ErrorText(a.get()));
  }
  return ArchiveVerdict::kArchive;
}

}  // namespace crashsift::batch
