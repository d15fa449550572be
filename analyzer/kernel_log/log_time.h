// Small, allocation-free parsers for the time stamps kernel log carriers
// print: printk's "[  12.345678]", syslog's "Nov 24 15:39:44", ISO 8601 /
// RFC 3339, and dmesg -T's ctime-like "[Tue Nov 24 15:39:44 2026]" in any
// locale. Wall times are Unix seconds; stamps without a zone count as UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace crashsift::kernel_log {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// "Jan".."Dec" (case-insensitive, first three letters) -> 1..12, else 0.
unsigned MonthFromName(std::string_view name);

// whole + frac / 10^digits (digits <= 9). Every source goes through this, so
// the same stamp gives the same double whichever format carried it.
double SecondsFrom(uint64_t whole, uint64_t frac, size_t digits);
inline double SecondsFromMicros(uint64_t usec) {
  return SecondsFrom(usec / 1000000, usec % 1000000, 6);
}

// Parses "[   12.345678]" at the start of `s` (spaces allowed inside the
// brackets); on success advances `s` past ']' and returns the seconds.
std::optional<double> ConsumeBracketSeconds(std::string_view& s);

// Recognises "Mmm dd hh:mm:ss[.ffffff]" (syslog, journalctl short[-precise])
// and advances `s` past it. The stamp has no year, so no wall time is derived.
bool ConsumeSyslogStamp(std::string_view& s);

// Parses an ISO 8601 / RFC 3339 stamp at the start of `s`:
// "2026-11-24T15:39:44[.ffffff](Z|+hh:mm|+hhmm)" (also ',' before the
// fraction, as dmesg --time-format=iso prints). Advances `s`; returns Unix
// seconds.
std::optional<double> ConsumeIsoStamp(std::string_view& s);

// dmesg -T's bracket content in any locale: finds hh:mm:ss, the 4-digit year
// after it, the day number and month (English abbreviation or a leading
// number, e.g. "11月") before it. Also accepts the ISO form.
std::optional<double> ParseLooseDate(std::string_view content);

}  // namespace crashsift::kernel_log
