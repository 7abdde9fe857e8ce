#include "calendar/business_time.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace writ::cal {
namespace {

const HolidayCalendar& ny_holidays() {
  static const HolidayCalendar cal = [] {
    auto c = HolidayCalendar::load_file(std::string(WRIT_SOURCE_DIR) +
                                        "/calendars/us-ny-gcl-24.holidays");
    if (!c.ok()) ADD_FAILURE() << c.error().message;
    return c.ok() ? std::move(*c) : HolidayCalendar{};
  }();
  return cal;
}

const HolidayCalendar& no_holidays() {
  static const HolidayCalendar cal = [] {
    auto c = HolidayCalendar::parse("calendar weekends-only\n", "test");
    return c.ok() ? std::move(*c) : HolidayCalendar{};
  }();
  return cal;
}

TimeZone zone(const std::string& name) {
  auto z = TimeZone::locate(name);
  EXPECT_TRUE(z.ok()) << name;
  return z.ok() ? *z : TimeZone{};
}

const TimeZone& nyc() {
  static const TimeZone z = zone("America/New_York");
  return z;
}

DateTime at(std::string_view text) {
  const auto t = parse_datetime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(DateTime{});
}

// add_business_hours in New York under General Construction Law § 24, formatted.
std::string nyc_plus(std::string_view start, int64_t hours) {
  return format_datetime(add_business_hours(at(start), hours, ny_holidays(), nyc()));
}

TEST(BusinessTime, WithinTheWeek) {
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", 48), "2024-03-07T10:00:00-05:00");  // Tue
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", 1), "2024-03-05T11:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", 14), "2024-03-06T00:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-03-04T00:00:00-05:00", int64_t{24} * 5), "2024-03-09T00:00:00-05:00");
}

TEST(BusinessTime, SkipsTheWeekendAndSpringForward) {
  // Friday 10:00 + 48 h: 14 h on Friday, Saturday and Sunday (the 23-hour DST day) skipped,
  // 24 h on Monday, 10 h on Tuesday, now on daylight time.
  EXPECT_EQ(nyc_plus("2024-03-08T10:00:00-05:00", 48), "2024-03-12T10:00:00-04:00");
  EXPECT_EQ(nyc_plus("2024-03-08T10:00:00-05:00", 14), "2024-03-09T00:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-03-08T10:00:00-05:00", 15), "2024-03-11T01:00:00-04:00");
}

TEST(BusinessTime, SkipsTheWeekendFallBackAndElectionDay) {
  // Friday 2024-11-01 10:00 EDT + 48 h: 14 h Friday; Saturday, Sunday (25-hour day) skipped;
  // 24 h Monday 11-04 (EST); Tuesday 11-05 is general election day, skipped; 10 h Wednesday.
  EXPECT_EQ(nyc_plus("2024-11-01T10:00:00-04:00", 48), "2024-11-06T10:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-11-01T10:00:00-04:00", 38), "2024-11-05T00:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-11-01T10:00:00-04:00", 39), "2024-11-06T01:00:00-05:00");
}

TEST(BusinessTime, SkipsHolidays) {
  // Lincoln's birthday, Monday 2024-02-12: Friday 2024-02-09 10:00 + 24 h.
  EXPECT_EQ(nyc_plus("2024-02-09T10:00:00-05:00", 24), "2024-02-13T10:00:00-05:00");
  // Christmas 2022 was a Sunday, so Monday 2022-12-26 is a holiday too.
  EXPECT_EQ(nyc_plus("2022-12-23T10:00:00-05:00", 24), "2022-12-27T10:00:00-05:00");
  // Christmas 2021 was a Saturday: Friday 2021-12-24 and Monday 2021-12-27 both count.
  EXPECT_EQ(nyc_plus("2021-12-23T10:00:00-05:00", 24), "2021-12-24T10:00:00-05:00");
  EXPECT_EQ(nyc_plus("2021-12-24T10:00:00-05:00", 24), "2021-12-27T10:00:00-05:00");
  // Thanksgiving 2024 (Thursday 11-28).
  EXPECT_EQ(nyc_plus("2024-11-27T10:00:00-05:00", 24), "2024-11-29T10:00:00-05:00");
  // Juneteenth 2024 (Wednesday) and Independence Day 2024 (Thursday).
  EXPECT_EQ(nyc_plus("2024-06-18T10:00:00-04:00", 48), "2024-06-21T10:00:00-04:00");
  EXPECT_EQ(nyc_plus("2024-07-03T12:00:00-04:00", 24), "2024-07-05T12:00:00-04:00");
  // A day appointed by the President: Thursday 2025-01-09.
  EXPECT_EQ(nyc_plus("2025-01-08T10:00:00-05:00", 24), "2025-01-10T10:00:00-05:00");
  // A run of excluded days: Sat 2022-12-24, Sun 12-25, Mon 12-26 (observed).
  EXPECT_EQ(nyc_plus("2022-12-23T23:00:00-05:00", 2), "2022-12-27T01:00:00-05:00");
}

TEST(BusinessTime, StartOnAnExcludedDayBeginsAtTheNextIncludedMidnight) {
  EXPECT_EQ(nyc_plus("2024-03-09T10:00:00-05:00", 48), "2024-03-13T00:00:00-04:00");  // Sat
  EXPECT_EQ(nyc_plus("2024-03-10T15:00:00-04:00", 1), "2024-03-11T01:00:00-04:00");   // Sun
  EXPECT_EQ(nyc_plus("2024-02-12T09:00:00-05:00", 24), "2024-02-14T00:00:00-05:00");  // Lincoln
  EXPECT_EQ(nyc_plus("2024-11-05T09:00:00-05:00", 10), "2024-11-06T10:00:00-05:00");  // election
}

TEST(BusinessTime, ZeroAndNegativeHours) {
  // On an included day nothing moves (the result is re-expressed in the zone's offset).
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", 0), "2024-03-05T10:00:00-05:00");
  EXPECT_EQ(nyc_plus("2024-03-05T15:00:00Z", 0), "2024-03-05T10:00:00-05:00");
  // On an excluded day counting begins at the next included day's midnight, even for 0 hours.
  EXPECT_EQ(nyc_plus("2024-03-09T10:00:00-05:00", 0), "2024-03-11T00:00:00-04:00");
  // Negative counts are treated as 0.
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", -5), "2024-03-05T10:00:00-05:00");
}

TEST(BusinessTime, StartWrittenInAnotherOffset) {
  // 2024-03-08T15:00Z is Friday 10:00 in New York; the result comes back in New York's offset.
  EXPECT_EQ(nyc_plus("2024-03-08T15:00:00Z", 48), "2024-03-12T10:00:00-04:00");
  // Saturday 02:00 in Paris is still Friday 20:00 in New York: 4 h of Friday count.
  EXPECT_EQ(nyc_plus("2024-03-09T02:00:00+01:00", 5), "2024-03-11T01:00:00-04:00");
}

TEST(BusinessTime, LongCounts) {
  // 120 h from Monday 2024-12-02 00:00: the full week Mon..Fri.
  EXPECT_EQ(nyc_plus("2024-12-02T00:00:00-05:00", 120), "2024-12-07T00:00:00-05:00");
  // 240 h from Monday 2024-12-16: Christmas (Wed 12-25) is skipped; two weeks less one day,
  // plus 24 h of Monday 12-30.
  EXPECT_EQ(nyc_plus("2024-12-16T00:00:00-05:00", 240), "2024-12-31T00:00:00-05:00");
  // Over New Year's Day 2025 (Wednesday).
  EXPECT_EQ(nyc_plus("2024-12-31T12:00:00-05:00", 24), "2025-01-02T12:00:00-05:00");
}

TEST(BusinessTime, HugeCountsAreBounded) {
  // Counts above kMaxBusinessHours are clamped to it (and finish quickly).
  const std::string capped = nyc_plus("2024-03-05T10:00:00-05:00", kMaxBusinessHours);
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", kMaxBusinessHours + 1), capped);
  EXPECT_EQ(nyc_plus("2024-03-05T10:00:00-05:00", std::numeric_limits<int64_t>::max()), capped);
  EXPECT_GT(capped, "2180");
  // A count running past the end of year 9999 stops at 10000-01-01.
  EXPECT_EQ(nyc_plus("9999-12-01T10:00:00-05:00", int64_t{24} * 1000),
            "+10000-01-01T00:00:00-05:00");
  EXPECT_EQ(nyc_plus("9999-12-31T10:00:00-05:00", 15), "+10000-01-01T00:00:00-05:00");
  // 9999-12-31 is a Friday: 14 hours of it remain at 10:00.
  EXPECT_EQ(nyc_plus("9999-12-31T10:00:00-05:00", 13), "9999-12-31T23:00:00-05:00");
}

TEST(BusinessTime, DaylightSavingDaysCountTheirRealLength) {
  // In Cairo clocks change on weekdays. Friday 2024-04-26 lasts 23 hours (00:00 -> 01:00).
  const TimeZone cairo = zone("Africa/Cairo");
  auto plus = [&](std::string_view start, int64_t hours) {
    return format_datetime(add_business_hours(at(start), hours, no_holidays(), cairo));
  };
  // Thursday 12:00 + 12 h = Friday's start, which is 01:00 EEST.
  EXPECT_EQ(plus("2024-04-25T12:00:00+02:00", 12), "2024-04-26T01:00:00+03:00");
  // Thursday 12:00 + 35 h = 12 h Thursday + all 23 h of Friday: Saturday 00:00.
  EXPECT_EQ(plus("2024-04-25T12:00:00+02:00", 35), "2024-04-27T00:00:00+03:00");
  // + 36 h: Friday is used up, the weekend skipped, 1 h on Monday.
  EXPECT_EQ(plus("2024-04-25T12:00:00+02:00", 36), "2024-04-29T01:00:00+03:00");
  // Thursday 2024-10-31 lasts 25 hours (23:00 EEST falls back to 22:00 EET ... at 24:00).
  EXPECT_EQ(plus("2024-10-31T00:00:00+03:00", 24), "2024-10-31T23:00:00+02:00");
  EXPECT_EQ(plus("2024-10-31T00:00:00+03:00", 25), "2024-11-01T00:00:00+02:00");
  EXPECT_EQ(plus("2024-10-30T12:00:00+03:00", 37), "2024-11-01T00:00:00+02:00");
  EXPECT_EQ(plus("2024-10-30T12:00:00+03:00", 38), "2024-11-01T01:00:00+02:00");
}

TEST(BusinessTime, MidnightSkippedByDaylightSaving) {
  // Cairo skips from 00:00 to 01:00 on Friday 2024-04-26: Thursday 23:30 EET + 1 h is Friday
  // 01:30 EEST (real time runs straight through the gap).
  const TimeZone cairo = zone("Africa/Cairo");
  EXPECT_EQ(
      format_datetime(add_business_hours(at("2024-04-25T23:30:00+02:00"), 1, no_holidays(), cairo)),
      "2024-04-26T01:30:00+03:00");
  // A start on the weekend before begins at Monday's midnight.
  EXPECT_EQ(
      format_datetime(add_business_hours(at("2024-04-27T12:00:00+03:00"), 2, no_holidays(), cairo)),
      "2024-04-29T02:00:00+03:00");
}

TEST(BusinessTime, DaySkippedAtTheDateLine) {
  // Samoa skipped Friday 2011-12-30: it contributes no time at all.
  const TimeZone apia = zone("Pacific/Apia");
  EXPECT_EQ(
      format_datetime(add_business_hours(at("2011-12-29T20:00:00-10:00"), 5, no_holidays(), apia)),
      "2012-01-02T01:00:00+14:00");
}

}  // namespace
}  // namespace writ::cal
