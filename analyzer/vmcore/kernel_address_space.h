// Which architecture a dump's kernel ran on, and a reader of that kernel's
// virtual memory (what the printk ring readers take): x86_64
// (X86_64AddressSpace) or arm64 (Arm64AddressSpace), chosen once per dump.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "analyzer/core/result.h"
#include "analyzer/vmcore/page_cache.h"
#include "analyzer/vmcore/printk_ringbuffer.h"
#include "analyzer/vmcore/vmcoreinfo.h"

namespace crashsift::vmcore {

enum class KernelArch { kX86_64, kArm64 };

// As `uname -m` prints it: "x86_64", "aarch64".
std::string_view ArchName(KernelArch arch);

// The container's word first: `machine_hint` is the ELF header's e_machine or
// a kdump header's utsname.machine ("x86_64", "aarch64"; anything else is
// ignored). Else VMCOREINFO: entries only arm64 exports (NUMBER(VA_BITS),
// NUMBER(kimage_voffset), NUMBER(TCR_EL1_T1SZ)) with no x86_64
// SYMBOL(init_top_pgt), or an OSRELEASE ending in "-arm64"/"aarch64", mean
// arm64. Else x86_64, whose missing entries are then named by its Create().
KernelArch DetectKernelArch(const Vmcoreinfo& info, std::string_view machine_hint);

// Kernel virtual memory of `arch` over `memory`. `fallback_phys_base` is used
// by x86_64 only. Errors: those of X86_64AddressSpace::Create and
// Arm64AddressSpace::Create (unsupported: VMCOREINFO entries missing, named).
Result<VirtualReader> OpenKernelAddressSpace(KernelArch arch, PageCache& memory,
                                             const Vmcoreinfo& info,
                                             std::optional<uint64_t> fallback_phys_base);

}  // namespace crashsift::vmcore
