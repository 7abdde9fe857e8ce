#include "calendar/civil.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace writ::cal {
namespace {

Days date(std::string_view text) {
  const auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

DateTime instant(std::string_view text) {
  const auto t = parse_datetime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(DateTime{});
}

TEST(Civil, EpochAndKnownDayNumbers) {
  EXPECT_EQ(days_from_ymd(1970, 1, 1), 0);
  EXPECT_EQ(days_from_ymd(1969, 12, 31), -1);
  EXPECT_EQ(days_from_ymd(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_ymd(2024, 2, 29), 19782);
  EXPECT_EQ(days_from_ymd(1, 1, 1), -719162);
  EXPECT_EQ(days_from_ymd(9999, 12, 31), 2932896);
}

TEST(Civil, RoundTripsEveryDayOverFourCenturies) {
  const Days first = *days_from_ymd(1800, 1, 1);
  const Days last = *days_from_ymd(2200, 12, 31);
  Days expected = first;
  for (int y = 1800; y <= 2200; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d = 1; d <= days_in_month(y, m); ++d) {
        ASSERT_EQ(days_from_ymd(y, m, d), expected) << y << "-" << m << "-" << d;
        const Ymd back = ymd_from_days(expected);
        ASSERT_EQ(back.year, y);
        ASSERT_EQ(back.month, m);
        ASSERT_EQ(back.day, d);
        ++expected;
      }
    }
  }
  EXPECT_EQ(expected, last + 1);
}

TEST(Civil, LeapYears) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2023, 2), 28u);
  EXPECT_EQ(days_in_month(1900, 2), 28u);
  EXPECT_EQ(days_in_month(2000, 2), 29u);
  EXPECT_EQ(days_in_month(2024, 4), 30u);
  EXPECT_EQ(days_in_month(2024, 12), 31u);
  EXPECT_EQ(days_in_month(2024, 13), 0u);
}

TEST(Civil, Weekday) {
  EXPECT_EQ(weekday(0), 4u);                   // 1970-01-01, Thursday
  EXPECT_EQ(weekday(-1), 3u);                  // 1969-12-31, Wednesday
  EXPECT_EQ(weekday(-4), 0u);                  // 1969-12-28, Sunday
  EXPECT_EQ(weekday(date("2024-03-05")), 2u);  // Tuesday
  EXPECT_EQ(weekday(date("2024-03-09")), 6u);  // Saturday
  EXPECT_EQ(weekday(date("2000-01-01")), 6u);  // Saturday
  EXPECT_EQ(weekday(date("0001-01-01")), 1u);  // Monday (proleptic Gregorian)
}

TEST(Civil, ImpossibleDatesRejected) {
  EXPECT_FALSE(days_from_ymd(2023, 2, 29));
  EXPECT_FALSE(days_from_ymd(2023, 2, 30));
  EXPECT_FALSE(days_from_ymd(2100, 2, 29));
  EXPECT_FALSE(days_from_ymd(2024, 4, 31));
  EXPECT_FALSE(days_from_ymd(2024, 13, 1));
  EXPECT_FALSE(days_from_ymd(2024, 0, 1));
  EXPECT_FALSE(days_from_ymd(2024, 1, 0));
  EXPECT_FALSE(days_from_ymd(2024, 1, 32));
  EXPECT_FALSE(days_from_ymd(0, 1, 1));
  EXPECT_FALSE(days_from_ymd(10000, 1, 1));
  EXPECT_FALSE(days_from_ymd(-5, 1, 1));
  EXPECT_TRUE(days_from_ymd(2024, 2, 29));
  EXPECT_TRUE(days_from_ymd(2000, 2, 29));
}

TEST(Civil, ParseDateIsStrict) {
  EXPECT_EQ(parse_date("2024-02-29"), days_from_ymd(2024, 2, 29));
  EXPECT_EQ(parse_date("0001-01-01"), days_from_ymd(1, 1, 1));
  EXPECT_EQ(parse_date("9999-12-31"), days_from_ymd(9999, 12, 31));
  for (const char* bad : {"",
                          "2023-02-30",
                          "2023-02-29",
                          "0000-01-01",
                          "2024-13-01",
                          "2024-00-10",
                          "2024-1-01",
                          "2024-01-1",
                          "24-01-01",
                          "20240101",
                          "2024/01/01",
                          "2024-01-01 ",
                          " 2024-01-01",
                          "2024-01-01T00:00:00Z",
                          "+2024-01-01",
                          "2024-01-0a",
                          "１２３４-01-01",
                          "10000-01-01",
                          "2024-01-01\n",
                          "2024--1-01"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
}

TEST(Civil, FormatDate) {
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(-1), "1969-12-31");
  EXPECT_EQ(format_date(date("2024-02-29")), "2024-02-29");
  EXPECT_EQ(format_date(date("0001-01-01")), "0001-01-01");
  EXPECT_EQ(format_date(*days_from_ymd(1, 1, 1) - 1), "0000-12-31");
  EXPECT_EQ(format_date(*days_from_ymd(9999, 12, 31) + 1), "+10000-01-01");
  for (const char* text : {"1970-01-01", "1999-12-31", "2000-02-29", "2038-01-19", "2100-03-01"}) {
    EXPECT_EQ(format_date(date(text)), text);
  }
}

TEST(Civil, AddYearsClampsTheTwentyNinthOfFebruary) {
  const Days leap_day = date("2024-02-29");
  EXPECT_EQ(format_date(add_years(leap_day, 1)), "2025-02-28");
  EXPECT_EQ(format_date(add_years(leap_day, -5)), "2019-02-28");
  EXPECT_EQ(format_date(add_years(leap_day, 4)), "2028-02-29");
  EXPECT_EQ(format_date(add_years(leap_day, -4)), "2020-02-29");
  EXPECT_EQ(format_date(add_years(leap_day, 76)), "2100-02-28");  // 2100 is not a leap year
  EXPECT_EQ(format_date(add_years(leap_day, 0)), "2024-02-29");
  EXPECT_EQ(format_date(add_years(date("2023-03-15"), 10)), "2033-03-15");
}

TEST(Civil, AddMonthsClampsToTheEndOfTheMonth) {
  EXPECT_EQ(format_date(add_months(date("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(format_date(add_months(date("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(format_date(add_months(date("2024-01-31"), 2)), "2024-03-31");
  EXPECT_EQ(format_date(add_months(date("2024-03-31"), 1)), "2024-04-30");
  EXPECT_EQ(format_date(add_months(date("2024-03-31"), -1)), "2024-02-29");
  EXPECT_EQ(format_date(add_months(date("2024-12-15"), 1)), "2025-01-15");
  EXPECT_EQ(format_date(add_months(date("2024-01-15"), -1)), "2023-12-15");
  EXPECT_EQ(format_date(add_months(date("2024-01-15"), -13)), "2022-12-15");
  EXPECT_EQ(format_date(add_months(date("2024-05-31"), 18)), "2025-11-30");
  EXPECT_EQ(format_date(add_months(date("2024-05-31"), 0)), "2024-05-31");
  EXPECT_EQ(format_date(add_months(date("1970-01-01"), -1)), "1969-12-01");
}

TEST(Civil, CalendarArithmeticSaturatesInsteadOfOverflowing) {
  // Absurd inputs give some date rather than undefined behaviour (checked under UBSan).
  (void)add_months(0, std::numeric_limits<int64_t>::max());
  (void)add_months(0, std::numeric_limits<int64_t>::min());
  (void)add_years(0, std::numeric_limits<int64_t>::max());
  (void)add_years(std::numeric_limits<Days>::min(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(add_years(std::numeric_limits<Days>::max(), 1000000), std::numeric_limits<Days>::max());
}

TEST(Civil, ParseDateTime) {
  const DateTime t = instant("2024-03-05T10:00:00-05:00");
  EXPECT_EQ(t.utc_seconds, 1709650800);
  EXPECT_EQ(t.offset_seconds, -5 * 3600);

  EXPECT_EQ(instant("1970-01-01T00:00:00Z"), (DateTime{0, 0}));
  EXPECT_EQ(instant("1970-01-01T00:00:00+00:00"), (DateTime{0, 0}));
  EXPECT_EQ(instant("1970-01-01T00:00:00-00:00"), (DateTime{0, 0}));
  EXPECT_EQ(instant("1970-01-01t00:00:00z"), (DateTime{0, 0}));  // RFC 3339 is case-insensitive
  EXPECT_EQ(instant("1970-01-01T01:00+01:00"), (DateTime{0, 3600}));  // seconds optional
  EXPECT_EQ(instant("1969-12-31T23:59:59Z"), (DateTime{-1, 0}));
  EXPECT_EQ(instant("2024-03-05T10:00:00.999-05:00"), t);  // fraction dropped
  EXPECT_EQ(instant("2024-03-05T10:00:00.5Z").utc_seconds, 1709632800);
  EXPECT_EQ(instant("2024-03-05T10:00:00.000000001+05:30").offset_seconds, 19800);
  EXPECT_EQ(instant("2024-03-05T23:59:59+18:00").offset_seconds, 18 * 3600);
  EXPECT_EQ(instant("2024-03-05T00:00:00-18:00").offset_seconds, -18 * 3600);
  EXPECT_EQ(instant("0001-01-01T00:00:00Z").utc_seconds, -62135596800);
  EXPECT_EQ(instant("9999-12-31T23:59:59Z").utc_seconds, 253402300799);
  // The same instant written in two offsets.
  EXPECT_EQ(instant("2024-03-05T15:00:00Z").utc_seconds, t.utc_seconds);
  EXPECT_EQ(instant("2024-03-06T00:30:00+09:30").utc_seconds, t.utc_seconds);
}

TEST(Civil, ParseDateTimeRejects) {
  for (const char* bad : {
           "",
           "2024-03-05",                    // no time
           "2024-03-05T10:00:00",           // no offset
           "2024-03-05T10:00",              // no offset
           "2024-03-05 10:00:00Z",          // space separator
           "2024-03-05T24:00:00Z",          // hour 24
           "2024-03-05T25:00:00Z",          //
           "2024-03-05T10:60:00Z",          // minute 60
           "2024-03-05T10:00:60Z",          // leap second
           "2024-03-05T10:00:00+18:01",     // beyond ±18:00
           "2024-03-05T10:00:00-19:00",     //
           "2024-03-05T10:00:00+05:60",     // offset minutes
           "2024-03-05T10:00:00+0500",      // offset without colon
           "2024-03-05T10:00:00+05",        // offset without minutes
           "2024-03-05T10:00:00.Z",         // empty fraction
           "2024-03-05T10:00.5Z",           // fraction without seconds
           "2024-03-05T10:00:00Z ",         // trailing space
           "2024-03-05T10:00:00ZZ",         //
           "2024-03-05T1:00:00Z",           // one-digit hour
           "2024-03-05T10:0:00Z",           //
           "2023-02-30T10:00:00Z",          // impossible date
           "0000-12-31T10:00:00Z",          // year 0
           "2024-03-05T10:00:00 -05:00",    //
           "2024-03-05T10:00:00UTC",        //
           "2024-03-05T10:00:00+05:00:00",  // offset seconds
       }) {
    EXPECT_FALSE(parse_datetime(bad)) << bad;
  }
}

TEST(Civil, FormatDateTime) {
  EXPECT_EQ(format_datetime(DateTime{0, 0}), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(format_datetime(DateTime{-1, 0}), "1969-12-31T23:59:59+00:00");
  EXPECT_EQ(format_datetime(DateTime{1709650800, -18000}), "2024-03-05T10:00:00-05:00");
  EXPECT_EQ(format_datetime(DateTime{1709650800, 0}), "2024-03-05T15:00:00+00:00");
  EXPECT_EQ(format_datetime(DateTime{1709650800, 34200}), "2024-03-06T00:30:00+09:30");
  EXPECT_EQ(format_datetime(DateTime{0, -17762}), "1969-12-31T19:03:58-04:56:02");  // LMT-like
}

TEST(Civil, DateTimeRoundTrips) {
  for (const char* text :
       {"2024-03-05T10:00:00-05:00", "2024-03-12T10:00:00-04:00", "1970-01-01T00:00:00+00:00",
        "1969-12-31T23:59:59+00:00", "2000-02-29T12:34:56+05:45", "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59+00:00", "2038-01-19T03:14:08+00:00", "2024-12-31T23:59:59-18:00",
        "2024-01-01T00:00:00+18:00", "1900-03-01T00:00:00-03:30"}) {
    const DateTime t = instant(text);
    EXPECT_EQ(format_datetime(t), text);
    EXPECT_EQ(parse_datetime(format_datetime(t)), t);
  }
  EXPECT_EQ(format_datetime(instant("2024-03-05T10:00:00Z")), "2024-03-05T10:00:00+00:00");
  EXPECT_EQ(format_datetime(instant("2024-03-05T10:00-05:00")), "2024-03-05T10:00:00-05:00");
  EXPECT_EQ(format_datetime(instant("2024-03-05T10:00:07.75-05:00")), "2024-03-05T10:00:07-05:00");
}

TEST(Civil, LocalDate) {
  EXPECT_EQ(format_date(local_date(instant("2024-03-05T23:30:00-05:00"))), "2024-03-05");
  EXPECT_EQ(format_date(local_date(instant("2024-03-06T04:30:00Z"))), "2024-03-06");
  EXPECT_EQ(format_date(local_date(instant("2024-03-06T00:00:00+14:00"))), "2024-03-06");
  EXPECT_EQ(format_date(local_date(instant("1969-12-31T23:59:59Z"))), "1969-12-31");
  EXPECT_EQ(format_date(local_date(instant("1970-01-01T00:00:00+01:00"))), "1970-01-01");
}

}  // namespace
}  // namespace writ::cal
