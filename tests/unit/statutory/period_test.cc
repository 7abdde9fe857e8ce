#include "statutory/period.h"

#include <gtest/gtest.h>

namespace writ::statutory {
namespace {

TEST(Period, TwoYearsNameTheTwelveMonthsEndingJune30) {
  auto p = parse_period("2024-2025");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->from, "2024-07-01");
  EXPECT_EQ(p->to, "2025-06-30");
  EXPECT_EQ(p->label, "July 1, 2024 – June 30, 2025");
}

TEST(Period, OneYearIsTheYearTheReportingPeriodEnds) {
  auto p = parse_period("2025");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2024-07-01");
  EXPECT_EQ(p->to, "2025-06-30");
}

TEST(Period, ExplicitRangeOfDays) {
  auto p = parse_period("2024-01-01..2024-03-31");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->contains("2024-01-01"));
  EXPECT_TRUE(p->contains("2024-03-31T23:59:59-04:00"));
  EXPECT_FALSE(p->contains("2024-04-01"));
  EXPECT_FALSE(p->contains("2023-12-31"));
  EXPECT_FALSE(p->contains("2024"));
}

TEST(Period, BoundaryDaysAreInside) {
  auto p = parse_period("2024-2025");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->contains("2024-06-30"));
  EXPECT_TRUE(p->contains("2024-07-01T00:00:00-04:00"));
  EXPECT_TRUE(p->contains("2025-06-30T23:59:00-04:00"));
  EXPECT_FALSE(p->contains("2025-07-01"));
}

TEST(Period, NonsenseIsRefusedWithTheAcceptedForms) {
  for (const char* bad : {"", "2024-2026", "2025-2024", "24-25", "fy2025", "2024-13-01..2024-12-31",
                          "2024-03-01..2024-01-01", "2024-07-01..", "abcd"}) {
    auto p = parse_period(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(p.error().message.find("2024-2025"), std::string::npos);
  }
}

}  // namespace
}  // namespace writ::statutory
