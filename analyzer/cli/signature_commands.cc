#include "analyzer/cli/signature_commands.h"

#include <cstdio>
#include <filesystem>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/core/print_error.h"
#include "analyzer/pipeline/signature_admin.h"
#include "analyzer/pipeline/signature_source.h"

namespace crashsift::cli {
namespace {

std::string Directory(const Options& options) {
  return options.signatures_dir.empty() ? pipeline::SignatureSource::DefaultDirectory()
                                        : options.signatures_dir;
}

// Sample paths in [tests] are relative to the corpus root, by default the
// corpus/ folder beside the signatures/ folder.
std::filesystem::path CorpusRoot(const Options& options, const std::string& dir) {
  if (!options.corpus_dir.empty()) return options.corpus_dir;
  // Through links: the build tree's data directory links to the source tree.
  std::error_code ec;
  auto real = std::filesystem::weakly_canonical(dir, ec);
  return (ec ? std::filesystem::path(dir) : real).parent_path() / "corpus";
}

int Lint(const Options& options, const std::string& dir) {
  auto result = pipeline::LintSignatures(dir, CorpusRoot(options, dir));
  for (const auto& e : result.errors) PrintError(e.OneLine());
  for (const auto& w : result.warnings) {
    std::fprintf(stderr, "crashsift: warning: %s%s\n",
                 w.path.empty() ? "" : (w.path + ": ").c_str(), w.message.c_str());
  }
  std::printf("%zu signature files, %zu errors, %zu warnings\n", result.files, result.errors.size(),
              result.warnings.size());
  return result.ok() ? kExitOk : kExitInputError;
}

int Test(const matching::SignatureLibrary& library, const Options& options,
         const std::string& dir) {
  auto report = pipeline::TestSignatures(library, CorpusRoot(options, dir));
  for (const auto& c : report.cases) {
    std::printf("%s  %s  %s %s\n", c.passed ? "ok  " : "FAIL", c.signature.c_str(),
                c.expect_match ? "match   " : "no_match", c.sample.c_str());
    if (!c.passed && !c.detail.empty()) std::printf("      %s\n", c.detail.c_str());
  }
  std::printf("%zu passed, %zu failed\n", report.cases.size() - report.failed, report.failed);
  return report.ok() ? kExitOk : kExitInputError;
}

}  // namespace

int RunSignatures(const Options& options) {
  const std::string dir = Directory(options);
  if (options.signatures_action == "lint") return Lint(options, dir);
  auto source = pipeline::SignatureSource::Load(dir);
  if (!source) return InputError(source.error());
  const matching::SignatureLibrary* library = source->library();
  if (options.signatures_action == "list") {
    for (const auto& s : pipeline::ListSignatures(*library)) {
      std::printf("%-44s %-10s %s\n", s.id.c_str(), s.subsystem.c_str(), s.title.c_str());
    }
    return kExitOk;
  }
  if (options.signatures_action == "show") {
    auto text = pipeline::ShowSignature(*library, options.signature_id);
    if (!text) {
      PrintError("no signature '" + options.signature_id + "' in " + dir);
      return kExitInputError;
    }
    std::fputs(text->c_str(), stdout);
    return kExitOk;
  }
  return Test(*library, options, dir);
}

}  // namespace crashsift::cli
