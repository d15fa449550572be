// VMCOREINFO: the "KEY=VALUE\n" text the kernel exports for dump tools
// (kernel/crash_core.c): OSRELEASE, PAGESIZE, SYMBOL(x)=hex address,
// OFFSET(struct.member)=decimal, SIZE(struct)=decimal, LENGTH(array)=decimal,
// NUMBER(x)=decimal (may be negative: NUMBER(phys_base)), KERNELOFFSET=hex,
// CRASHTIME=decimal Unix seconds. Unknown keys are kept; malformed lines are
// skipped. Lookups return nullopt when a key is missing or does not parse.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace crashsift::vmcore {

class Vmcoreinfo {
 public:
  // Parses the note's text; stops at the first NUL (notes are padded).
  static Vmcoreinfo Parse(std::string_view text);

  bool empty() const { return entries_.empty(); }
  const std::string& text() const { return text_; }

  std::optional<std::string_view> Get(std::string_view key) const;
  std::optional<uint64_t> Symbol(std::string_view name) const;  // SYMBOL(name), hex
  std::optional<int64_t> Offset(std::string_view name) const;   // OFFSET(struct.member)
  std::optional<int64_t> Size(std::string_view name) const;     // SIZE(struct)
  std::optional<int64_t> Length(std::string_view name) const;   // LENGTH(name)
  std::optional<int64_t> Number(std::string_view name) const;   // NUMBER(name)
  // NUMBER(name) as an unsigned 64-bit value: arm64 prints some in hex
  // ("NUMBER(kimage_voffset)=0xffffa3f6e0600000", arch/arm64/kernel/crash_core.c),
  // others in decimal; a negative decimal is taken modulo 2^64.
  std::optional<uint64_t> UnsignedNumber(std::string_view name) const;

  std::string osrelease() const;                  // "" when missing
  std::optional<uint64_t> page_size() const;      // PAGESIZE
  std::optional<uint64_t> kernel_offset() const;  // KERNELOFFSET (hex)
  std::optional<int64_t> crash_time() const;      // CRASHTIME

 private:
  std::optional<int64_t> Decimal(const std::string& key) const;
  std::string text_;
  std::map<std::string, std::string, std::less<>> entries_;
};

// Parses a whole unsigned hex or signed decimal number; nullopt on junk.
std::optional<uint64_t> ParseHex(std::string_view text);
std::optional<int64_t> ParseDecimal(std::string_view text);

}  // namespace crashsift::vmcore
