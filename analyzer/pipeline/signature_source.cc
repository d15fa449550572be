#include "analyzer/pipeline/signature_source.h"

#include <cstdlib>
#include <filesystem>

#include "analyzer/matching/signature_library.h"

namespace crashsift::pipeline {

std::string SignatureSource::DefaultDirectory() {
  if (const char* env = std::getenv("CRASHSIFT_SIGNATURES"); env != nullptr && *env != '\0')
    return env;
  std::error_code ec;
  for (const char* dir : {CRASHSIFT_DEFAULT_SIGNATURES_DIR, CRASHSIFT_SOURCE_SIGNATURES_DIR}) {
    if (std::filesystem::is_directory(dir, ec)) return dir;
  }
  return {};
}

Result<SignatureSource> SignatureSource::Load(const std::string& explicit_dir) {
  SignatureSource source;
  source.directory_ = explicit_dir.empty() ? DefaultDirectory() : explicit_dir;
  if (source.directory_.empty()) return source;
  auto library = matching::SignatureLibrary::Load(source.directory_);
  if (!library) return Fail(library.error());
  source.library_ = std::make_unique<matching::SignatureLibrary>(std::move(*library));
  return source;
}

SignatureSource::SignatureSource(SignatureSource&&) noexcept = default;
SignatureSource& SignatureSource::operator=(SignatureSource&&) noexcept = default;
SignatureSource::~SignatureSource() = default;

}  // namespace crashsift::pipeline
