#include "analyzer/vmcore/byte_source.h"

#include "analyzer/core/byte_reader.h"

namespace crashsift::vmcore {

Result<std::span<const std::byte>> MappedByteSource::Read(uint64_t offset, uint64_t length,
                                                          std::vector<std::byte>&) const {
  if (!InBounds(dump_.bytes.size(), offset, length)) {
    return Fail(ErrorCode::kTruncated, dump_.path,
                "needs " + std::to_string(length) + " bytes past the end of the file", offset);
  }
  dump_.Record(offset, length);
  return dump_.bytes.subspan(offset, length);
}

}  // namespace crashsift::vmcore
