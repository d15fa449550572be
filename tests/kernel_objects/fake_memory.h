// Kernel memory laid out by hand for the readers' unit tests: regions of
// bytes at virtual addresses, read through a vmcore::VirtualReader that
// fails (returns the whole size) outside them, as a dump's missing page does.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string_view>
#include <vector>

#include "analyzer/vmcore/printk_ringbuffer.h"

namespace crashsift::kernel_objects::testing {

class FakeMemory {
 public:
  void Region(uint64_t base, size_t size) { regions_[base].assign(size, std::byte{0}); }
  void Put64(uint64_t address, uint64_t value) { Put(address, &value, 8); }
  void Put32(uint64_t address, uint32_t value) { Put(address, &value, 4); }
  void Put16(uint64_t address, uint16_t value) { Put(address, &value, 2); }
  void PutBytes(uint64_t address, std::string_view bytes) {
    Put(address, bytes.data(), bytes.size());
  }
  void Put(uint64_t address, const void* data, size_t size) {
    std::byte* at = Find(address, size);
    if (at != nullptr) std::memcpy(at, data, size);
  }
  vmcore::VirtualReader Reader() const {
    return [this](uint64_t address, std::span<std::byte> out) -> uint64_t {
      const std::byte* at = const_cast<FakeMemory*>(this)->Find(address, out.size());
      if (at == nullptr) return out.size();
      std::memcpy(out.data(), at, out.size());
      return 0;
    };
  }

 private:
  std::byte* Find(uint64_t address, size_t size) {
    auto it = regions_.upper_bound(address);
    if (it == regions_.begin()) return nullptr;
    --it;
    if (address - it->first + size > it->second.size()) return nullptr;
    return it->second.data() + (address - it->first);
  }
  std::map<uint64_t, std::vector<std::byte>> regions_;
};

}  // namespace crashsift::kernel_objects::testing
