// Opens an input as kernel-log text: sniffs it, decompresses gzip/xz/zstd on
// the fly, and refuses what cannot be a log, with an error naming the file.
#pragma once

#include <memory>
#include <string>

#include "analyzer/core/line_reader.h"
#include "analyzer/core/result.h"
#include "analyzer/input/input_kind.h"
#include "analyzer/input/input_source.h"

namespace crashsift::input {

struct TextInput {
  std::unique_ptr<ChunkSource> chunks;  // the (decompressed) text bytes
  std::string compression;              // "", "gzip", "xz" or "zstd"
};

// Errors (each names source.name()):
//   not_found "no such file"; io "is a directory", "Permission denied", read errors;
//   truncated "empty file" (also when a compressed stream holds nothing);
//   bad_magic "not a kernel log: binary data" (also inside a compressed stream);
//   unsupported "a vmcore (elf-core), not a text log" for dumps: the caller
//   should have routed those to the vmcore reader (Sniff first).
// Decompression errors surface later, from chunks->NextChunk().
Result<TextInput> OpenTextInput(const InputSource& source,
                                uint64_t max_decompressed_bytes = 0 /* 0: limits.h */);
// The same over an input opened already (its head sniffed when opened).
Result<TextInput> OpenTextInput(OpenedInput& in,
                                uint64_t max_decompressed_bytes = 0 /* 0: limits.h */);

}  // namespace crashsift::input
