// Result<T>: a value or an Error. Library code returns these instead of
// throwing; only the CLI edge turns them into messages and exit codes.
#pragma once

#include <tl/expected.hpp>

#include "analyzer/core/error.h"

namespace crashsift {

template <class T>
using Result = tl::expected<T, Error>;

// Shorthand for `return Fail(ErrorCode::kCorrupt, path, "reason");`.
inline tl::unexpected<Error> Fail(ErrorCode code, std::string path, std::string reason,
                                  std::optional<uint64_t> offset = std::nullopt) {
  return tl::unexpected<Error>(Error{code, std::move(path), offset, std::move(reason)});
}

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace crashsift
