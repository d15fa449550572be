// Where an input's bytes come from: a file path, standard input ("-"), or
// bytes already in memory (tests, fuzzers). A plain value; nothing is opened
// until a reader asks (bloaty's InputFileFactory, rust-minidump's read_path).
#pragma once

#include <sys/stat.h>

#include <memory>
#include <string>
#include <string_view>

#include "analyzer/core/line_reader.h"
#include "analyzer/core/result.h"

namespace crashsift::input {

class InputSource {
 public:
  // A path; "-" means standard input.
  static InputSource FromPath(std::string path);
  // Bytes owned by the caller, who keeps them alive while any reader made
  // from this source is in use. `name` is what errors and reports call it.
  static InputSource FromBytes(std::string_view bytes, std::string name = "<memory>");

  bool is_stdin() const { return kind_ == Kind::kStdin; }
  bool is_bytes() const { return kind_ == Kind::kBytes; }
  bool is_path() const { return kind_ == Kind::kPath; }
  // The name used in errors: the path, "<stdin>", or the FromBytes name.
  const std::string& name() const { return name_; }
  // The file path (empty for stdin and bytes).
  const std::string& path() const { return path_; }
  std::string_view bytes() const { return bytes_; }

 private:
  enum class Kind { kPath, kStdin, kBytes };
  Kind kind_ = Kind::kBytes;
  std::string name_;
  std::string path_;
  std::string_view bytes_;
};

// The raw (still possibly compressed) bytes of `source` as chunks: one chunk
// for a mapped file or memory, 1 MiB reads for stdin. Errors name the input:
// not_found ("no such file"), io ("is a directory", "permission denied", ...).
Result<std::unique_ptr<ChunkSource>> OpenRawChunks(const InputSource& source);

// Files read as a stream, never mapped nor sniffed twice: FIFOs, character
// devices, and regular files that report size 0 (/proc's: their size is
// unknown until read). A truly empty file reads as empty all the same.
bool IsStreamedFile(const struct stat& st);
// The kernel's /dev/kmsg (read non-blocking; its end is the drained ring).
bool IsDevKmsg(const struct stat& st);

}  // namespace crashsift::input
