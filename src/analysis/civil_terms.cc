#include "analysis/civil_terms.h"

namespace writ::analysis {

namespace {

struct CivilTerm {
  z3::expr y, m, d;
};

// Howard Hinnant's civil_from_days; z3 `/` on integers is floor division for positive divisors,
// and every dividend here is non-negative for years 1..9999.
CivilTerm civil_from_days(const z3::expr& day) {
  z3::expr z = day + 719468;
  z3::expr era = z / 146097;
  z3::expr doe = z - era * 146097;
  z3::expr yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  z3::expr doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  z3::expr mp = (5 * doy + 2) / 153;
  z3::expr d = doy - (153 * mp + 2) / 5 + 1;
  z3::expr m = z3::ite(mp < 10, mp + 3, mp - 9);
  z3::expr y = yoe + era * 400 + z3::ite(m <= 2, day.ctx().int_val(1), day.ctx().int_val(0));
  return {y, m, d};
}

z3::expr days_from_civil(const z3::expr& y, const z3::expr& m, const z3::expr& d) {
  z3::context& c = y.ctx();
  z3::expr y2 = y - z3::ite(m <= 2, c.int_val(1), c.int_val(0));
  z3::expr era = y2 / 400;
  z3::expr yoe = y2 - era * 400;
  z3::expr mp = z3::ite(m > 2, m - 3, m + 9);
  z3::expr doy = (153 * mp + 2) / 5 + d - 1;
  z3::expr doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

z3::expr month_length(const z3::expr& y, const z3::expr& m) {
  z3::context& c = y.ctx();
  z3::expr leap = (z3::mod(y, 4) == 0 && z3::mod(y, 100) != 0) || z3::mod(y, 400) == 0;
  return z3::ite(m == 2, z3::ite(leap, c.int_val(29), c.int_val(28)),
                 z3::ite(m == 4 || m == 6 || m == 9 || m == 11, c.int_val(30), c.int_val(31)));
}

z3::expr leap_parts(const CivilParts& c) {
  z3::expr y = c.year();
  z3::expr century_not_leap =
      y == 1700 || y == 1800 || y == 1900 || y == 2100 || y == 2200 || y == 2300 || y == 2500;
  return c.b == 0 && !century_not_leap;
}

z3::expr one_if(const z3::expr& cond) {
  return z3::ite(cond, cond.ctx().int_val(1), cond.ctx().int_val(0));
}

// Whole years later, with the day clamped to the month.
CivilParts add_years_parts(const CivilParts& c, int64_t years) {
  z3::context& ctx = c.a.ctx();
  int64_t q = years >= 0 ? years / 4 : -((-years + 3) / 4);
  int64_t r = years - 4 * q;  // 0..3
  z3::expr wrap = c.b + static_cast<int>(r) >= 4;
  z3::expr b = z3::ite(wrap, c.b + static_cast<int>(r) - 4, c.b + static_cast<int>(r));
  z3::expr a = c.a + ctx.int_val(q) + one_if(wrap);
  CivilParts out{a, b, c.m, c.d};
  z3::expr len = month_length_term(out, c.m);
  out.d = z3::ite(c.d < len, c.d, len);
  return out;
}

}  // namespace

CivilParts parts_of(z3::context& c, int year, int month, int day) {
  int off = year - 1900;
  int a = off >= 0 ? off / 4 : -((-off + 3) / 4);
  return {c.int_val(a), c.int_val(off - 4 * a), c.int_val(month), c.int_val(day)};
}

z3::expr month_length_term(const CivilParts& c, const z3::expr& m) {
  z3::context& ctx = m.ctx();
  return z3::ite(m == 2, z3::ite(leap_parts(c), ctx.int_val(29), ctx.int_val(28)),
                 z3::ite(m == 4 || m == 6 || m == 9 || m == 11, ctx.int_val(30), ctx.int_val(31)));
}

z3::expr days_from_parts(const CivilParts& c) {
  z3::context& ctx = c.a.ctx();
  z3::expr y = c.year();
  z3::expr p = y - 1;
  // (y-1)/4 = 474 + a + [b >= 1]; (y-1)/100 and (y-1)/400 step at century years.
  z3::expr q4 = 474 + c.a + one_if(c.b >= 1);
  z3::expr q100 = ctx.int_val(15);
  for (int k = 1600; k <= 2500; k += 100) q100 = q100 + one_if(p >= k);
  z3::expr q400 = 3 + one_if(p >= 1600) + one_if(p >= 2000) + one_if(p >= 2400);
  static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  z3::expr before = ctx.int_val(cum[11]);
  for (int m = 11; m >= 1; --m) before = z3::ite(c.m == m, ctx.int_val(cum[m - 1]), before);
  z3::expr extra = one_if(c.m > 2 && leap_parts(c));
  // 719162: days from 0001-01-01 to 1970-01-01.
  return 365 * p + q4 - q100 + q400 + before + extra + c.d - 1 - 719162;
}

CivilParts add_months_parts(const CivilParts& c, int64_t months) {
  if (months == 0) return c;
  int64_t years = months >= 0 ? months / 12 : -((-months + 11) / 12);
  int64_t rest = months - 12 * years;  // 0..11
  CivilParts y = years != 0 ? add_years_parts(c, years) : c;
  if (rest == 0) return y;
  z3::expr carry = y.m + static_cast<int>(rest) > 12;
  z3::expr m = z3::ite(carry, y.m + static_cast<int>(rest) - 12, y.m + static_cast<int>(rest));
  z3::expr wrap = carry && y.b == 3;
  CivilParts out{y.a + one_if(wrap), z3::ite(wrap, y.b - 3, y.b + one_if(carry)), m, y.d};
  z3::expr len = month_length_term(out, m);
  out.d = z3::ite(y.d < len, y.d, len);
  return out;
}

z3::expr add_months_term(const z3::expr& day, int64_t months) {
  if (months == 0) return day;
  CivilTerm c = civil_from_days(day);
  z3::expr total = c.y * 12 + (c.m - 1) + day.ctx().int_val(months);
  z3::expr year = total / 12;
  z3::expr month = z3::mod(total, 12) + 1;
  z3::expr len = month_length(year, month);
  z3::expr d = z3::ite(c.d < len, c.d, len);
  return days_from_civil(year, month, d);
}

}  // namespace writ::analysis
