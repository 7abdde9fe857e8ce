// Civil-calendar arithmetic as Z3 integer terms (day numbers since 1970-01-01), the same
// algorithms as calendar/civil.cc: month and year shifts keep the day of the month, clamped to the
// month's last day. Only division by constants is used, so the terms stay in linear arithmetic.
#pragma once

#include <cstdint>

#include <z3++.h>

namespace writ::analysis {

// `day` shifted by `months` calendar months (end-of-month clamp). Valid for day numbers of years
// 1..9999.
z3::expr add_months_term(const z3::expr& day, int64_t months);

// A date as calendar terms, the year written y = 1900 + 4a + b (0 <= b < 3): dates of a case are
// variables in this form, and the day number, leap years and year or month shifts are then linear
// terms without division (the solver handles them far better than division by 4, 100 and 400).
// Valid for years 1600..2499.
struct CivilParts {
  z3::expr a, b, m, d;
  z3::expr year() const { return 1900 + 4 * a + b; }
};
inline constexpr int kPartsFirstYear = 1600, kPartsLastYear = 2499;
// Constant parts of a calendar date.
CivilParts parts_of(z3::context& c, int year, int month, int day);
// Days since 1970-01-01 of valid parts.
z3::expr days_from_parts(const CivilParts& c);
// Days in the month of `c`'s year and month `m`.
z3::expr month_length_term(const CivilParts& c, const z3::expr& m);
// The date `months` calendar months later (end-of-month clamp), as calendar parts.
CivilParts add_months_parts(const CivilParts& c, int64_t months);

}  // namespace writ::analysis
