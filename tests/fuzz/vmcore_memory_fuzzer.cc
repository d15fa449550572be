// fuzz-deps: crashsift_vmcore
// What reads a dump's memory once its container is open: VMCOREINFO parsing,
// the memory scan for a lost VMCOREINFO, and the x86_64 (4- and 5-level) and
// arm64 page-table walkers. Physical memory is the input, page after page
// (64 pages, repeating); the first bytes choose the architecture and the
// virtual addresses read. The VMCOREINFO of each walk is that of a real
// corpus dump (Debian 6.1, x86_64 and arm64), plus the input's own text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/vmcore/kernel_address_space.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/physical_memory.h"
#include "analyzer/vmcore/vmcoreinfo.h"
#include "analyzer/vmcore/vmcoreinfo_scan.h"

namespace {

using namespace crashsift::vmcore;

class InputMemory : public PhysicalMemory {
 public:
  InputMemory(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  crashsift::Result<bool> ReadPage(uint64_t pfn, std::span<std::byte> out) override {
    if (size_ == 0 || pfn % 7 == 5) {  // some pages absent
      std::memset(out.data(), 0, out.size());
      return false;
    }
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = std::byte{data_[(pfn * out.size() + i) % size_]};
    return true;
  }
  uint32_t page_size() const override { return 4096; }
  uint64_t max_pfn() const override { return 64; }
  std::string format_name() const override { return "fuzz"; }

 private:
  const uint8_t* data_;
  size_t size_;
};

constexpr const char* kX86 =
    "OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\nSYMBOL(_stext)=ffffffffbba00000\n"
    "SYMBOL(init_top_pgt)=ffffffffbd410000\nNUMBER(phys_base)=-736100352\n"
    "KERNELOFFSET=3aa00000\n";
constexpr const char* kArm64 =
    "OSRELEASE=6.1.0-56-arm64\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffa00aeb858000\n"
    "SYMBOL(_stext)=ffffa00aea210000\nNUMBER(VA_BITS)=48\n"
    "NUMBER(kimage_voffset)=0xffffa00aaa000000\nNUMBER(PHYS_OFFSET)=0xffffa29c40000000\n"
    "NUMBER(TCR_EL1_T1SZ)=0x10\nKERNELOFFSET=200ae2200000\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 16) return 0;
  const uint8_t selector = data[0];
  std::string own(reinterpret_cast<const char*>(data), std::min<size_t>(size, 8192));
  Vmcoreinfo parsed = Vmcoreinfo::Parse(own);
  (void)parsed.osrelease();
  (void)parsed.page_size();
  (void)DetectKernelArch(parsed, "");
  InputMemory memory(data, size);
  (void)ScanForVmcoreinfo(memory, 64);
  std::string text = selector & 1 ? kArm64 : kX86;
  if (!(selector & 1) && (selector & 2)) text += "NUMBER(pgtable_l5_enabled)=1\n";
  text += own.substr(0, selector & 4 ? 256 : 0);  // let the input override entries
  Vmcoreinfo info = Vmcoreinfo::Parse(text);
  PageCache cache(memory);
  auto space = OpenKernelAddressSpace(selector & 1 ? KernelArch::kArm64 : KernelArch::kX86_64,
                                      cache, info, std::nullopt);
  if (!space) return 0;
  std::vector<std::byte> out(256);
  for (size_t at = 1; at + 8 <= std::min<size_t>(size, 1 + 8 * 16); at += 8) {
    uint64_t vaddr = 0;
    std::memcpy(&vaddr, data + at, 8);
    (void)(*space)(vaddr, out);
  }
  return 0;
}
