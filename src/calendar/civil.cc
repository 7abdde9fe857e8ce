// Civil dates and RFC 3339 instants. The day-number conversions are Howard Hinnant's
// days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html),
// written out here on 64-bit integers so no intermediate value can overflow.
#include "calendar/civil.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace writ::cal {
namespace {

constexpr int64_t seconds_per_day = 86400;
constexpr int32_t max_offset_seconds = 18 * 3600;  // RFC 3339 allows more; no zone ever used more

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t floor_mod(int64_t a, int64_t b) {
  return a - floor_div(a, b) * b;
}

// Proleptic Gregorian; any year, month 1..12, day 1..31 (not validated against the month).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);         // [1, 31]
  const auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);            // [1, 12]
  return Civil{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool leap(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

unsigned month_length(int64_t y, unsigned m) {
  static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return (m == 2 && leap(y)) ? 29 : lengths[m - 1];
}

Days clamp_days(int64_t d) {
  return static_cast<Days>(
      std::clamp<int64_t>(d, std::numeric_limits<Days>::min(), std::numeric_limits<Days>::max()));
}

// Local seconds of an instant; saturates instead of overflowing for absurd inputs.
int64_t local_seconds(const DateTime& t) {
  int64_t local = 0;
  if (__builtin_add_overflow(t.utc_seconds, int64_t{t.offset_seconds}, &local)) {
    return t.offset_seconds > 0 ? std::numeric_limits<int64_t>::max()
                                : std::numeric_limits<int64_t>::min();
  }
  return local;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` ASCII digits at text[pos]; advances pos. nullopt when they are not there.
std::optional<unsigned> read_digits(std::string_view text, size_t& pos, size_t n) {
  if (pos > text.size() || text.size() - pos < n) return std::nullopt;
  unsigned v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  pos += n;
  return v;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// "YYYY-MM-DD" at text[pos]; advances pos.
std::optional<Days> read_date(std::string_view text, size_t& pos) {
  const auto y = read_digits(text, pos, 4);
  if (!y || !expect(text, pos, '-')) return std::nullopt;
  const auto m = read_digits(text, pos, 2);
  if (!m || !expect(text, pos, '-')) return std::nullopt;
  const auto d = read_digits(text, pos, 2);
  if (!d) return std::nullopt;
  return days_from_ymd(static_cast<int>(*y), *m, *d);
}

void append_padded(std::string& out, int64_t v, int width) {
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) {
    out.append(static_cast<size_t>(width) - digits.size(), '0');
  }
  out += digits;
}

std::string format_offset(int32_t offset_seconds) {
  std::string out;
  out += offset_seconds < 0 ? '-' : '+';
  const int64_t a = offset_seconds < 0 ? -static_cast<int64_t>(offset_seconds) : offset_seconds;
  append_padded(out, a / 3600, 2);
  out += ':';
  append_padded(out, a / 60 % 60, 2);
  if (a % 60 != 0) {  // only historical local mean time offsets have seconds
    out += ':';
    append_padded(out, a % 60, 2);
  }
  return out;
}

}  // namespace

std::optional<Days> days_from_ymd(int year, unsigned month, unsigned day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > month_length(year, month)) {
    return std::nullopt;
  }
  return static_cast<Days>(days_from_civil(year, month, day));
}

Ymd ymd_from_days(Days d) {
  const Civil c = civil_from_days(d);
  return Ymd{static_cast<int>(c.year), c.month, c.day};
}

bool is_leap_year(int year) {
  return leap(year);
}

unsigned days_in_month(int year, unsigned month) {
  return month_length(year, month);
}

unsigned weekday(Days d) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<unsigned>(floor_mod(static_cast<int64_t>(d) + 4, 7));
}

std::optional<Days> parse_date(std::string_view text) {
  size_t pos = 0;
  auto d = read_date(text, pos);
  if (!d || pos != text.size()) return std::nullopt;
  return d;
}

std::string format_date(Days d) {
  const Civil c = civil_from_days(d);
  std::string out;
  // Years outside 0000..9999 use the ISO 8601 expanded form (sign and at least four digits).
  if (c.year < 0) {
    out += '-';
    append_padded(out, -c.year, 4);
  } else {
    if (c.year > 9999) out += '+';
    append_padded(out, c.year, 4);
  }
  out += '-';
  append_padded(out, c.month, 2);
  out += '-';
  append_padded(out, c.day, 2);
  return out;
}

Days add_months(Days d, int64_t months) {
  const Civil c = civil_from_days(d);
  // Day numbers are 32-bit, so any result more than ~5.9 million years away saturates; bounding
  // `months` first keeps the arithmetic below free of overflow.
  constexpr int64_t month_limit = int64_t{12} * 6'000'000;
  months = std::clamp<int64_t>(months, -month_limit, month_limit);
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t year = floor_div(total, 12);
  const auto month = static_cast<unsigned>(floor_mod(total, 12) + 1);
  const unsigned day = std::min(c.day, month_length(year, month));
  return clamp_days(days_from_civil(year, month, day));
}

Days add_years(Days d, int64_t years) {
  constexpr int64_t year_limit = 6'000'000;
  return add_months(d, std::clamp<int64_t>(years, -year_limit, year_limit) * 12);
}

std::optional<DateTime> parse_datetime(std::string_view text) {
  size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date) return std::nullopt;
  // RFC 3339 grammar is ABNF, whose literals are case-insensitive: "T"/"t", "Z"/"z".
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  const auto hh = read_digits(text, pos, 2);
  if (!hh || *hh > 23 || !expect(text, pos, ':')) return std::nullopt;
  const auto mm = read_digits(text, pos, 2);
  if (!mm || *mm > 59) return std::nullopt;
  unsigned ss = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto s = read_digits(text, pos, 2);
    if (!s || *s > 59) return std::nullopt;  // no leap seconds: the time line is POSIX time
    ss = *s;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const size_t first = pos;
      while (pos < text.size() && is_digit(text[pos])) ++pos;
      if (pos == first) return std::nullopt;  // "." must be followed by at least one digit
      // The fraction is dropped: instants are whole seconds.
    }
  }
  int32_t offset = 0;
  if (pos >= text.size()) return std::nullopt;  // the offset is required
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const bool negative = text[pos] == '-';
    ++pos;
    const auto oh = read_digits(text, pos, 2);
    if (!oh || !expect(text, pos, ':')) return std::nullopt;
    const auto om = read_digits(text, pos, 2);
    if (!om || *om > 59) return std::nullopt;
    const auto magnitude = static_cast<int32_t>(*oh * 3600 + *om * 60);
    if (magnitude > max_offset_seconds) return std::nullopt;
    offset = negative ? -magnitude : magnitude;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t local =
      static_cast<int64_t>(*date) * seconds_per_day + int64_t{*hh} * 3600 + int64_t{*mm} * 60 + ss;
  return DateTime{local - offset, offset};
}

std::string format_datetime(const DateTime& t) {
  const int64_t local = local_seconds(t);
  const int64_t day = floor_div(local, seconds_per_day);
  const int64_t sod = local - day * seconds_per_day;
  std::string out = format_date(clamp_days(day));
  out += 'T';
  append_padded(out, sod / 3600, 2);
  out += ':';
  append_padded(out, sod / 60 % 60, 2);
  out += ':';
  append_padded(out, sod % 60, 2);
  out += format_offset(t.offset_seconds);
  return out;
}

Days local_date(const DateTime& t) {
  return clamp_days(floor_div(local_seconds(t), seconds_per_day));
}

}  // namespace writ::cal
