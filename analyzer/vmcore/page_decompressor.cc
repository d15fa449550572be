#include "analyzer/vmcore/page_decompressor.h"

#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

namespace crashsift::vmcore {
namespace {

bool EnsureLzo() {
  static const bool ok = lzo_init() == LZO_E_OK;
  return ok;
}

tl::unexpected<Error> Bad(const std::string& path, uint64_t offset, const std::string& what) {
  return Fail(ErrorCode::kCorrupt, path, "page does not decompress: " + what, offset);
}

}  // namespace

std::string CompressionName(uint32_t flags) {
  switch (flags & kDumpCompressionMask) {
    case kDumpZlib:
      return "zlib";
    case kDumpLzo:
      return "lzo";
    case kDumpSnappy:
      return "snappy";
    case kDumpZstd:
      return "zstd";
    default:
      return "";
  }
}

Result<void> DecompressPage(uint32_t flags, std::span<const std::byte> in, std::span<std::byte> out,
                            const std::string& path, uint64_t offset) {
  const size_t want = out.size();
  const auto* src = reinterpret_cast<const unsigned char*>(in.data());
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  switch (flags & kDumpCompressionMask) {
    case 0: {
      if (in.size() != want) {
        return Bad(path, offset, "stored page of " + std::to_string(in.size()) + " bytes");
      }
      std::memcpy(dst, src, want);
      return {};
    }
    case kDumpZlib: {
      uLongf got = want;
      int rc = uncompress(dst, &got, src, in.size());
      if (rc != Z_OK) return Bad(path, offset, std::string("zlib: ") + zError(rc));
      if (got != want) return Bad(path, offset, "zlib gave " + std::to_string(got) + " bytes");
      return {};
    }
    case kDumpLzo: {
      if (!EnsureLzo()) return Bad(path, offset, "lzo_init failed");
      lzo_uint got = want;
      int rc = lzo1x_decompress_safe(src, in.size(), dst, &got, nullptr);
      if (rc != LZO_E_OK) return Bad(path, offset, "lzo error " + std::to_string(rc));
      if (got != want) return Bad(path, offset, "lzo gave " + std::to_string(got) + " bytes");
      return {};
    }
    case kDumpSnappy: {
      size_t length = 0;
      const char* csrc = reinterpret_cast<const char*>(src);
      if (snappy_uncompressed_length(csrc, in.size(), &length) != SNAPPY_OK) {
        return Bad(path, offset, "snappy: bad header");
      }
      if (length != want)
        return Bad(path, offset, "snappy claims " + std::to_string(length) + " bytes");
      size_t got = want;
      if (snappy_uncompress(csrc, in.size(), reinterpret_cast<char*>(dst), &got) != SNAPPY_OK) {
        return Bad(path, offset, "snappy: corrupt stream");
      }
      if (got != want) return Bad(path, offset, "snappy gave " + std::to_string(got) + " bytes");
      return {};
    }
    case kDumpZstd: {
      size_t got = ZSTD_decompress(dst, want, src, in.size());
      if (ZSTD_isError(got))
        return Bad(path, offset, std::string("zstd: ") + ZSTD_getErrorName(got));
      if (got != want) return Bad(path, offset, "zstd gave " + std::to_string(got) + " bytes");
      return {};
    }
    default:
      return Bad(path, offset, "unknown compression flags " + std::to_string(flags));
  }
}

}  // namespace crashsift::vmcore
