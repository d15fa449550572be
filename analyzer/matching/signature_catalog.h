// The `crashsift signatures list|show|lint` side of the library: printable
// text for people, and lint results as values. No I/O beyond reading the
// signature folder (Lint).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/matching/signature_library.h"

namespace crashsift::matching {

// One row per signature: "id  subsystem  title".
struct SignatureSummary {
  std::string id;
  std::string subsystem;
  std::string title;
  std::string path;
};
std::vector<SignatureSummary> List(const SignatureLibrary& library);

// Everything about one signature, as the engine understood it (clauses with
// generated names, parsed ranges, actions, tests); nullopt for an unknown id.
std::optional<std::string> Show(const SignatureLibrary& library, std::string_view id);

struct LintResult {
  std::vector<Error> errors;      // files that do not load (each: file:line: field: reason)
  std::vector<Warning> warnings;  // loadable but weak: no tests, no actions, no references, ...
  size_t files = 0;
  bool ok() const { return errors.empty(); }
};
// Loads every file independently (so all broken files are reported, not only
// the first), checks ids are unique, and warns about weak signatures. When
// `corpus_root` is given, also checks each [tests] path exists.
LintResult Lint(const std::filesystem::path& dir, const std::filesystem::path& corpus_root = {});

}  // namespace crashsift::matching
