#include "calendar/time_zone.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace writ::cal {
namespace {

int64_t utc(std::string_view text) {
  const auto t = parse_datetime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t ? t->utc_seconds : 0;
}

Days date(std::string_view text) {
  return parse_date(text).value_or(0);
}

TimeZone zone(const std::string& name) {
  auto z = TimeZone::locate(name);
  EXPECT_TRUE(z.ok()) << name << ": " << (z.ok() ? "" : z.error().message);
  return z.ok() ? *z : TimeZone{};
}

TEST(TimeZone, UnknownZoneIsAnErrorNotAnException) {
  for (const char* name : {"Nowhere/Foo", "", "america/new_york", "../../etc/passwd",
                           "America/New_York ", "EST5EDT,M3.2.0,M11.1.0"}) {
    const auto z = TimeZone::locate(name);
    ASSERT_FALSE(z.ok()) << name;
    EXPECT_EQ(z.error().code, ErrorCode::kNotFound);
    EXPECT_NE(z.error().message.find(name), std::string::npos) << z.error().message;
  }
}

TEST(TimeZone, LocatesNamedZones) {
  EXPECT_EQ(zone("America/New_York").name(), "America/New_York");
  EXPECT_EQ(zone("UTC").offset_at(0), 0);
  // A link to another zone.
  EXPECT_EQ(zone("US/Eastern").offset_at(utc("2024-07-01T00:00:00Z")), -4 * 3600);
}

TEST(TimeZone, NewYorkOffsets) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.offset_at(utc("2024-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2024-07-15T12:00:00Z")), -4 * 3600);
  // Spring forward: 2024-03-10 02:00 EST = 07:00Z.
  EXPECT_EQ(ny.offset_at(utc("2024-03-10T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2024-03-10T07:00:00Z")), -4 * 3600);
  // Fall back: 2024-11-03 02:00 EDT = 06:00Z.
  EXPECT_EQ(ny.offset_at(utc("2024-11-03T05:59:59Z")), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2024-11-03T06:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("1970-07-01T12:00:00Z")), -4 * 3600);
}

TEST(TimeZone, RulesAfterTheLastListedTransition) {
  // The compiled tz files list transitions to 2037; later years come from the POSIX TZ rule
  // ("EST5EDT,M3.2.0,M11.1.0") that time_zone.cc applies itself.
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.offset_at(utc("2037-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2037-12-01T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2038-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2050-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2050-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2100-07-01T12:00:00Z")), -4 * 3600);
  // 2100-03-14 is the second Sunday of March 2100: 02:00 EST = 07:00Z.
  EXPECT_EQ(ny.offset_at(utc("2100-03-14T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc("2100-03-14T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.start_of_day(date("2100-03-15")), utc("2100-03-15T00:00:00-04:00"));
  // Southern hemisphere: Sydney is on daylight time in January 2060, standard time in July.
  const TimeZone sydney = zone("Australia/Sydney");
  EXPECT_EQ(sydney.offset_at(utc("2060-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(sydney.offset_at(utc("2060-07-15T00:00:00Z")), 10 * 3600);
  // A zone without daylight saving time.
  EXPECT_EQ(zone("Asia/Tokyo").offset_at(utc("2080-07-01T00:00:00Z")), 9 * 3600);
}

TEST(TimeZone, ExtremeInstantsDoNotBreak) {
  const TimeZone ny = zone("America/New_York");
  (void)ny.offset_at(std::numeric_limits<int64_t>::min());
  (void)ny.offset_at(std::numeric_limits<int64_t>::max());
  (void)ny.start_of_day(std::numeric_limits<Days>::min());
  (void)ny.start_of_day(std::numeric_limits<Days>::max());
  EXPECT_EQ(ny.offset_at(utc("9999-07-01T00:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc("9999-12-31T23:59:59Z")), -5 * 3600);
}

TEST(TimeZone, DefaultConstructedIsUtc) {
  const TimeZone none;
  EXPECT_EQ(none.offset_at(1709650800), 0);
  EXPECT_EQ(none.start_of_day(1), 86400);
}

TEST(TimeZone, ToLocal) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(format_datetime(ny.to_local(utc("2024-03-05T15:00:00Z"))), "2024-03-05T10:00:00-05:00");
  EXPECT_EQ(format_datetime(ny.to_local(utc("2024-07-04T16:00:00Z"))), "2024-07-04T12:00:00-04:00");
  // The repeated hour at the fall-back transition: the same local time, two offsets.
  EXPECT_EQ(format_datetime(ny.to_local(utc("2024-11-03T05:30:00Z"))), "2024-11-03T01:30:00-04:00");
  EXPECT_EQ(format_datetime(ny.to_local(utc("2024-11-03T06:30:00Z"))), "2024-11-03T01:30:00-05:00");
  EXPECT_EQ(format_datetime(zone("Asia/Kolkata").to_local(utc("2024-03-05T15:00:00Z"))),
            "2024-03-05T20:30:00+05:30");
}

TEST(TimeZone, StartOfDay) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.start_of_day(date("2024-03-05")), utc("2024-03-05T00:00:00-05:00"));
  EXPECT_EQ(ny.start_of_day(date("2024-07-04")), utc("2024-07-04T00:00:00-04:00"));
  // Day lengths across the 2024 transitions: 23 hours on 2024-03-10, 25 on 2024-11-03.
  EXPECT_EQ(ny.start_of_day(date("2024-03-11")) - ny.start_of_day(date("2024-03-10")), 23 * 3600);
  EXPECT_EQ(ny.start_of_day(date("2024-11-04")) - ny.start_of_day(date("2024-11-03")), 25 * 3600);
  EXPECT_EQ(ny.start_of_day(date("2024-03-12")) - ny.start_of_day(date("2024-03-11")), 24 * 3600);
}

TEST(TimeZone, StartOfDayWhenMidnightIsSkippedOrRepeated) {
  // Havana springs forward at midnight: 2024-03-10 starts at 01:00 CDT (05:00Z).
  const TimeZone havana = zone("America/Havana");
  EXPECT_EQ(havana.start_of_day(date("2024-03-10")), utc("2024-03-10T05:00:00Z"));
  EXPECT_EQ(format_datetime(havana.to_local(havana.start_of_day(date("2024-03-10")))),
            "2024-03-10T01:00:00-04:00");
  // and falls back at 01:00 to 00:00 on 2024-11-03: midnight happens twice; the day starts at
  // the first.
  EXPECT_EQ(havana.start_of_day(date("2024-11-03")), utc("2024-11-03T00:00:00-04:00"));
  EXPECT_EQ(havana.start_of_day(date("2024-11-04")) - havana.start_of_day(date("2024-11-03")),
            25 * 3600);
  // Santiago: 2024-09-08 starts at 01:00 -03; 2024-04-06 (Saturday) lasts 25 hours.
  const TimeZone santiago = zone("America/Santiago");
  EXPECT_EQ(santiago.start_of_day(date("2024-09-08")), utc("2024-09-08T04:00:00Z"));
  EXPECT_EQ(santiago.start_of_day(date("2024-04-07")) - santiago.start_of_day(date("2024-04-06")),
            25 * 3600);
  // Cairo: Friday 2024-04-26 starts at 01:00 EEST; Thursday 2024-10-31 lasts 25 hours.
  const TimeZone cairo = zone("Africa/Cairo");
  EXPECT_EQ(cairo.start_of_day(date("2024-04-26")), utc("2024-04-25T22:00:00Z"));
  EXPECT_EQ(cairo.start_of_day(date("2024-04-27")) - cairo.start_of_day(date("2024-04-26")),
            23 * 3600);
  EXPECT_EQ(cairo.start_of_day(date("2024-11-01")) - cairo.start_of_day(date("2024-10-31")),
            25 * 3600);
}

TEST(TimeZone, DaySkippedAtTheDateLine) {
  // Samoa skipped Friday 2011-12-30: Thursday 23:59:59 (-10:00) was followed by Saturday 00:00
  // (+14:00) at 10:00Z. The skipped day is empty: it starts where the next one does.
  const TimeZone apia = zone("Pacific/Apia");
  EXPECT_EQ(apia.start_of_day(date("2011-12-31")), utc("2011-12-30T10:00:00Z"));
  EXPECT_EQ(apia.start_of_day(date("2011-12-30")), utc("2011-12-30T10:00:00Z"));
  EXPECT_EQ(apia.start_of_day(date("2011-12-29")), utc("2011-12-29T00:00:00-10:00"));
}

}  // namespace
}  // namespace writ::cal
