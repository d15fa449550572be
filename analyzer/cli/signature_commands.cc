#include "analyzer/cli/signature_commands.h"

#include <cstdio>
#include <filesystem>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/diagnosis/signature_tests.h"
#include "analyzer/matching/signature_catalog.h"
#include "analyzer/matching/signature_library.h"
#include "analyzer/pipeline/analyze.h"
#include "analyzer/pipeline/signature_source.h"

namespace crashsift::cli {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "crashsift: %s\n", message.c_str());
}

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
  auto result = matching::Lint(dir, CorpusRoot(options, dir));
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
  auto analyze = [](const std::filesystem::path& path) -> Result<diagnosis::AnalyzedSample> {
    auto report = pipeline::AnalyzeInput(path.string(), {});
    if (!report) return Fail(report.error());
    diagnosis::AnalyzedSample sample;
    sample.events = std::move(report->events);
    for (auto& boot : report->boots) sample.systems.push_back(std::move(boot.system));
    return sample;
  };
  auto report = diagnosis::RunSignatureTests(library, CorpusRoot(options, dir), analyze);
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
  if (!source) {
    PrintError(source.error().OneLine());
    return kExitInputError;
  }
  const matching::SignatureLibrary* library = source->library();
  if (options.signatures_action == "list") {
    for (const auto& s : matching::List(*library)) {
      std::printf("%-44s %-10s %s\n", s.id.c_str(), s.subsystem.c_str(), s.title.c_str());
    }
    return kExitOk;
  }
  if (options.signatures_action == "show") {
    auto text = matching::Show(*library, options.signature_id);
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
