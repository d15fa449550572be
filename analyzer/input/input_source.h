// Where an input's bytes come from: a file path, standard input ("-"), or
// bytes already in memory (tests, fuzzers). A plain value; nothing is opened
// until a reader asks (bloaty's InputFileFactory, rust-minidump's read_path).
// OpenedInput is that input opened, once: every reader (sniffer, split-part
// grouping, archive, text and dump readers) takes its bytes from there.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "analyzer/core/line_reader.h"
#include "analyzer/core/mapped_file.h"
#include "analyzer/core/result.h"
#include "analyzer/input/input_kind.h"

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

// Regular files up to this size are read whole (a batch meets thousands of
// logs of a few KiB, and mapping each costs more than its bytes: page-table
// set-up and TLB shootdowns on munmap); larger ones are mapped.
inline constexpr size_t kSmallFileBytes = 1 << 20;

// An input opened once (issue 9). A regular file is opened here, exactly
// once: read whole when small, else mapped; its head is sniffed once. A
// stream (stdin, a FIFO, a character device such as /dev/kmsg, read
// non-blocking, a size-0 /proc file whose size is unknown until read) is
// only stat'ed here and opened when its chunks are taken (opening a FIFO
// blocks until it has a writer); the text reader sniffs it.
class OpenedInput {
 public:
  // Errors name the input: not_found ("no such file"), io ("is a
  // directory", "Permission denied", read errors).
  static Result<OpenedInput> Open(const InputSource& source);

  const InputSource& source() const { return source_; }
  const std::string& name() const { return source_.name(); }
  bool is_stream() const { return stream_; }
  // The whole content ("" for a stream): the file read whole, its mapping,
  // or the caller's bytes. Valid while this object lives.
  std::string_view bytes() const;
  // The mapping of a large file, else null (read whole, memory, stream).
  const std::shared_ptr<const MappedFile>& mapping() const { return mapping_; }
  // Sniff() of the head, decided once; kText for a stream.
  InputKind kind() const { return kind_; }

  // The raw (still possibly compressed) bytes as chunks: a mapping in
  // windows whose pages are dropped behind the reader, memory in one chunk,
  // a stream in 1 MiB reads. The chunks keep what they read alive (not the
  // caller's bytes of FromBytes). A stream's chunks can be taken once.
  Result<std::unique_ptr<ChunkSource>> TakeChunks();

 private:
  InputSource source_;
  bool stream_ = false;
  bool kmsg_ = false;
  std::shared_ptr<const std::string> owned_;  // a small file read whole
  std::shared_ptr<const MappedFile> mapping_;
  InputKind kind_ = InputKind::kText;
};

}  // namespace crashsift::input
