#include "analyzer/vmcore/printk_ringbuffer.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "analyzer/core/byte_reader.h"
#include "analyzer/core/limits.h"

namespace crashsift::vmcore {
namespace {

constexpr uint64_t kFlagsShift = 62;
constexpr uint64_t kIdMask = ~(uint64_t{3} << kFlagsShift);
constexpr uint64_t kDescCommitted = 1, kDescFinalized = 2;
// The kernel caps log_buf_len at 2 GiB (LOG_BUF_LEN_MAX) with one
// descriptor per 32 bytes of text: count_bits <= 26.
constexpr uint32_t kMaxCountBits = 26;
constexpr uint64_t kMaxDataSizeBits = std::bit_width(limits::kMaxPrintkBufferBytes) - 1;

struct Layout {
  uint64_t prb_size, desc_ring, text_data_ring;
  uint64_t count_bits, descs, infos, head_id, tail_id;
  uint64_t desc_size, state_var, text_blk_lpos, lpos_begin, lpos_next;
  uint64_t info_size, info_seq, info_ts_nsec, info_text_len;
  std::optional<uint64_t> info_caller_id;
  uint64_t data_size_bits, data_data;
  uint64_t counter;
};

// Every entry the reader needs; the first missing one is named.
Result<Layout> LoadLayout(const Vmcoreinfo& info) {
  Layout l{};
  std::string missing;
  auto need = [&](std::optional<int64_t> value, const char* name) -> uint64_t {
    if (!value || *value < 0 || *value > (1 << 20)) {
      if (missing.empty()) missing = name;
      return 0;
    }
    return static_cast<uint64_t>(*value);
  };
  l.prb_size = need(info.Size("printk_ringbuffer"), "SIZE(printk_ringbuffer)");
  l.desc_ring =
      need(info.Offset("printk_ringbuffer.desc_ring"), "OFFSET(printk_ringbuffer.desc_ring)");
  l.text_data_ring = need(info.Offset("printk_ringbuffer.text_data_ring"),
                          "OFFSET(printk_ringbuffer.text_data_ring)");
  l.count_bits = need(info.Offset("prb_desc_ring.count_bits"), "OFFSET(prb_desc_ring.count_bits)");
  l.descs = need(info.Offset("prb_desc_ring.descs"), "OFFSET(prb_desc_ring.descs)");
  l.infos = need(info.Offset("prb_desc_ring.infos"), "OFFSET(prb_desc_ring.infos)");
  l.head_id = need(info.Offset("prb_desc_ring.head_id"), "OFFSET(prb_desc_ring.head_id)");
  l.tail_id = need(info.Offset("prb_desc_ring.tail_id"), "OFFSET(prb_desc_ring.tail_id)");
  l.desc_size = need(info.Size("prb_desc"), "SIZE(prb_desc)");
  l.state_var = need(info.Offset("prb_desc.state_var"), "OFFSET(prb_desc.state_var)");
  l.text_blk_lpos = need(info.Offset("prb_desc.text_blk_lpos"), "OFFSET(prb_desc.text_blk_lpos)");
  l.lpos_begin = need(info.Offset("prb_data_blk_lpos.begin"), "OFFSET(prb_data_blk_lpos.begin)");
  l.lpos_next = need(info.Offset("prb_data_blk_lpos.next"), "OFFSET(prb_data_blk_lpos.next)");
  l.info_size = need(info.Size("printk_info"), "SIZE(printk_info)");
  l.info_seq = need(info.Offset("printk_info.seq"), "OFFSET(printk_info.seq)");
  l.info_ts_nsec = need(info.Offset("printk_info.ts_nsec"), "OFFSET(printk_info.ts_nsec)");
  l.info_text_len = need(info.Offset("printk_info.text_len"), "OFFSET(printk_info.text_len)");
  l.data_size_bits =
      need(info.Offset("prb_data_ring.size_bits"), "OFFSET(prb_data_ring.size_bits)");
  l.data_data = need(info.Offset("prb_data_ring.data"), "OFFSET(prb_data_ring.data)");
  l.counter = need(info.Offset("atomic_long_t.counter"), "OFFSET(atomic_long_t.counter)");
  if (auto caller = info.Offset("printk_info.caller_id"); caller && *caller >= 0) {
    l.info_caller_id = static_cast<uint64_t>(*caller);
  }
  if (!missing.empty()) return Fail(ErrorCode::kUnsupported, "", "VMCOREINFO has no " + missing);
  // Sanity: fields must lie inside their structures.
  if (l.desc_size < 24 || l.info_size < 24 || l.prb_size < 16 ||
      l.info_text_len + 4 > l.info_size || l.info_ts_nsec + 8 > l.info_size ||
      l.state_var + 8 > l.desc_size || l.text_blk_lpos + 16 > l.desc_size) {
    return Fail(ErrorCode::kCorrupt, "", "VMCOREINFO printk structure sizes are inconsistent");
  }
  return l;
}

template <class T>
T Get(const std::vector<std::byte>& bytes, uint64_t offset) {
  return ByteReader(bytes.data(), bytes.size()).Read<T>(offset).value_or(T{});
}

// What a walk of the ring found wrong, counted for the warnings.
struct RingDamage {
  bool text_capped = false;  // descriptors claimed more text than the ring holds
  uint64_t lost_desc = 0, lost_text = 0, bad_id = 0, bad_lpos = 0;
};

// One warning per kind of damage, in this order.
void AddDamageWarnings(const RingDamage& d, std::vector<Warning>& warnings) {
  if (d.text_capped) {
    warnings.push_back({"", std::nullopt,
                        "printk descriptors claim more text than the ring holds (corrupt ring); "
                        "extra records dropped"});
  }
  if (d.bad_id > 0) {
    warnings.push_back({"", std::nullopt,
                        std::to_string(d.bad_id) +
                            " printk descriptors between tail and head hold another id "
                            "(corrupt ring); their records are lost"});
  }
  if (d.bad_lpos > 0) {
    warnings.push_back(
        {"", std::nullopt,
         std::to_string(d.bad_lpos) +
             " printk descriptors have impossible text positions (corrupt ring); their text may "
             "be cut or wrong"});
  }
  if (d.lost_desc > 0) {
    warnings.push_back({"", std::nullopt,
                        std::to_string(d.lost_desc) +
                            " printk descriptors were not in the dump (excluded pages); "
                            "their records may be missing"});
  }
  if (d.lost_text > 0) {
    warnings.push_back({"", std::nullopt,
                        std::to_string(d.lost_text) +
                            " printk records have text on pages not in the dump (shown as \\x00)"});
  }
}

// A record's fields from its struct printk_info (text not read yet).
PrintkRecord RecordFromInfo(const Layout& l, const std::vector<std::byte>& inf) {
  PrintkRecord record;
  record.seq = Get<uint64_t>(inf, l.info_seq);
  record.ts_nsec = Get<uint64_t>(inf, l.info_ts_nsec);
  // struct printk_info: u16 text_len; u8 facility; u8 flags:5, level:3
  // (not in VMCOREINFO: fixed since 5.10).
  record.facility = static_cast<int>(Get<uint8_t>(inf, l.info_text_len + 2));
  const uint8_t flags_level = Get<uint8_t>(inf, l.info_text_len + 3);
  record.flags = flags_level & 0x1f;
  record.level = flags_level >> 5;
  if (l.info_caller_id) {
    record.caller_id = Get<uint32_t>(inf, *l.info_caller_id);
    record.has_caller = true;
  }
  return record;
}

// The struct printk_ringbuffer: `prb` is a pointer to the ring
// (printk_rb_static, or printk_rb_dynamic after log_buf_len= moved it).
Result<std::vector<std::byte>> ReadPrb(const Layout& l, uint64_t prb_symbol,
                                       const VirtualReader& read) {
  std::vector<std::byte> pointer(8);
  if (read(prb_symbol, pointer) != 0) {
    return Fail(ErrorCode::kCorrupt, "", "the prb pointer is not in the dump");
  }
  const uint64_t prb_addr = Get<uint64_t>(pointer, 0);
  std::vector<std::byte> prb(std::max<uint64_t>(l.prb_size, l.text_data_ring + l.data_data + 8));
  if (read(prb_addr, prb) != 0)
    return Fail(ErrorCode::kCorrupt, "", "the printk ring buffer is not in the dump");
  return prb;
}

}  // namespace

bool HasLocklessRingbuffer(const Vmcoreinfo& info) { return info.Symbol("prb").has_value(); }

Result<PrintkReadResult> ReadLocklessRingbuffer(const Vmcoreinfo& info, const VirtualReader& read,
                                                uint32_t max_count_bits) {
  auto prb_symbol = info.Symbol("prb");
  if (!prb_symbol) return Fail(ErrorCode::kUnsupported, "", "VMCOREINFO has no SYMBOL(prb)");
  auto layout = LoadLayout(info);
  if (!layout) return tl::unexpected(layout.error());
  const Layout& l = *layout;

  auto ring = ReadPrb(l, *prb_symbol, read);
  if (!ring) return Fail(ring.error());
  const std::vector<std::byte>& prb = *ring;

  const uint64_t count_bits = Get<uint32_t>(prb, l.desc_ring + l.count_bits);
  const uint64_t size_bits = Get<uint32_t>(prb, l.text_data_ring + l.data_size_bits);
  // Compare exponents, not shifted values: a corrupt size_bits of 64 or more
  // would make the shift itself undefined.
  if (count_bits > std::min(kMaxCountBits, max_count_bits) || size_bits > kMaxDataSizeBits) {
    return Fail(ErrorCode::kCorrupt, "",
                "printk ring sizes are implausible (count_bits " + std::to_string(count_bits) +
                    ", size_bits " + std::to_string(size_bits) + ")");
  }
  const uint64_t desc_count = uint64_t{1} << count_bits;
  const uint64_t data_size = uint64_t{1} << size_bits;
  const uint64_t descs = Get<uint64_t>(prb, l.desc_ring + l.descs);
  const uint64_t infos = Get<uint64_t>(prb, l.desc_ring + l.infos);
  const uint64_t data = Get<uint64_t>(prb, l.text_data_ring + l.data_data);
  const uint64_t head_id = Get<uint64_t>(prb, l.desc_ring + l.head_id + l.counter);
  const uint64_t tail_id = Get<uint64_t>(prb, l.desc_ring + l.tail_id + l.counter);

  PrintkReadResult result;
  // Every byte of the text ring belongs to at most one record; corrupt
  // descriptors pointing many records at one big block must not multiply it.
  const uint64_t max_text_bytes = 2 * data_size;
  uint64_t text_bytes = 0;
  RingDamage damage;
  std::vector<std::byte> desc(l.desc_size), inf(l.info_size);
  auto dump_record = [&](uint64_t id) {
    const uint64_t slot = id % desc_count;
    const bool desc_missing = read(descs + slot * l.desc_size, desc) != 0;
    if (desc_missing) ++damage.lost_desc;
    const uint64_t state_var = Get<uint64_t>(desc, l.state_var + l.counter);
    const uint64_t state = (state_var >> kFlagsShift) & 3;
    // A descriptor between tail and head holds its own id; another id means
    // the slot is corrupt (or was not in the dump). Reserved (being written
    // at the crash) and reusable ones are skipped as the kernel does.
    if ((state_var & kIdMask) != id) {
      if (!desc_missing) ++damage.bad_id;
      return;
    }
    if (state != kDescCommitted && state != kDescFinalized) return;
    const uint64_t raw_begin = Get<uint64_t>(desc, l.text_blk_lpos + l.lpos_begin);
    const uint64_t raw_next = Get<uint64_t>(desc, l.text_blk_lpos + l.lpos_next);
    uint64_t begin = raw_begin % data_size;
    const uint64_t next = raw_next % data_size;
    if (begin == next) return;  // data-less record
    // A data block is at most the ring's size (kernel: data_check_size()).
    if (raw_next - raw_begin > data_size) ++damage.bad_lpos;
    if (read(infos + slot * l.info_size, inf) != 0) ++damage.lost_desc;
    uint64_t text_len = Get<uint16_t>(inf, l.info_text_len);
    if (begin > next) begin = 0;  // the block wrapped to the start of the ring
    begin += 8;                   // skip the block's id
    if (next < begin) {
      ++damage.bad_lpos;
      text_len = 0;
    } else if (next - begin < text_len) {
      text_len = next - begin;
    }
    if (text_bytes + text_len > max_text_bytes) {
      damage.text_capped = true;
      return;
    }
    text_bytes += text_len;
    PrintkRecord record = RecordFromInfo(l, inf);
    record.text.resize(text_len);
    if (text_len > 0 &&
        read(data + begin, std::span<std::byte>(reinterpret_cast<std::byte*>(record.text.data()),
                                                text_len)) != 0) {
      ++damage.lost_text;
    }
    result.records.push_back(std::move(record));
  };

  // tail_id .. head_id inclusive; never more steps than descriptors, so a
  // corrupt head/tail pair cannot loop for 2^62 iterations.
  uint64_t id = tail_id;
  uint64_t steps = 0;
  for (; id != head_id && steps < desc_count; id = (id + 1) & kIdMask, ++steps) dump_record(id);
  if (id == head_id) {
    dump_record(id);
  } else {
    result.warnings.push_back({"", std::nullopt,
                               "printk ring head/tail ids are inconsistent; stopped after " +
                                   std::to_string(desc_count) + " descriptors"});
  }
  AddDamageWarnings(damage, result.warnings);
  return result;
}

}  // namespace crashsift::vmcore
