// What an input is, decided from its first bytes (bloaty's and drgn's magic
// sniffing): a vmcore in one of its containers, a compressed stream, kernel
// log text, or something else. Names are never trusted.
#pragma once

#include <string>
#include <string_view>

namespace crashsift::input {

enum class InputKind {
  kEmpty,            // zero bytes
  kText,             // looks like text (a kernel log candidate)
  kBinary,           // anything else: not a log and not a vmcore we know
  kGzip,             // 1f 8b
  kXz,               // fd '7zXZ' 00
  kZstd,             // 28 b5 2f fd (a zstd frame)
  kElfCore,          // ELF with e_type == ET_CORE (/proc/vmcore copy, makedumpfile -E, QEMU)
  kKdumpCompressed,  // "KDUMP   " or "DISKDUMP" at offset 0 (makedumpfile -c/-l/-p/-z)
  kFlattenedKdump,   // "makedumpfile" at offset 0 (makedumpfile -F, QEMU kdump-* output)
};

// The signatures at offset 0 that tell inputs apart: the one copy of them,
// read by Sniff, IsCutMagic, the archive pre-check and the dump readers.
inline constexpr std::string_view kElfMagic = "\x7f\x45\x4c\x46";  // 7f 'ELF'
inline constexpr std::string_view kKdumpSignature = "KDUMP   ";  // makedumpfile's disk_dump_header
// MAKEDUMPFILE_SIGNATURE; the flattened header's 16-byte field pads it with NULs.
inline constexpr std::string_view kFlattenedSignature = "makedumpfile";

struct Magic {
  std::string_view bytes;
  InputKind kind;  // kElfCore: any ELF file, a dump when e_type is ET_CORE
};
// In the order Sniff tries them. "DISKDUMP" (the older diskdump tool) is
// named kdump-compressed, but no dump reader takes it.
inline constexpr Magic kMagics[] = {
    {kKdumpSignature, InputKind::kKdumpCompressed},
    {"DISKDUMP", InputKind::kKdumpCompressed},
    {kFlattenedSignature, InputKind::kFlattenedKdump},
    {"\x1f\x8b", InputKind::kGzip},
    {{"\xfd\x37\x7a\x58\x5a\x00", 6}, InputKind::kXz},  // fd '7zXZ' 00
    {"\x28\xb5\x2f\xfd", InputKind::kZstd},
    {kElfMagic, InputKind::kElfCore},
};

// How many leading bytes Sniff wants to see (fewer is fine at end of input).
inline constexpr size_t kSniffBytes = 64 * 1024;
// Enough leading bytes to tell every dump and compression magic apart: Sniff
// of this many says IsVmcore / IsCompressed exactly as Sniff of kSniffBytes
// (only the text-or-binary verdict needs more).
inline constexpr size_t kMagicBytes = 64;

// Classifies an input by its first bytes. `head` may be shorter than
// kSniffBytes; an empty `head` is kEmpty. Never fails.
InputKind Sniff(std::string_view head);

// Stable lower-case names: "empty", "text", "binary", "gzip", "xz", "zstd",
// "elf-core", "kdump-compressed", "flattened-kdump".
std::string_view ToString(InputKind kind);

inline bool IsVmcore(InputKind kind) {
  return kind == InputKind::kElfCore || kind == InputKind::kKdumpCompressed ||
         kind == InputKind::kFlattenedKdump;
}
inline bool IsCompressed(InputKind kind) {
  return kind == InputKind::kGzip || kind == InputKind::kXz || kind == InputKind::kZstd;
}

// For a vmcore kept compressed (the corpus ships them as .zst): how to make
// it readable, "zstd -d -k 'PATH'" (dumps are read at random, so they are
// not decompressed on the fly). Empty for a kind that is no compression.
std::string DecompressCommand(InputKind kind, const std::string& path);

// True when `head` is a non-empty proper prefix of one of kMagics: a file
// cut inside a dump's or a compressed stream's signature.
bool IsCutMagic(std::string_view head);

// True when `head` reads as text: under 1/16 C0 control bytes besides
// \t \n \r \f \v \b ESC and NUL, and under 1/4 NUL (serial consoles emit
// NUL noise; console logs may hold bursts of binary junk).
bool LooksLikeText(std::string_view head);

}  // namespace crashsift::input
