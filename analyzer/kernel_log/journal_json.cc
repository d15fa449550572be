#include "analyzer/kernel_log/journal_json.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "analyzer/kernel_log/log_time.h"

namespace crashsift::kernel_log {
namespace {

using Json = nlohmann::json;

std::string StringField(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    // journalctl prints non-UTF-8 or binary fields as an array of byte values.
    std::string bytes;
    for (const auto& b : *it) {
      if (b.is_number_unsigned() && b.get<uint64_t>() < 256) {
        bytes.push_back(static_cast<char>(b.get<uint64_t>()));
      }
    }
    return bytes;
  }
  return {};
}

std::optional<uint64_t> NumberField(const Json& j, const char* key) {
  std::string s = StringField(j, key);
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

double Seconds(uint64_t usec) { return SecondsFromMicros(usec); }

}  // namespace

bool ParseJournalJson(std::string_view line, JournalEntry& out) {
  out = JournalEntry();
  try {
    Json j = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return false;
    out.message = StringField(j, "MESSAGE");
    out.identifier = StringField(j, "SYSLOG_IDENTIFIER");
    out.boot_id = StringField(j, "_BOOT_ID");
    out.is_kernel = StringField(j, "_TRANSPORT") == "kernel" || out.identifier == "kernel";
    if (auto m = NumberField(j, "_SOURCE_MONOTONIC_TIMESTAMP")) {
      out.monotonic = Seconds(*m);
    } else if (auto m2 = NumberField(j, "__MONOTONIC_TIMESTAMP")) {
      out.monotonic = Seconds(*m2);
    }
    if (auto r = NumberField(j, "__REALTIME_TIMESTAMP")) out.wall_time = Seconds(*r);
    if (auto p = NumberField(j, "PRIORITY"); p && *p <= 7) out.level = static_cast<int>(*p);
    if (auto f = NumberField(j, "SYSLOG_FACILITY"); f && *f < 128)
      out.facility = static_cast<int>(*f);
    for (const char* key : {"_KERNEL_SUBSYSTEM", "_KERNEL_DEVICE"}) {
      std::string v = StringField(j, key);
      if (!v.empty()) out.properties.push_back(std::string(key + 8) + "=" + v);
    }
    return true;
  } catch (const std::exception&) {
    return false;  // a value of an unexpected type deep inside: not an entry we can use
  }
}

}  // namespace crashsift::kernel_log
