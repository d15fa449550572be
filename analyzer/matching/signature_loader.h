// Reads one signature file (TOML, schema in signatures/README.md) into a
// Signature and validates it: required fields, types, unknown fields (a typo
// must not silently disable a rule), id == file stem, RE2 syntax of every
// regex, version ranges. This is the only file that touches toml++ and the
// only place toml::parse_error is caught.
//
// Errors: ErrorCode::kSyntax for TOML that does not parse, kInvalidSignature
// for a file that parses but is wrong; Error::path is the file,
// offset_or_line the 1-based line (is_line = true) and the reason names the
// field: "require[1].line: missing ) in regex".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "analyzer/core/result.h"
#include "analyzer/matching/signature.h"

namespace crashsift::matching {

// Expands the documented macros ({{FUNC}}, {{HEX}}, {{ADDR}}, {{NUM}}).
std::string ExpandRegexMacros(std::string_view regex);

// Parses signature text; `path` is used for messages and for the id == stem
// check; `subsystem` is recorded as is.
Result<Signature> ParseSignature(std::string_view text, const std::string& path,
                                 const std::string& subsystem = "");

// Reads and parses one file.
Result<Signature> LoadSignatureFile(const std::filesystem::path& path,
                                    const std::string& subsystem = "");

}  // namespace crashsift::matching
