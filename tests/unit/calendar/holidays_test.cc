#include "calendar/holiday_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace writ::cal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Listing = std::map<std::string, std::vector<std::string>>;  // date -> holiday names

Days date(std::string_view text) {
  const auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

const HolidayCalendar& load(const std::string& id) {
  static std::map<std::string, HolidayCalendar> loaded;
  auto it = loaded.find(id);
  if (it == loaded.end()) {
    auto cal =
        HolidayCalendar::load_file(std::string(WRIT_SOURCE_DIR) + "/calendars/" + id + ".holidays");
    if (!cal.ok()) ADD_FAILURE() << cal.error().message;
    it = loaded.emplace(id, cal.ok() ? std::move(*cal) : HolidayCalendar{}).first;
  }
  return it->second;
}

const HolidayCalendar& ny() {
  return load("us-ny-gcl-24");
}
const HolidayCalendar& federal() {
  return load("us-federal");
}

// Every holiday of a calendar year, by date.
Listing holidays_in(const HolidayCalendar& cal, int year) {
  Listing out;
  for (Days d = date(std::to_string(year) + "-01-01"); ymd_from_days(d).year == year; ++d) {
    auto names = cal.holidays_on(d);
    if (!names.empty()) out[format_date(d)] = std::move(names);
  }
  return out;
}

HolidayCalendar parse_ok(std::string_view text) {
  auto cal = HolidayCalendar::parse(text, "test.holidays");
  EXPECT_TRUE(cal.ok()) << (cal.ok() ? "" : cal.error().message);
  return cal.ok() ? std::move(*cal) : HolidayCalendar{};
}

std::string parse_error(std::string_view text) {
  const auto cal = HolidayCalendar::parse(text, "bad.holidays");
  if (cal.ok()) return "(parsed without error)";
  EXPECT_EQ(cal.error().code, ErrorCode::kInvalidPolicy);
  return cal.error().message;
}

// --- the bundled calendars ---------------------------------------------------------------

TEST(BundledCalendars, Load) {
  EXPECT_EQ(ny().id(), "us-ny-gcl-24");
  EXPECT_THAT(ny().title(), HasSubstr("General Construction Law § 24"));
  EXPECT_THAT(ny().sources(), ElementsAre(HasSubstr("ch. 249"), HasSubstr("8-100")));
  EXPECT_EQ(federal().id(), "us-federal");
  EXPECT_THAT(federal().title(), HasSubstr("6103"));
}

TEST(NewYork, Holidays2024) {
  const Listing expected = {
      {"2024-01-01", {"New Year's Day"}},
      {"2024-01-15", {"Dr. Martin Luther King, Jr. Day"}},
      {"2024-02-12", {"Lincoln's Birthday"}},
      {"2024-02-19", {"Washington's Birthday"}},
      {"2024-05-27", {"Memorial Day"}},
      {"2024-06-09", {"Flag Day"}},
      {"2024-06-19", {"Juneteenth"}},
      {"2024-07-04", {"Independence Day"}},
      {"2024-09-02", {"Labor Day"}},
      {"2024-10-14", {"Columbus Day"}},
      {"2024-11-05", {"General Election Day"}},
      {"2024-11-11", {"Veterans' Day"}},
      {"2024-11-28", {"Thanksgiving Day"}},
      {"2024-12-25", {"Christmas Day"}},
  };
  EXPECT_EQ(holidays_in(ny(), 2024), expected);
}

TEST(NewYork, Holidays2025) {
  const Listing expected = {
      {"2025-01-01", {"New Year's Day"}},
      {"2025-01-09",
       {"National Day of Mourning for President Jimmy Carter (appointed by the President)"}},
      {"2025-01-20", {"Dr. Martin Luther King, Jr. Day"}},
      {"2025-02-12", {"Lincoln's Birthday"}},
      {"2025-02-17", {"Washington's Birthday"}},
      {"2025-05-26", {"Memorial Day"}},
      {"2025-06-08", {"Flag Day"}},
      {"2025-06-19", {"Juneteenth"}},
      {"2025-07-04", {"Independence Day"}},
      {"2025-09-01", {"Labor Day"}},
      {"2025-10-13", {"Columbus Day"}},
      {"2025-11-04", {"General Election Day"}},
      {"2025-11-11", {"Veterans' Day"}},
      {"2025-11-27", {"Thanksgiving Day"}},
      {"2025-12-25", {"Christmas Day"}},
  };
  EXPECT_EQ(holidays_in(ny(), 2025), expected);
}

TEST(NewYork, Holidays2023WithSundayShifts) {
  const Listing expected = {
      {"2023-01-01", {"New Year's Day"}},             // a Sunday ...
      {"2023-01-02", {"New Year's Day (observed)"}},  // ... so the Monday too
      {"2023-01-16", {"Dr. Martin Luther King, Jr. Day"}},
      {"2023-02-12", {"Lincoln's Birthday"}},
      {"2023-02-13", {"Lincoln's Birthday (observed)"}},
      {"2023-02-20", {"Washington's Birthday"}},
      {"2023-05-29", {"Memorial Day"}},
      {"2023-06-11", {"Flag Day"}},
      {"2023-06-19", {"Juneteenth"}},
      {"2023-07-04", {"Independence Day"}},
      {"2023-09-04", {"Labor Day"}},
      {"2023-10-09", {"Columbus Day"}},
      {"2023-11-07", {"General Election Day"}},
      {"2023-11-11", {"Veterans' Day"}},  // a Saturday: not moved
      {"2023-11-23", {"Thanksgiving Day"}},
      {"2023-12-25", {"Christmas Day"}},
  };
  EXPECT_EQ(holidays_in(ny(), 2023), expected);
}

TEST(NewYork, SundayHolidaysAreAlsoObservedOnMonday) {
  EXPECT_THAT(ny().holidays_on(date("2022-12-25")), ElementsAre("Christmas Day"));
  EXPECT_THAT(ny().holidays_on(date("2022-12-26")), ElementsAre("Christmas Day (observed)"));
  EXPECT_THAT(ny().holidays_on(date("2022-06-19")), ElementsAre("Juneteenth"));
  EXPECT_THAT(ny().holidays_on(date("2022-06-20")), ElementsAre("Juneteenth (observed)"));
  EXPECT_THAT(ny().holidays_on(date("2021-07-05")), ElementsAre("Independence Day (observed)"));
  EXPECT_THAT(ny().holidays_on(date("2018-11-12")), ElementsAre("Veterans' Day (observed)"));
  EXPECT_TRUE(ny().is_holiday(date("2023-01-02")));
  EXPECT_TRUE(ny().is_excluded_day(date("2022-12-26")));
}

TEST(NewYork, SaturdayHolidaysDoNotMove) {
  // Christmas 2021 was a Saturday: § 24 has no Saturday rule.
  EXPECT_TRUE(ny().is_holiday(date("2021-12-25")));
  EXPECT_FALSE(ny().is_holiday(date("2021-12-24")));
  EXPECT_FALSE(ny().is_holiday(date("2021-12-27")));
  // Juneteenth 2021 (its first year here) was a Saturday.
  EXPECT_TRUE(ny().is_holiday(date("2021-06-19")));
  EXPECT_FALSE(ny().is_holiday(date("2021-06-18")));
  EXPECT_FALSE(ny().is_holiday(date("2021-06-21")));
  // New Year's Day 2022 was a Saturday.
  EXPECT_FALSE(ny().is_holiday(date("2021-12-31")));
  EXPECT_FALSE(ny().is_holiday(date("2022-01-03")));
  // Veterans' Day 2023.
  EXPECT_FALSE(ny().is_holiday(date("2023-11-10")));
  EXPECT_FALSE(ny().is_holiday(date("2023-11-13")));
}

TEST(NewYork, FlagDayNeverMoves) {
  EXPECT_THAT(ny().holidays_on(date("2024-06-09")), ElementsAre("Flag Day"));
  EXPECT_FALSE(ny().is_holiday(date("2024-06-10")));
  EXPECT_FALSE(ny().is_holiday(date("2025-06-09")));
}

TEST(NewYork, JuneteenthFrom2021) {
  EXPECT_FALSE(ny().is_holiday(date("2020-06-19")));
  EXPECT_FALSE(ny().is_holiday(date("2019-06-19")));
  EXPECT_TRUE(ny().is_holiday(date("2021-06-19")));
  EXPECT_TRUE(ny().is_holiday(date("2100-06-19")));
}

TEST(NewYork, GeneralElectionDayIsTheTuesdayAfterTheFirstMonday) {
  EXPECT_TRUE(ny().is_holiday(date("2020-11-03")));
  EXPECT_TRUE(ny().is_holiday(date("2021-11-02")));
  EXPECT_TRUE(ny().is_holiday(date("2022-11-08")));  // 1 November 2022 was a Tuesday
  EXPECT_FALSE(ny().is_holiday(date("2022-11-01")));
  EXPECT_TRUE(ny().is_holiday(date("2023-11-07")));
  EXPECT_TRUE(ny().is_holiday(date("2026-11-03")));
  EXPECT_TRUE(ny().is_holiday(date("1970-11-03")));
  EXPECT_TRUE(ny().is_holiday(date("2100-11-02")));
}

TEST(NewYork, DaysAppointedByThePresident) {
  EXPECT_THAT(ny().holidays_on(date("2018-12-05")), ElementsAre(HasSubstr("George H. W. Bush")));
  EXPECT_THAT(ny().holidays_on(date("2025-01-09")), ElementsAre(HasSubstr("Jimmy Carter")));
  EXPECT_THAT(ny().holidays_on(date("2004-06-11")), ElementsAre(HasSubstr("Ronald Reagan")));
  EXPECT_THAT(ny().holidays_on(date("2007-01-02")), ElementsAre(HasSubstr("Gerald R. Ford")));
  EXPECT_FALSE(ny().is_holiday(date("2018-12-06")));
}

TEST(NewYork, EveryRuleInEveryYearFrom1970To2100) {
  // Each statutory day occurs exactly once a year, on the right weekday.
  const std::map<std::string, int> weekday_of = {{"Dr. Martin Luther King, Jr. Day", 1},
                                                 {"Washington's Birthday", 1},
                                                 {"Memorial Day", 1},
                                                 {"Flag Day", 0},
                                                 {"Labor Day", 1},
                                                 {"Columbus Day", 1},
                                                 {"Thanksgiving Day", 4},
                                                 {"General Election Day", 2}};
  for (int year = 1970; year <= 2100; ++year) {
    std::map<std::string, int> count;
    for (const auto& [day, names] : holidays_in(ny(), year)) {
      for (const auto& name : names) {
        ++count[name];
        const auto it = weekday_of.find(name);
        if (it != weekday_of.end()) {
          EXPECT_EQ(static_cast<int>(weekday(date(day))), it->second) << name << " " << day;
        }
        if (name.find("(observed)") != std::string::npos) {
          EXPECT_EQ(weekday(date(day)), 1u) << name << " " << day;  // always a Monday
        }
      }
    }
    for (const char* name :
         {"New Year's Day", "Dr. Martin Luther King, Jr. Day", "Lincoln's Birthday",
          "Washington's Birthday", "Memorial Day", "Flag Day", "Independence Day", "Labor Day",
          "Columbus Day", "Veterans' Day", "Thanksgiving Day", "Christmas Day",
          "General Election Day"}) {
      EXPECT_EQ(count[name], 1) << name << " " << year;
    }
    EXPECT_EQ(count["Juneteenth"], year >= 2021 ? 1 : 0) << year;
  }
}

// --- federal -------------------------------------------------------------------------------

TEST(Federal, Holidays2024) {
  const Listing expected = {
      {"2024-01-01", {"New Year's Day"}},
      {"2024-01-15", {"Birthday of Martin Luther King, Jr."}},
      {"2024-02-19", {"Washington's Birthday"}},
      {"2024-05-27", {"Memorial Day"}},
      {"2024-06-19", {"Juneteenth National Independence Day"}},
      {"2024-07-04", {"Independence Day"}},
      {"2024-09-02", {"Labor Day"}},
      {"2024-10-14", {"Columbus Day"}},
      {"2024-11-11", {"Veterans Day"}},
      {"2024-11-28", {"Thanksgiving Day"}},
      {"2024-12-25", {"Christmas Day"}},
  };
  EXPECT_EQ(holidays_in(federal(), 2024), expected);
}

TEST(Federal, Holidays2021WithShiftsBothWays) {
  // OPM's 2021 list (Inauguration Day, 20 January, is not a national holiday).
  const Listing expected = {
      {"2021-01-01", {"New Year's Day"}},
      {"2021-01-18", {"Birthday of Martin Luther King, Jr."}},
      {"2021-02-15", {"Washington's Birthday"}},
      {"2021-05-31", {"Memorial Day"}},
      {"2021-06-18", {"Juneteenth National Independence Day (observed)"}},
      {"2021-06-19", {"Juneteenth National Independence Day"}},
      {"2021-07-04", {"Independence Day"}},
      {"2021-07-05", {"Independence Day (observed)"}},
      {"2021-09-06", {"Labor Day"}},
      {"2021-10-11", {"Columbus Day"}},
      {"2021-11-11", {"Veterans Day"}},
      {"2021-11-25", {"Thanksgiving Day"}},
      {"2021-12-24", {"Christmas Day (observed)"}},
      {"2021-12-25", {"Christmas Day"}},
      {"2021-12-31", {"New Year's Day (observed)"}},  // New Year's Day 2022, a Saturday
  };
  EXPECT_EQ(holidays_in(federal(), 2021), expected);
}

TEST(Federal, ObservedDays) {
  EXPECT_THAT(federal().holidays_on(date("2023-01-02")), ElementsAre("New Year's Day (observed)"));
  EXPECT_THAT(federal().holidays_on(date("2023-11-10")), ElementsAre("Veterans Day (observed)"));
  EXPECT_THAT(federal().holidays_on(date("2022-12-26")), ElementsAre("Christmas Day (observed)"));
  EXPECT_THAT(federal().holidays_on(date("2022-06-20")),
              ElementsAre("Juneteenth National Independence Day (observed)"));
  EXPECT_FALSE(federal().is_holiday(date("2021-01-20")));  // Inauguration Day excluded
  EXPECT_FALSE(federal().is_holiday(date("2025-01-09")));  // a closure, not a § 6103 holiday
  EXPECT_FALSE(federal().is_holiday(date("2024-02-12")));  // Lincoln's birthday is New York's
  EXPECT_FALSE(federal().is_holiday(date("2024-11-05")));  // so is election day
}

TEST(Federal, History) {
  EXPECT_FALSE(federal().is_holiday(date("1985-01-21")));
  EXPECT_TRUE(federal().is_holiday(date("1986-01-20")));  // the first federal MLK holiday
  EXPECT_TRUE(federal().is_holiday(date("1970-02-23")));  // 22 Feb 1970, a Sunday: observed
  EXPECT_TRUE(federal().is_holiday(date("1970-05-30")));
  EXPECT_FALSE(federal().is_holiday(date("1970-10-12")));  // no Columbus Day before 1971
  EXPECT_TRUE(federal().is_holiday(date("1971-10-11")));
  EXPECT_TRUE(federal().is_holiday(date("1971-10-25")));  // Veterans Day, 4th Monday of October
  EXPECT_FALSE(federal().is_holiday(date("1971-11-11")));
  EXPECT_TRUE(federal().is_holiday(date("1977-10-24")));
  EXPECT_TRUE(federal().is_holiday(date("1978-11-10")));  // 11 Nov 1978, a Saturday: observed
  EXPECT_FALSE(federal().is_holiday(date("2020-06-19")));
}

// --- the format ------------------------------------------------------------------------------

TEST(HolidayFormat, RulesAndOptions) {
  const HolidayCalendar cal = parse_ok(R"(# leading comment
calendar test-1.x_y   # trailing comment

title "A \"quoted\" title with \\ backslash"
source "one"
source "two # not a comment"
holiday "Fixed"    fixed 03-15
holiday "Nth"      nth 2 wednesday 4          from 2020 to 2030
holiday "Last"     last friday august
holiday "Named"    nth 1 tuesday march
holiday "After"    thursday after last monday 5
holiday "Leap"     fixed 02-29
holiday "Shift"    fixed 07-20 saturday->friday sunday->monday
day 2024-08-01 "One-off"
	holiday "Tabbed"	fixed 10-01
)");
  EXPECT_EQ(cal.id(), "test-1.x_y");
  EXPECT_EQ(cal.title(), "A \"quoted\" title with \\ backslash");
  EXPECT_THAT(cal.sources(), ElementsAre("one", "two # not a comment"));
  EXPECT_THAT(cal.holidays_on(date("2024-03-15")), ElementsAre("Fixed"));
  EXPECT_THAT(cal.holidays_on(date("2024-04-10")), ElementsAre("Nth"));
  EXPECT_FALSE(cal.is_holiday(date("2019-04-10")));  // before "from"
  EXPECT_TRUE(cal.is_holiday(date("2030-04-10")));   // "to" is inclusive
  EXPECT_FALSE(cal.is_holiday(date("2031-04-09")));
  EXPECT_THAT(cal.holidays_on(date("2024-08-30")), ElementsAre("Last"));
  EXPECT_THAT(cal.holidays_on(date("2024-03-05")), ElementsAre("Named"));
  EXPECT_THAT(cal.holidays_on(date("2024-05-30")), ElementsAre("After"));  // after 27 May
  EXPECT_THAT(cal.holidays_on(date("2024-02-29")), ElementsAre("Leap"));
  EXPECT_FALSE(cal.is_holiday(date("2023-02-28")));
  EXPECT_FALSE(cal.is_holiday(date("2023-03-01")));
  EXPECT_THAT(cal.holidays_on(date("2024-07-19")), ElementsAre("Shift (observed)"));  // Sat 20th
  EXPECT_THAT(cal.holidays_on(date("2025-07-21")), ElementsAre("Shift (observed)"));  // Sun 20th
  EXPECT_THAT(cal.holidays_on(date("2024-08-01")), ElementsAre("One-off"));
  EXPECT_FALSE(cal.is_holiday(date("2025-08-01")));
  EXPECT_THAT(cal.holidays_on(date("2024-10-01")), ElementsAre("Tabbed"));
}

TEST(HolidayFormat, SeveralHolidaysOnOneDay) {
  const HolidayCalendar cal = parse_ok(
      "calendar x\nholiday \"A\" fixed 01-02\nholiday \"B\" nth 1 tuesday 1\n"
      "day 2024-01-02 \"C\"\n");
  EXPECT_THAT(cal.holidays_on(date("2024-01-02")), ElementsAre("A", "B", "C"));
}

TEST(HolidayFormat, ShiftAcrossTheYearBoundary) {
  const HolidayCalendar cal = parse_ok(
      "calendar x\nholiday \"NY\" fixed 01-01 from 2022 to 2022 saturday->friday\n"
      "holiday \"Eve\" fixed 12-31 from 2023 to 2023 sunday->monday\n");
  EXPECT_THAT(cal.holidays_on(date("2021-12-31")), ElementsAre("NY (observed)"));
  EXPECT_THAT(cal.holidays_on(date("2024-01-01")), ElementsAre("Eve (observed)"));
}

TEST(HolidayFormat, WindowsLineEndingsAndByteOrderMark) {
  const HolidayCalendar cal = parse_ok(
      "\xEF\xBB\xBF"
      "calendar x\r\nholiday \"A\" fixed 01-02\r\n");
  EXPECT_EQ(cal.id(), "x");
  EXPECT_TRUE(cal.is_holiday(date("2024-01-02")));
}

TEST(HolidayFormat, WeekendsAreExcludedDays) {
  const HolidayCalendar cal = parse_ok("calendar empty");
  EXPECT_TRUE(cal.is_excluded_day(date("2024-03-09")));   // Saturday
  EXPECT_TRUE(cal.is_excluded_day(date("2024-03-10")));   // Sunday
  EXPECT_FALSE(cal.is_excluded_day(date("2024-03-11")));  // Monday
  EXPECT_FALSE(cal.is_holiday(date("2024-03-09")));
  EXPECT_TRUE(cal.holidays_on(date("2024-03-09")).empty());
}

TEST(HolidayFormat, ErrorsNameTheOriginAndLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "bad.holidays:1: empty calendar: expected 'calendar ID'"},
      {"# only a comment\n\n", "bad.holidays:1: empty calendar"},
      {"holiday \"A\" fixed 01-01\n", "bad.holidays:1: the first directive must be 'calendar ID'"},
      {"# c\ncalendar x\ncalendar y\n", "bad.holidays:3: 'calendar' given twice"},
      {"calendar X\n", "bad.holidays:1: invalid calendar id 'X'"},
      {"calendar -x\n", "bad.holidays:1: invalid calendar id '-x'"},
      {"calendar\n", "bad.holidays:1: expected a calendar id at the end of the line"},
      {"calendar x y\n", "bad.holidays:1: unexpected 'y'"},
      {"calendar x\ntitle \"a\"\ntitle \"b\"\n", "bad.holidays:3: 'title' given twice"},
      {"calendar x\ntitle untitled\n", "bad.holidays:2: expected the title in double quotes"},
      {"calendar x\ntitle \"\"\n", "bad.holidays:2: the title must not be empty"},
      {"calendar x\n\n\nholliday \"A\" fixed 01-01\n",
       "bad.holidays:4: unknown directive 'holliday'"},
      {"calendar x\nholiday \"A\" fixed 02-30\n",
       "bad.holidays:2: 'fixed' needs a date MM-DD that exists, got '02-30'"},
      {"calendar x\nholiday \"A\" fixed 13-01\n", "bad.holidays:2: 'fixed' needs a date MM-DD"},
      {"calendar x\nholiday \"A\" fixed 1-1\n", "bad.holidays:2: 'fixed' needs a date MM-DD"},
      {"calendar x\nholiday \"A\" fixed\n",
       "bad.holidays:2: expected a date MM-DD after 'fixed' at the end of the line"},
      {"calendar x\nholiday \"A\" nth 5 monday 1\n", "bad.holidays:2: 'nth' needs a number 1..4"},
      {"calendar x\nholiday \"A\" nth 0 monday 1\n", "bad.holidays:2: 'nth' needs a number 1..4"},
      {"calendar x\nholiday \"A\" nth 3 mondy 1\n", "bad.holidays:2: unknown weekday 'mondy'"},
      {"calendar x\nholiday \"A\" nth 3 Monday 1\n", "bad.holidays:2: unknown weekday 'Monday'"},
      {"calendar x\nholiday \"A\" nth 3 monday 13\n", "bad.holidays:2: unknown month '13'"},
      {"calendar x\nholiday \"A\" last monday janvier\n",
       "bad.holidays:2: unknown month 'janvier'"},
      {"calendar x\nholiday \"A\" every monday\n", "bad.holidays:2: unknown date rule 'every'"},
      {"calendar x\nholiday \"A\" tuesday nth 1 monday 11\n",
       "bad.holidays:2: expected 'after' following the weekday, got 'nth'"},
      {"calendar x\nholiday A fixed 01-01\n",
       "bad.holidays:2: expected the holiday's name in double quotes, got 'A'"},
      {"calendar x\nholiday \"A\" fixed 01-01 from\n",
       "bad.holidays:2: expected a year after 'from'"},
      {"calendar x\nholiday \"A\" fixed 01-01 from 0\n", "bad.holidays:2: 'from' needs a year"},
      {"calendar x\nholiday \"A\" fixed 01-01 to 10000\n", "bad.holidays:2: 'to' needs a year"},
      {"calendar x\nholiday \"A\" fixed 01-01 from 2020 to 2019\n",
       "bad.holidays:2: 'from 2020' is after 'to 2019'"},
      {"calendar x\nholiday \"A\" fixed 01-01 from 2020 from 2021\n",
       "bad.holidays:2: 'from' given twice"},
      {"calendar x\nholiday \"A\" fixed 01-01 sunday->tuesday\n",
       "bad.holidays:2: unknown option 'sunday->tuesday'"},
      {"calendar x\nholiday \"A\" fixed 01-01 \"extra\"\n",
       "bad.holidays:2: expected an option, got \"extra\""},
      {"calendar x\nholiday \"A fixed 01-01\n", "bad.holidays:2: unterminated quoted string"},
      {"calendar x\nholiday \"A\\n\" fixed 01-01\n",
       "bad.holidays:2: only \\\" and \\\\ may follow"},
      {"calendar x\nholiday \"A\"fixed 01-01\n",
       "bad.holidays:2: a quoted string must be followed by a space"},
      {"calendar x\nholiday x\"A\" fixed 01-01\n",
       "bad.holidays:2: a quoted string must follow a space"},
      {"calendar x\nday 2023-02-29 \"A\"\n",
       "bad.holidays:2: 'day' needs a date YYYY-MM-DD that exists, got '2023-02-29'"},
      {"calendar x\nday 2023-02-28\n", "bad.holidays:2: expected the day's name"},
      {"calendar x\nday 2023-02-28 \"A\" \"B\"\n", "bad.holidays:2: unexpected \"B\""},
      {"calendar x\n\"holiday\" \"A\" fixed 01-01\n", "bad.holidays:2: expected a directive"},
      {"calendar x\r\nholiday \"A\" fixed 01-01 to 1\r\nholiday \"B\" fixed 99-99\r\n",
       "bad.holidays:3: 'fixed' needs a date MM-DD"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(parse_error(c.text), HasSubstr(c.message)) << c.text;
  }
}

TEST(HolidayFormat, LoadFileErrors) {
  const auto missing = HolidayCalendar::load_file(std::string(WRIT_SOURCE_DIR) +
                                                  "/calendars/no-such-calendar.holidays");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().message, HasSubstr("no-such-calendar.holidays"));
}

}  // namespace
}  // namespace writ::cal
