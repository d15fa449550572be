// Random access to the bytes of a kdump-compressed file, whether it lies in
// one mapping (a normal file) or is scattered across the data blocks of a
// makedumpfile flattened stream (-F).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/vmcore/dump_bytes.h"

namespace crashsift::vmcore {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The logical file size.
  virtual uint64_t size() const = 0;
  // A view of [offset, offset + length); it may point into `scratch` (valid
  // until scratch changes). Error truncated when the range leaves the file
  // or, for a flattened stream, is not covered by any data block.
  virtual Result<std::span<const std::byte>> Read(uint64_t offset, uint64_t length,
                                                  std::vector<std::byte>& scratch) const = 0;
  virtual const std::string& path() const = 0;
  virtual void ReleaseResident() const {}
};

class MappedByteSource : public ByteSource {
 public:
  explicit MappedByteSource(DumpBytes dump) : dump_(std::move(dump)) {}
  uint64_t size() const override { return dump_.bytes.size(); }
  Result<std::span<const std::byte>> Read(uint64_t offset, uint64_t length,
                                          std::vector<std::byte>& scratch) const override;
  const std::string& path() const override { return dump_.path; }
  void ReleaseResident() const override { dump_.ReleaseResident(); }

 private:
  DumpBytes dump_;
};

}  // namespace crashsift::vmcore
