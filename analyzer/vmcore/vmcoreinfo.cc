#include "analyzer/vmcore/vmcoreinfo.h"

#include <charconv>

#include "analyzer/core/text.h"

namespace crashsift::vmcore {

std::optional<uint64_t> ParseHex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseDecimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

Vmcoreinfo Vmcoreinfo::Parse(std::string_view text) {
  Vmcoreinfo info;
  if (auto nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
  info.text_ = std::string(text);
  for (std::string_view line : text::SplitLines(text)) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    // The first definition wins, as in makedumpfile's read_vmcoreinfo().
    info.entries_.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
  }
  return info;
}

std::optional<std::string_view> Vmcoreinfo::Get(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<int64_t> Vmcoreinfo::Decimal(const std::string& key) const {
  auto value = Get(key);
  if (!value) return std::nullopt;
  return ParseDecimal(*value);
}

std::optional<uint64_t> Vmcoreinfo::Symbol(std::string_view name) const {
  auto value = Get("SYMBOL(" + std::string(name) + ")");
  if (!value) return std::nullopt;
  return ParseHex(*value);
}

std::optional<int64_t> Vmcoreinfo::Offset(std::string_view name) const {
  return Decimal("OFFSET(" + std::string(name) + ")");
}
std::optional<int64_t> Vmcoreinfo::Size(std::string_view name) const {
  return Decimal("SIZE(" + std::string(name) + ")");
}
std::optional<int64_t> Vmcoreinfo::Length(std::string_view name) const {
  return Decimal("LENGTH(" + std::string(name) + ")");
}
std::optional<int64_t> Vmcoreinfo::Number(std::string_view name) const {
  return Decimal("NUMBER(" + std::string(name) + ")");
}

std::optional<uint64_t> Vmcoreinfo::UnsignedNumber(std::string_view name) const {
  auto value = Get("NUMBER(" + std::string(name) + ")");
  if (!value) return std::nullopt;
  if (value->starts_with("0x") || value->starts_with("0X")) return ParseHex(*value);
  if (auto n = ParseDecimal(*value)) return static_cast<uint64_t>(*n);
  uint64_t big = 0;  // decimals above INT64_MAX
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), big, 10);
  if (ec != std::errc() || ptr != value->data() + value->size()) return std::nullopt;
  return big;
}

std::string Vmcoreinfo::osrelease() const {
  auto value = Get("OSRELEASE");
  return value ? std::string(*value) : std::string();
}

std::optional<uint64_t> Vmcoreinfo::page_size() const {
  auto value = Decimal("PAGESIZE");
  if (!value || *value <= 0) return std::nullopt;
  return static_cast<uint64_t>(*value);
}

std::optional<uint64_t> Vmcoreinfo::kernel_offset() const {
  auto value = Get("KERNELOFFSET");
  if (!value) return std::nullopt;
  return ParseHex(*value);
}

std::optional<int64_t> Vmcoreinfo::crash_time() const { return Decimal("CRASHTIME"); }

}  // namespace crashsift::vmcore
