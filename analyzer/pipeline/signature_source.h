// Finds and loads the signature library once per process: --signatures DIR,
// else $CRASHSIFT_SIGNATURES, else the data directory beside the executable
// (<bin>/../share/crashsift/signatures for the default layout; the build tree
// mirrors it with a link to the source tree). No absolute path is compiled
// in, and there is no silent fallback: a library that is missing or holds no
// signature is an error, never "no known problem matched".
#pragma once

#include <memory>
#include <string>

#include "analyzer/core/result.h"

namespace crashsift::matching {
class SignatureLibrary;
}

namespace crashsift::pipeline {

class SignatureSource {
 public:
  // `explicit_dir` empty: the default search. Errors: not_found (no
  // library where it was looked for: the message names the place and the
  // overrides), invalid_signature (a directory with no signature file), and
  // whatever SignatureLibrary::Load reports.
  static Result<SignatureSource> Load(const std::string& explicit_dir);
  // The directory used when none is given: $CRASHSIFT_SIGNATURES, else the
  // one beside the executable (whether or not it exists).
  static std::string DefaultDirectory();

  SignatureSource(SignatureSource&&) noexcept;
  SignatureSource& operator=(SignatureSource&&) noexcept;
  ~SignatureSource();

  const matching::SignatureLibrary* library() const { return library_.get(); }
  const std::string& directory() const { return directory_; }

 private:
  SignatureSource() = default;
  std::unique_ptr<matching::SignatureLibrary> library_;
  std::string directory_;
};

}  // namespace crashsift::pipeline
