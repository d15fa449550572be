// Which architecture a report line or frame betrays, as data in one place:
// register dumps ("RIP:", "pc : func+", "NIP [c000...]", "Krnl PSW", "epc :",
// "$ 0   :"), unwinder forms ("(func) from [<c0...>]") and syscall-entry frames
// ("__x64_sys_", "__arm64_sys_", "el0_svc", "vector_swi"). Pastes rarely keep
// the "Linux version" banner or a release suffix that names the machine.
#pragma once

#include <string_view>

namespace crashsift::events {

// "x86_64", "aarch64", "arm", "i686", "ppc64le", "s390x", "riscv64", "mips",
// or "" when the line (message text, indent removed) says nothing.
std::string_view ArchFromReportLine(std::string_view line);

// The same for one frame's function name ("__x64_sys_write" -> "x86_64").
std::string_view ArchFromFunction(std::string_view function);

// From the release's machine suffix ("5.14.0-70.el9.aarch64", "-armmp",
// "-v7l+", "+rpt-rpi-v8"); "" when it names none.
std::string_view ArchFromReleaseSuffix(std::string_view release);

}  // namespace crashsift::events
