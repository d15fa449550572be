#include "analyzer/kernel_log/log_time.h"

#include <cctype>
#include <cstring>

#include "analyzer/core/text.h"

namespace crashsift::kernel_log {
namespace {

using text::IsDigit;

// Reads exactly `n` digits at `pos`.
std::optional<unsigned> Digits(std::string_view s, size_t pos, size_t n) {
  text::DigitRun run = text::ReadDigits(s, pos, n);
  if (run.count != n) return std::nullopt;
  return static_cast<unsigned>(run.value);
}

// "hh:mm:ss" at `pos` -> seconds of day.
std::optional<unsigned> ClockAt(std::string_view s, size_t pos) {
  auto h = Digits(s, pos, 2), m = Digits(s, pos + 3, 2), sec = Digits(s, pos + 6, 2);
  if (!h || !m || !sec || s[pos + 2] != ':' || s[pos + 5] != ':') return std::nullopt;
  if (*h > 23 || *m > 59 || *sec > 60) return std::nullopt;
  return *h * 3600 + *m * 60 + *sec;
}

// ".ffffff" or ",ffffff" at `pos`: the fraction and how many chars it took.
double Fraction(std::string_view s, size_t pos, size_t& used) {
  used = 0;
  if (pos >= s.size() || (s[pos] != '.' && s[pos] != ',')) return 0;
  double value = 0, scale = 0.1;
  size_t i = pos + 1;
  while (i < s.size() && IsDigit(s[i])) {
    value += (s[i] - '0') * scale;
    scale /= 10;
    ++i;
  }
  if (i == pos + 1) return 0;
  used = i - pos;
  return value;
}

// Six ASCII digits at `p` -> their value, eight bytes at once ("00" before
// them): false when one is not a digit.
bool SixDigits(const char* p, uint32_t& value) {
  char bytes[8] = {'0', '0'};
  std::memcpy(bytes + 2, p, 6);
  uint64_t v;
  std::memcpy(&v, bytes, 8);
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull;
  constexpr uint64_t kZeros = 0x3030303030303030ull;
  // A digit's high nibble is 3, and stays 3 with 6 added; a non-digit byte
  // fails one of the two (a carry out of it only adds to the failure).
  if ((v & kHigh) != kZeros || ((v + 0x0606060606060606ull) & kHigh) != kZeros) return false;
  // Pairs, then fours, then all eight (little-endian: the first digit is the low byte).
  v = ((v & 0x0F0F0F0F0F0F0F0Full) * 2561) >> 8;
  v = ((v & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
  value = static_cast<uint32_t>(((v & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32);
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

unsigned MonthFromName(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  char lower[3];
  for (int i = 0; i < 3; ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  for (unsigned i = 0; i < 12; ++i) {
    if (std::string_view(lower, 3) == kMonths[i]) return i + 1;
  }
  return 0;
}

double SecondsFrom(uint64_t whole, uint64_t frac, size_t digits) {
  // A multiplication, not a division: this runs once per line.
  static constexpr double kScale[] = {1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9};
  return static_cast<double>(whole) + static_cast<double>(frac) * kScale[digits < 10 ? digits : 9];
}

std::optional<double> ConsumeBracketSeconds(std::string_view& s) {
  // printk's own shape, "[%5lu.%06lu]" (under 100000 s): its fixed places
  // checked first, the digits read without bounds checks. The same value as
  // the loops below; any other shape goes to them.
  if (s.size() >= 14 && s[0] == '[' && s[6] == '.' && s[13] == ']') {
    const char* p = s.data();
    size_t i = 1;
    while (i < 6 && p[i] == ' ') ++i;
    uint64_t whole = 0;
    uint32_t frac = 0;
    size_t k = i;
    for (; k < 6 && IsDigit(p[k]); ++k) whole = whole * 10 + (p[k] - '0');
    if (k == 6 && i < 6 && SixDigits(p + 7, frac)) {
      s.remove_prefix(14);
      return SecondsFrom(whole, frac, 6);
    }
  }
  size_t i = 0;
  if (s.empty() || s[0] != '[') return std::nullopt;
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  uint64_t whole = 0;
  size_t start = i;
  while (i < s.size() && IsDigit(s[i]) && i - start < 12) whole = whole * 10 + (s[i++] - '0');
  if (i == start || i >= s.size() || s[i] != '.') return std::nullopt;
  ++i;
  uint64_t frac = 0;
  start = i;
  while (i < s.size() && IsDigit(s[i]) && i - start < 9) frac = frac * 10 + (s[i++] - '0');
  if (i == start || i >= s.size() || s[i] != ']') return std::nullopt;
  size_t digits = i - start;
  s.remove_prefix(i + 1);
  return SecondsFrom(whole, frac, digits);
}

bool ConsumeSyslogStamp(std::string_view& s) {
  // "Nov 24 15:39:44", "Nov  4 15:39:44"; as pastes and other daemons print it
  // too: "Nov 4 15:39:44" (a web form collapsed the blank) and "2021 Jul 14
  // 15:21:57" (the year first, as TrueNAS's console log).
  size_t p = (Digits(s, 0, 4) && s.size() > 4 && s[4] == ' ') ? 5 : 0;
  if (s.size() < p + 14 || MonthFromName(s.substr(p, 3)) == 0 || s[p + 3] != ' ') return false;
  p += 4;
  if (s[p] == ' ') ++p;
  const size_t day = p;
  while (p < s.size() && p - day < 2 && IsDigit(s[p])) ++p;
  if (p == day || p >= s.size() || s[p] != ' ') return false;
  ++p;
  if (!ClockAt(s, p)) return false;
  size_t used = 0;
  Fraction(s, p + 8, used);
  s.remove_prefix(p + 8 + used);
  return true;
}

std::optional<double> ConsumeIsoStamp(std::string_view& s) {
  auto y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ')) {
    return std::nullopt;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31) return std::nullopt;
  auto clock = ClockAt(s, 11);
  if (!clock) return std::nullopt;
  size_t pos = 19, used = 0;
  double frac = Fraction(s, pos, used);
  pos += used;
  int64_t offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    auto hh = Digits(s, pos + 1, 2);
    if (!hh) return std::nullopt;
    size_t mm_pos = pos + 3;
    if (mm_pos < s.size() && s[mm_pos] == ':') ++mm_pos;
    auto mm = Digits(s, mm_pos, 2);
    if (!mm) return std::nullopt;
    offset = sign * static_cast<int64_t>(*hh * 3600 + *mm * 60);
    pos = mm_pos + 2;
  }
  s.remove_prefix(pos);
  int64_t days = DaysFromCivil(*y, *mo, *d);
  return static_cast<double>(days * 86400 + *clock - offset) + frac;
}

std::optional<double> ParseLooseDate(std::string_view c) {
  std::string_view copy = c;
  if (auto iso = ConsumeIsoStamp(copy)) return iso;
  size_t t = std::string_view::npos;
  for (size_t i = 0; i + 8 <= c.size(); ++i) {
    if (ClockAt(c, i)) {
      t = i;
      break;
    }
  }
  if (t == std::string_view::npos) return std::nullopt;
  unsigned clock = *ClockAt(c, t);
  // Year: the first 4-digit number after the clock.
  size_t p = t + 8;
  while (p < c.size() && !IsDigit(c[p])) ++p;
  auto year = Digits(c, p, 4);
  if (!year) return std::nullopt;
  // Day: the number just before the clock; month: the token before the day.
  size_t e = t;
  while (e > 0 && c[e - 1] == ' ') --e;
  size_t b = e;
  while (b > 0 && IsDigit(c[b - 1])) --b;
  if (b == e || e - b > 2) return std::nullopt;
  unsigned day = *Digits(c, b, e - b);
  size_t me = b;
  while (me > 0 && c[me - 1] == ' ') --me;
  size_t mb = me;
  while (mb > 0 && c[mb - 1] != ' ') --mb;
  std::string_view month_token = c.substr(mb, me - mb);
  unsigned month = MonthFromName(month_token);
  if (month == 0) {
    // Locales that print the month as a number ("11月", "11.").
    unsigned v = 0;
    size_t i = 0;
    while (i < month_token.size() && IsDigit(month_token[i]) && i < 2)
      v = v * 10 + (month_token[i++] - '0');
    if (i > 0) month = v;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return static_cast<double>(DaysFromCivil(*year, month, day) * 86400 + clock);
}

}  // namespace crashsift::kernel_log
