// One page of a kdump-compressed dump, decoded by the flag makedumpfile (or
// QEMU) stored in its page descriptor. The output buffer is exactly one page,
// so a decompression bomb cannot grow memory: it fails as "wrong size".
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "analyzer/core/result.h"

namespace crashsift::vmcore {

// Page descriptor / header status flags (makedumpfile diskdump_mod.h).
inline constexpr uint32_t kDumpZlib = 0x1;
inline constexpr uint32_t kDumpLzo = 0x2;
inline constexpr uint32_t kDumpSnappy = 0x4;
inline constexpr uint32_t kDumpIncomplete = 0x8;
inline constexpr uint32_t kDumpZstd = 0x20;
inline constexpr uint32_t kDumpCompressionMask = kDumpZlib | kDumpLzo | kDumpSnappy | kDumpZstd;

// "zlib", "lzo", "snappy", "zstd" or "" (uncompressed) for header status or
// page flags.
std::string CompressionName(uint32_t flags);

// Decodes `in` into `out` (one page). `flags` == 0 means stored raw (then
// in.size() must equal out.size()). Errors (code corrupt; `path` and
// `offset` only label the message): unknown or several compression flags,
// a stream the library rejects, output of the wrong size.
Result<void> DecompressPage(uint32_t flags, std::span<const std::byte> in, std::span<std::byte> out,
                            const std::string& path, uint64_t offset);

}  // namespace crashsift::vmcore
