#include "analyzer/pipeline/signature_source.h"

#include <cstdlib>
#include <filesystem>

#include "analyzer/matching/signature_library.h"

namespace crashsift::pipeline {

std::string SignatureSource::DefaultDirectory() {
  if (const char* env = std::getenv("CRASHSIFT_SIGNATURES"); env != nullptr && *env != '\0')
    return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path() / CRASHSIFT_BIN_TO_DATA_DIR / "signatures").lexically_normal().string();
}

Result<SignatureSource> SignatureSource::Load(const std::string& explicit_dir) {
  SignatureSource source;
  source.directory_ = explicit_dir.empty() ? DefaultDirectory() : explicit_dir;
  std::error_code ec;
  if (source.directory_.empty() || !std::filesystem::is_directory(source.directory_, ec)) {
    return Fail(ErrorCode::kNotFound,
                source.directory_.empty() ? "<signatures>" : source.directory_,
                "no signature library here (install crashsift with its share/crashsift, or use "
                "--signatures DIR or CRASHSIFT_SIGNATURES)");
  }
  auto library = matching::SignatureLibrary::Load(source.directory_);
  if (!library) return Fail(library.error());
  if (library->signatures().empty()) {
    return Fail(ErrorCode::kInvalidSignature, source.directory_,
                "the signature library is empty (no *.toml signature file)");
  }
  source.library_ = std::make_unique<matching::SignatureLibrary>(std::move(*library));
  return source;
}

SignatureSource::SignatureSource(SignatureSource&&) noexcept = default;
SignatureSource& SignatureSource::operator=(SignatureSource&&) noexcept = default;
SignatureSource::~SignatureSource() = default;

}  // namespace crashsift::pipeline
