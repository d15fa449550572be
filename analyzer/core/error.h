// The error vocabulary shared by every layer (drgn's drgn_error, rust-minidump's
// Error::name()). An Error means "this input cannot be analysed"; problems that
// only lose part of the answer are Warnings and analysis goes on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crashsift {

enum class ErrorCode {
  kIo,                // open/read/mmap failed (errno text in reason)
  kNotFound,          // the path does not exist
  kTruncated,         // the input ends before a structure it promises
  kBadMagic,          // not the format we were told or sniffed
  kCorrupt,           // a structure is self-inconsistent
  kUnsupported,       // a valid format we cannot read (yet)
  kLimitExceeded,     // a size or count above a cap in core/limits.h
  kSyntax,            // text that does not parse (signature files, options)
  kInvalidSignature,  // a signature file that parses but is wrong
  kUsage,             // the caller asked for something impossible
};

// Stable snake_case names, used as JSON values ("io", "truncated", ...).
std::string_view ToString(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kIo;
  std::string path;                        // file the error is about; may be empty
  std::optional<uint64_t> offset_or_line;  // byte offset (binary) or 1-based line (text)
  std::string reason;                      // lower-case, no trailing period

  // "path: reason (at offset 0x10)" or "path:12: reason" for text inputs;
  // used verbatim as the CLI's one-line message.
  std::string OneLine() const;
  // True when offset_or_line is a line number of a text file.
  bool is_line = false;
};

// A problem that lost part of the answer but not all of it.
struct Warning {
  std::string path;
  std::optional<uint64_t> offset_or_line;
  std::string message;
};

}  // namespace crashsift
