// Finds and loads the signature library once per process: --signatures DIR,
// else $CRASHSIFT_SIGNATURES, else the installed data dir, else the source
// tree's signatures/ (a build that was not installed).
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
  // `explicit_dir` empty: the default search. An explicit dir that does not
  // load is an error; with no library found at all, analysis runs without
  // diagnoses.
  static Result<SignatureSource> Load(const std::string& explicit_dir);
  // The directory searched by default (for `signatures lint/test`).
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
