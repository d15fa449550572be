#include "analyzer/vmcore/printk_log_buf.h"

#include <cstring>

#include "analyzer/core/byte_reader.h"
#include "analyzer/core/limits.h"

namespace crashsift::vmcore {
namespace {

struct Layout {
  uint64_t size, ts_nsec, len, text_len;
};

std::optional<Layout> LoadLayout(const Vmcoreinfo& info, std::string* missing) {
  for (const char* name : {"printk_log", "log"}) {  // renamed in 3.11
    std::string s = name;
    auto size = info.Size(s);
    if (!size) continue;
    auto ts = info.Offset(s + ".ts_nsec");
    auto len = info.Offset(s + ".len");
    auto text_len = info.Offset(s + ".text_len");
    if (!ts || !len || !text_len) {
      *missing = "OFFSET(" + s + (!ts ? ".ts_nsec)" : !len ? ".len)" : ".text_len)");
      return std::nullopt;
    }
    if (*size < 16 || *size > 4096 || *ts < 0 || *ts + 8 > *size || *len < 0 || *len + 2 > *size ||
        *text_len < 0 || *text_len + 6 > *size) {
      *missing = "consistent SIZE(" + s + ")";
      return std::nullopt;
    }
    return Layout{static_cast<uint64_t>(*size), static_cast<uint64_t>(*ts),
                  static_cast<uint64_t>(*len), static_cast<uint64_t>(*text_len)};
  }
  *missing = "SIZE(printk_log)";
  return std::nullopt;
}

}  // namespace

bool HasLogBuf(const Vmcoreinfo& info) {
  return info.Symbol("log_buf") && info.Symbol("log_first_idx") && info.Symbol("log_next_idx");
}

Result<PrintkReadResult> ReadLogBuf(const Vmcoreinfo& info, const VirtualReader& read) {
  for (const char* symbol : {"log_buf", "log_buf_len", "log_first_idx", "log_next_idx"}) {
    if (!info.Symbol(symbol)) {
      return Fail(ErrorCode::kUnsupported, "",
                  std::string("VMCOREINFO has no SYMBOL(") + symbol + ")");
    }
  }
  std::string missing;
  auto layout = LoadLayout(info, &missing);
  if (!layout) return Fail(ErrorCode::kUnsupported, "", "VMCOREINFO has no " + missing);
  const Layout& l = *layout;
  auto read_value = [&](const char* symbol, size_t bytes) -> std::optional<uint64_t> {
    std::byte raw[8] = {};
    if (read(*info.Symbol(symbol), std::span<std::byte>(raw, bytes)) != 0) return std::nullopt;
    uint64_t value = 0;
    std::memcpy(&value, raw, bytes);
    return value;
  };
  auto log_buf = read_value("log_buf", 8);
  auto log_buf_len = read_value("log_buf_len", 4);
  auto first_idx = read_value("log_first_idx", 4);
  auto next_idx = read_value("log_next_idx", 4);
  if (!log_buf || !log_buf_len || !first_idx || !next_idx) {
    return Fail(ErrorCode::kCorrupt, "", "the log_buf variables are not in the dump");
  }
  const uint64_t buf_len = *log_buf_len;
  if (buf_len < l.size || buf_len > limits::kMaxPrintkBufferBytes) {
    return Fail(ErrorCode::kCorrupt, "", "implausible log_buf_len " + std::to_string(buf_len));
  }
  std::vector<std::byte> buffer(buf_len);
  PrintkReadResult result;
  if (uint64_t lost = read(*log_buf, buffer); lost != 0) {
    result.warnings.push_back(
        {"", std::nullopt,
         std::to_string(lost) + " bytes of log_buf are not in the dump (shown as \\x00)"});
  }
  ByteReader buf(buffer.data(), buffer.size());
  auto len_at = [&](uint64_t at) { return buf.Read<uint16_t>(at + l.len).value_or(0); };
  uint64_t ptr = *first_idx;
  const uint64_t max_steps = buf_len / 8 + 2;  // records are at least 8-byte aligned
  uint64_t steps = 0;
  uint64_t copied = 0;  // text bytes taken so far
  while (ptr != *next_idx) {
    if (ptr > buf_len - l.size || ++steps > max_steps) {
      result.warnings.push_back(
          {"", std::nullopt,
           "log_buf records run outside the buffer or loop (corrupt); log cut short"});
      break;
    }
    // log_from_ptr(): a len 0 record means the text continues at offset 0.
    const uint64_t record = len_at(ptr) == 0 ? 0 : ptr;
    // A record holds its header, text and dict (log_store()): a text_len
    // beyond the record is corrupt, and believing it copied up to 64 KiB per
    // 8-byte step (quadratic in log_buf_len; found by printk_log_buf_fuzzer).
    const uint64_t record_len = len_at(record);
    if (record_len < l.size && !(record == 0 && record_len == 0)) {
      result.warnings.push_back(
          {"", std::nullopt,
           "a log_buf record is shorter than its header (corrupt); log cut short"});
      break;
    }
    PrintkRecord r;
    r.seq = result.records.size();
    r.ts_nsec = buf.Read<uint64_t>(record + l.ts_nsec).value_or(0);
    uint64_t text_len = buf.Read<uint16_t>(record + l.text_len).value_or(0);
    // u16 text_len, u16 dict_len, u8 facility, u8 flags:5 level:3.
    r.facility = buf.Read<uint8_t>(record + l.text_len + 4).value_or(0);
    const uint8_t flags_level = buf.Read<uint8_t>(record + l.text_len + 5).value_or(0);
    r.flags = flags_level & 0x1f;
    r.level = flags_level >> 5;
    const uint64_t text_at = record + l.size;
    text_len = std::min<uint64_t>(text_len, buf_len > text_at ? buf_len - text_at : 0);
    if (record_len >= l.size) text_len = std::min(text_len, record_len - l.size);
    // Each byte of the buffer is in one record: more text than that is a
    // walk that revisits records (a loop through the wrap marker).
    copied += text_len;
    if (copied > buf_len) {
      result.warnings.push_back(
          {"", std::nullopt,
           "log_buf records run outside the buffer or loop (corrupt); log cut short"});
      break;
    }
    r.text.assign(reinterpret_cast<const char*>(buffer.data() + text_at), text_len);
    result.records.push_back(std::move(r));
    // log_next(): after a wrap marker the next record follows the one at 0.
    const uint64_t len = len_at(ptr);
    ptr = len == 0 ? len_at(0) : ptr + len;
    if (len == 0 && len_at(0) == 0) {
      result.warnings.push_back(
          {"", std::nullopt, "log_buf record of length 0 at offset 0 (corrupt)"});
      break;
    }
  }
  return result;
}

}  // namespace crashsift::vmcore
