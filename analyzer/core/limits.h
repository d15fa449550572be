// Named caps on anything sized by input. Every reader checks against these so
// that hostile or broken files cost bounded memory and time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace crashsift::limits {

// Kernel log text.
inline constexpr size_t kMaxLineBytes = 64 * 1024;  // longer lines are cut, not fatal
inline constexpr size_t kMaxEventLines = 4096;      // lines kept as one event's evidence
inline constexpr size_t kMaxFramesPerStack = 256;
// Events kept in full detail per input, by count and by approximate memory
// (evidence text plus frames); later events are only counted, by kind, so a
// 1 GB log with millions of reports costs bounded memory.
inline constexpr size_t kMaxEventsPerInput = 5000;
inline constexpr size_t kMaxKeptEventBytes = 64u << 20;
inline constexpr uint64_t kMaxDecompressedLogBytes = 64ull << 30;  // gzip/xz/zstd bombs

// Per-input caps the command line can change (--max-input-time,
// --max-memory; documented in man/crashsift.1).
inline constexpr unsigned kDefaultMaxInputSeconds = 300;  // then the report is partial
inline constexpr uint64_t kDefaultMaxMemoryBytes = 1ull << 30;

// vmcores.
inline constexpr uint64_t kMaxVmcoreinfoBytes = 1 << 20;
inline constexpr uint64_t kMaxPrintkBufferBytes = 1ull << 30;
inline constexpr uint64_t kMaxPageSize = 1 << 16;
inline constexpr uint32_t kMaxElfSegments = 1 << 20;
inline constexpr uint32_t kMaxPageTableWalkDepth = 5;

// Debuginfo (--debuginfo): files looked at in the directories given, and
// frames symbolized per input (a trace of a runaway loop can repeat forever).
inline constexpr size_t kMaxDebuginfoDirEntries = 1 << 20;
inline constexpr size_t kMaxSymbolizedFramesPerInput = 1 << 16;

// Signatures.
inline constexpr int64_t kRe2MaxMemBytes = 64 << 20;
// Levels of tables, arrays and dotted keys in a TOML file, checked before
// toml++ (which recurses per level) parses it.
inline constexpr size_t kMaxTomlNesting = 64;

}  // namespace crashsift::limits
