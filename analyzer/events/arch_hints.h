// Which architecture a report line or frame betrays, as data in one place:
// register dumps ("RIP:", "pc : func+", "NIP [c000...]", "Krnl PSW", "epc :",
// "$ 0   :"), unwinder forms ("(func) from [<c0...>]") and syscall-entry frames
// ("__x64_sys_", "__arm64_sys_", "el0_svc", "vector_swi"). Pastes rarely keep
// the "Linux version" banner or a release suffix that names the machine.
#pragma once

#include <string_view>

#include "analyzer/events/stack_frame.h"

namespace crashsift::events {

// "x86_64", "aarch64", "arm", "i686", "ppc64le", "s390x", "riscv64", "mips",
// or "" when the line (message text, indent removed) says nothing.
std::string_view ArchFromReportLine(std::string_view line);

// The same for one frame's function name ("__x64_sys_write" -> "x86_64").
std::string_view ArchFromFunction(std::string_view function);

// A frame's hint: its function (as ArchFromFunction), its address
// ("[<ffffffff8150b4c5>]" x86_64, "[<ffffff8008088bf4>]" arm64,
// "[<c15a9d18>] func+0x" i386) or x86's "? " mark; `line` is the frame's
// line. `weak`: a guess that any other hint of the log overrides.
struct ArchHint {
  std::string_view arch;
  bool weak = false;
};
ArchHint ArchFromFrame(const StackFrame& frame, std::string_view line);

// A memory dump row ("de00: b860de74 b860de10 ..." after "Stack:" or a
// register's "SP: 0x...:"): 32-bit ARM, or arm64 before 4.x; weak.
ArchHint ArchFromMemoryRow(std::string_view line);

// A module that only one architecture builds ("kvm_intel", "i915",
// "crc32c_intel": x86); a weak hint, "" for others.
std::string_view ArchFromModule(std::string_view module);

// From the "Hardware name:" of a 32-bit ARM device-tree board ("Qualcomm (Flattened Device
// Tree)", "Generic DT based system"): "arm"; "" for others.
std::string_view ArchFromHardwareName(std::string_view hardware);

// From the release's machine suffix ("5.14.0-70.el9.aarch64", "-armmp",
// "-v7l+", "+rpt-rpi-v8"); "" when it names none.
std::string_view ArchFromReleaseSuffix(std::string_view release);

}  // namespace crashsift::events
