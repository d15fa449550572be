// Streaming decompression of gzip (zlib), xz (liblzma) and zstd (libzstd) as a
// ChunkSource over another ChunkSource. Output is produced 1 MiB at a time and
// capped at limits::kMaxDecompressedLogBytes in total, so a decompression bomb
// costs bounded memory and ends in a limit_exceeded error, not an OOM.
#pragma once

#include <memory>
#include <string>

#include "analyzer/core/line_reader.h"
#include "analyzer/core/result.h"
#include "analyzer/input/input_kind.h"

namespace crashsift::input {

// Wraps `compressed` (whose bytes start with the magic of `kind`: kGzip, kXz
// or kZstd) into a source of the decompressed bytes. Concatenated gzip members
// and zstd frames are read through. Errors name `name`: corrupt ("gzip data
// is corrupt: ..."), truncated ("gzip data ends early"), limit_exceeded.
Result<std::unique_ptr<ChunkSource>> MakeDecompressor(InputKind kind,
                                                      std::unique_ptr<ChunkSource> compressed,
                                                      std::string name, uint64_t max_output_bytes);

}  // namespace crashsift::input
