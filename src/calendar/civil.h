// Civil (proleptic Gregorian) dates and instants with a UTC offset, as the case format uses them.
// Dates are day numbers since 1970-01-01, so comparisons and differences are integer operations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace writ::cal {

using Days = int32_t;  // days since 1970-01-01; negative before

struct Ymd {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// nullopt when the date does not exist (2023-02-30, month 13, year outside 1..9999).
std::optional<Days> days_from_ymd(int year, unsigned month, unsigned day);
Ymd ymd_from_days(Days d);
bool is_leap_year(int year);
unsigned days_in_month(int year, unsigned month);
// 0 = Sunday, 1 = Monday, ... 6 = Saturday.
unsigned weekday(Days d);

// Strict ISO 8601 calendar date "YYYY-MM-DD"; nullopt for anything else or an impossible date.
std::optional<Days> parse_date(std::string_view text);
std::string format_date(Days d);

// Calendar arithmetic. Adding months or years keeps the day of month; when that day does not
// exist in the target month the result is the last day of that month ("end-of-month clamp":
// 2024-02-29 + 1 year = 2025-02-28; 2024-01-31 + 1 month = 2024-02-29).
Days add_months(Days d, int64_t months);
Days add_years(Days d, int64_t years);

// An instant as written in a case: the UTC time and the offset it was written with.
struct DateTime {
  int64_t utc_seconds = 0;     // seconds since 1970-01-01T00:00:00Z
  int32_t offset_seconds = 0;  // the UTC offset of the local time it was written in
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// Strict RFC 3339: "YYYY-MM-DDThh:mm[:ss[.fff]](Z|±hh:mm)". The offset is required.
std::optional<DateTime> parse_datetime(std::string_view text);
// "YYYY-MM-DDThh:mm:ss±hh:mm" in the instant's own offset ("Z" is written "+00:00").
std::string format_datetime(const DateTime& t);
// The local calendar date of the instant in its own offset.
Days local_date(const DateTime& t);

}  // namespace writ::cal
