// Date and time arithmetic as docs/language.md defines it.
#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;

const char* kInputs = R"W(
input d: date
input t: datetime
input ps: [Period]
input n: int
)W";

std::string date_expr(const std::string& expr, const json& fields = json::object()) {
  return eval("date", expr, fields, kInputs);
}

TEST(Dates, YearsKeepTheDayOrClampToTheEndOfTheMonth) {
  EXPECT_EQ(date_expr("2024-02-29 - 5 years"), "2019-02-28");
  EXPECT_EQ(date_expr("2024-02-29 + 4 years"), "2028-02-29");
  EXPECT_EQ(date_expr("2024-02-29 + 1 year"), "2025-02-28");
  EXPECT_EQ(date_expr("2024-03-01 - 5 years"), "2019-03-01");
  EXPECT_EQ(date_expr("d - 5 years", {{"d", "2024-02-29"}}), "2019-02-28");
}

TEST(Dates, MonthsKeepTheDayOrClampToTheEndOfTheMonth) {
  EXPECT_EQ(date_expr("2024-01-31 + 1 month"), "2024-02-29");
  EXPECT_EQ(date_expr("2023-01-31 + 1 month"), "2023-02-28");
  EXPECT_EQ(date_expr("2024-03-31 - 1 month"), "2024-02-29");
  EXPECT_EQ(date_expr("2024-12-15 + 2 months"), "2025-02-15");
  EXPECT_EQ(date_expr("2024-01-15 - 13 months"), "2022-12-15");
}

TEST(Dates, DaysAndIntegers) {
  EXPECT_EQ(date_expr("2024-02-28 + 2"), "2024-03-01");
  EXPECT_EQ(date_expr("2024-03-01 - 1"), "2024-02-29");
  EXPECT_EQ(date_expr("2024-02-28 + 2 days"), "2024-03-01");
  EXPECT_EQ(date_expr("2024-01-01 - 365 days"), "2023-01-01");
  EXPECT_EQ(date_expr("d + n", {{"d", "2023-12-31"}, {"n", 1}}), "2024-01-01");
  EXPECT_EQ(date_expr("d + n", {{"d", "2023-12-31"}}), "unknown");
  // Hours move a date by whole days only.
  EXPECT_EQ(date_expr("2024-01-01 + 48 hours"), "2024-01-03");
}

TEST(Dates, DurationsAddUp) {
  EXPECT_EQ(date_expr("2024-02-29 - (5 years + 1 day)"), "2019-02-27");
  EXPECT_EQ(date_expr("2020-01-01 + 1 year + 1 month + 1 day"), "2021-02-02");
}

TEST(Dates, DaysBetween) {
  EXPECT_EQ(eval("int", "days_between(2024-01-01, 2024-03-01)", json::object(), kInputs), "60");
  EXPECT_EQ(eval("int", "days_between(2024-03-01, 2024-01-01)", json::object(), kInputs), "-60");
  EXPECT_EQ(eval("int", "days_between(2023-01-01, 2024-01-01)", json::object(), kInputs), "365");
  EXPECT_EQ(eval("int", "days_between(d, 2024-01-01)", json::object(), kInputs), "unknown");
}

TEST(Dates, ComparisonsAndMinMax) {
  EXPECT_EQ(eval("bool", "2024-02-29 - 5 years < 2019-03-01", json::object(), kInputs), "true");
  EXPECT_EQ(eval("bool", "d > 2019-02-28", {{"d", "2019-02-28"}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "d >= 2019-02-28", {{"d", "2019-02-28"}}, kInputs), "true");
  EXPECT_EQ(date_expr("max p in ps of p.to",
                      {{"ps", {{{"from", "2020-01-01"}, {"to", "2020-02-01"}},
                               {{"from", "2021-01-01"}, {"to", "2021-03-01"}}}}}),
            "2021-03-01");
}

json period(const char* from, const char* to) { return {{"from", from}, {"to", to}}; }

TEST(Dates, CoveredDaysCountsTheUnionOnce) {
  auto covered = [](const json& ps, const std::string& until) {
    return eval("int", "covered_days(ps, " + until + ")", {{"ps", ps}}, kInputs);
  };
  EXPECT_EQ(covered(json::array(), "2024-01-01"), "0");
  // `to` is exclusive.
  EXPECT_EQ(covered(json::array({period("2024-01-01", "2024-01-05")}), "2025-01-01"), "4");
  // Overlaps count once.
  EXPECT_EQ(covered({period("2024-01-01", "2024-01-05"), period("2024-01-03", "2024-01-08")}, "2025-01-01"), "7");
  // Nested and in any order.
  EXPECT_EQ(covered({period("2024-01-03", "2024-01-04"), period("2024-01-01", "2024-01-10")}, "2025-01-01"), "9");
  // Adjacent periods join without double counting.
  EXPECT_EQ(covered({period("2024-01-01", "2024-01-05"), period("2024-01-05", "2024-01-07")}, "2025-01-01"), "6");
  // Clipped at `until`; a period starting after it counts nothing.
  EXPECT_EQ(covered({period("2024-01-01", "2024-01-05"), period("2024-01-03", "2024-01-08"),
                     period("2024-01-09", "2024-01-20")},
                    "2024-01-10"),
            "8");
  EXPECT_EQ(covered(json::array({period("2024-02-01", "2024-03-01")}), "2024-01-10"), "0");
  // A backwards period counts nothing.
  EXPECT_EQ(covered(json::array({period("2024-01-05", "2024-01-01")}), "2025-01-01"), "0");
  // Leap day.
  EXPECT_EQ(covered(json::array({period("2024-02-28", "2024-03-01")}), "2025-01-01"), "2");
}

TEST(Dates, CoveredDaysWithUnknowns) {
  auto covered = [](const json& ps) {
    return eval("int", "covered_days(ps, 2025-01-01)", {{"ps", ps}}, kInputs);
  };
  EXPECT_EQ(covered(json::array({{{"from", "2024-01-01"}, {"to", nullptr}}})), "unknown");
  EXPECT_EQ(covered({period("2024-01-01", "2024-01-05"), {{"from", nullptr}}}), "unknown");
  EXPECT_EQ(covered(nullptr), "unknown");
  EXPECT_EQ(eval("int", "covered_days(ps, d)", {{"ps", json::array()}}, kInputs), "unknown");
}

TEST(DateTimes, ArithmeticAndLocalDates) {
  auto dt = [](const std::string& expr, const json& fields = json::object()) {
    return eval("datetime", expr, fields, kInputs);
  };
  EXPECT_EQ(dt("2024-03-01T10:15:00-05:00 + 48 hours"), "2024-03-03T10:15:00-05:00");
  EXPECT_EQ(dt("2024-03-01T10:15:00-05:00 + 1 month"), "2024-04-01T10:15:00-05:00");
  EXPECT_EQ(dt("2024-01-31T23:00:00+01:00 + 1 month"), "2024-02-29T23:00:00+01:00");
  EXPECT_EQ(dt("2024-03-01T10:15:00Z - 1 day"), "2024-02-29T10:15:00+00:00");
  EXPECT_EQ(dt("t + 2 hours", {{"t", "2024-03-01T23:30:00-05:00"}}), "2024-03-02T01:30:00-05:00");
  EXPECT_EQ(dt("t + 2 hours"), "unknown");
  // The local date in the instant's own offset.
  EXPECT_EQ(eval("date", "date(t)", {{"t", "2024-03-01T23:30:00-05:00"}}, kInputs), "2024-03-01");
  EXPECT_EQ(eval("date", "date(t)", {{"t", "2024-03-01T23:30:00-07:00"}}, kInputs), "2024-03-01");
  EXPECT_EQ(eval("date", "date(t)", {{"t", "2024-03-02T00:30:00+01:00"}}, kInputs), "2024-03-02");
}

TEST(DateTimes, ComparisonsCompareInstants) {
  EXPECT_EQ(eval("bool", "2024-03-01T10:00:00-05:00 == 2024-03-01T15:00:00Z", json::object(), kInputs), "true");
  EXPECT_EQ(eval("bool", "2024-03-01T10:00:00-05:00 < 2024-03-01T14:59:00Z", json::object(), kInputs), "false");
  EXPECT_EQ(eval("bool", "t <= 2024-03-01T15:00:00Z", {{"t", "2024-03-01T10:00:00-05:00"}}, kInputs), "true");
}

TEST(DateTimes, BusinessHoursSkipWeekendsAndHolidays) {
  // Friday 2024-03-01 10:00 + 48 business hours: Saturday and Sunday do not count.
  EXPECT_EQ(eval("datetime", "business_hours_after(t, 48)", {{"t", "2024-03-01T10:00:00-05:00"}}, kInputs),
            "2024-03-05T10:00:00-05:00");
  // Tuesday 2024-03-05 10:00: Thursday 10:00 (shared example e08).
  EXPECT_EQ(eval("datetime", "business_hours_after(t, 48)", {{"t", "2024-03-05T10:00:00-05:00"}}, kInputs),
            "2024-03-07T10:00:00-05:00");
  EXPECT_EQ(eval("datetime", "business_hours_after(t, 48)", json::object(), kInputs), "unknown");
}

}  // namespace
}  // namespace writ::testing
