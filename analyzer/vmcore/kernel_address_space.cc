#include "analyzer/vmcore/kernel_address_space.h"

#include <memory>
#include <utility>

#include "analyzer/vmcore/arm64_address_space.h"
#include "analyzer/vmcore/x86_64_page_tables.h"

namespace crashsift::vmcore {
namespace {

// One reader over an address space of any architecture (shared: std::function
// must be copyable).
template <typename Space>
VirtualReader ReaderOver(Space space) {
  auto shared = std::make_shared<Space>(std::move(space));
  return [shared](uint64_t vaddr, std::span<std::byte> out) -> uint64_t {
    ReadStats stats = shared->Read(vaddr, out);
    return stats.absent_bytes + stats.broken_bytes;
  };
}

}  // namespace

std::string_view ArchName(KernelArch arch) {
  return arch == KernelArch::kArm64 ? "aarch64" : "x86_64";
}

KernelArch DetectKernelArch(const Vmcoreinfo& info, std::string_view machine_hint) {
  if (machine_hint == "aarch64") return KernelArch::kArm64;
  if (machine_hint == "x86_64") return KernelArch::kX86_64;
  if (info.Symbol("init_top_pgt")) return KernelArch::kX86_64;
  if (info.Get("NUMBER(kimage_voffset)") || info.Get("NUMBER(VA_BITS)") ||
      info.Get("NUMBER(TCR_EL1_T1SZ)")) {
    return KernelArch::kArm64;
  }
  const std::string release = info.osrelease();
  if (std::string_view(release).ends_with("-arm64") ||
      std::string_view(release).ends_with("aarch64")) {
    return KernelArch::kArm64;
  }
  return KernelArch::kX86_64;
}

Result<VirtualReader> OpenKernelAddressSpace(KernelArch arch, PageCache& memory,
                                             const Vmcoreinfo& info,
                                             std::optional<uint64_t> fallback_phys_base) {
  if (arch == KernelArch::kArm64) {
    auto space = Arm64AddressSpace::Create(memory, info);
    if (!space) return tl::unexpected(space.error());
    return ReaderOver(std::move(*space));
  }
  auto space = X86_64AddressSpace::Create(memory, info, fallback_phys_base);
  if (!space) return tl::unexpected(space.error());
  return ReaderOver(std::move(*space));
}

}  // namespace crashsift::vmcore
