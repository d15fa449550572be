// Whole small files in one open and a few read()s. A batch run meets
// thousands of logs of a few KiB: mapping one, sniffing it, unmapping it and
// mapping it again costs more than its bytes (page-table set-up and TLB
// shootdowns on every munmap), so those are read into memory once and
// analysed from there.
#pragma once

#include <optional>
#include <string>

namespace crashsift::input {

// Files up to this size are read whole; larger ones are mapped and streamed.
inline constexpr size_t kSmallFileBytes = 1 << 20;

// The bytes of `path` when it is a non-empty regular file of at most
// `max_bytes`; nullopt otherwise (missing, unreadable, a directory, a FIFO or
// device, a size-0 /proc file, larger, or a read error), so that the caller
// takes the usual path, which reports those cases with its own errors.
std::optional<std::string> ReadSmallFile(const std::string& path,
                                         size_t max_bytes = kSmallFileBytes);

}  // namespace crashsift::input
