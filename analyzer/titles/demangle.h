// Symbol demangling for stack-frame names, without parameters: Rust v0
// ("_RNvMs3_NtCs..._11rust_binder7processNtB5_7Process10update_ref" ->
// "<rust_binder::process::Process>::update_ref"), Rust legacy and simple
// Itanium C++ names ("_Z8fakeNameiii" -> "fakeName"). Anything it does not
// understand is returned unchanged, so plain C names cost one prefix check.
#pragma once

#include <string>
#include <string_view>

namespace crashsift::titles {

std::string DemangleNoParams(std::string_view symbol);

}  // namespace crashsift::titles
