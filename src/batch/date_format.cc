#include "batch/date_format.h"

#include "calendar/civil.h"

namespace writ::batch {
namespace {

bool digits(std::string_view t, size_t& i, int min, int max, int& out) {
  int n = 0, v = 0;
  while (i < t.size() && n < max && t[i] >= '0' && t[i] <= '9') {
    v = v * 10 + (t[i] - '0');
    ++i, ++n;
  }
  out = v;
  return n >= min;
}

int month_abbrev(std::string_view t, size_t& i) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > t.size()) return 0;
  for (int m = 0; m < 12; ++m) {
    bool same = true;
    for (int k = 0; k < 3; ++k) {
      char c = t[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same &= c == kMonths[m][k];
    }
    if (same) {
      i += 3;
      return m + 1;
    }
  }
  return 0;
}

}  // namespace

bool parse_with_format(std::string_view t, std::string_view f, int32_t& days, int32_t& seconds) {
  // The common ISO case first (strict YYYY-MM-DD); anything else takes the general path.
  if (t.size() == 10 && f == "%Y-%m-%d") {
    // Digits where they must be: read them in place (what cal::parse_date does, without its
    // general reader); anything else goes to cal::parse_date.
    auto dig = [&](size_t i) { return static_cast<unsigned>(t[i] - '0'); };
    bool plain = t[4] == '-' && t[7] == '-';
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) plain &= dig(i) <= 9;
    if (plain) {
      auto d =
          cal::days_from_ymd(static_cast<int>(dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3)),
                             dig(5) * 10 + dig(6), dig(8) * 10 + dig(9));
      if (d) {
        days = *d;
        seconds = 0;
        return true;
      }
    } else if (auto d = cal::parse_date(t)) {
      days = *d;
      seconds = 0;
      return true;
    }
  }
  int year = -1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  size_t i = 0;
  for (size_t k = 0; k < f.size(); ++k) {
    if (f[k] != '%' || k + 1 == f.size()) {
      if (i >= t.size() || t[i] != f[k]) return false;
      ++i;
      continue;
    }
    char spec = f[++k];
    bool ok = true;
    switch (spec) {
      case 'Y':
        ok = digits(t, i, 4, 4, year);
        break;
      case 'y': {
        int yy = 0;
        ok = digits(t, i, 2, 2, yy);
        year = yy < 69 ? 2000 + yy : 1900 + yy;
        break;
      }
      case 'm':
        ok = digits(t, i, 1, 2, month);
        break;
      case 'd':
        ok = digits(t, i, 1, 2, day);
        break;
      case 'H':
        ok = digits(t, i, 1, 2, hour) && hour < 24;
        break;
      case 'M':
        ok = digits(t, i, 2, 2, minute) && minute < 60;
        break;
      case 'S':
        ok = digits(t, i, 2, 2, second) && second < 61;
        break;
      case 'b':
        month = month_abbrev(t, i);
        ok = month > 0;
        break;
      case '%':
        ok = i < t.size() && t[i] == '%';
        ++i;
        break;
      default:
        return false;
    }
    if (!ok) return false;
  }
  if (i != t.size() || year < 0 || month < 1 || month > 12 || day < 1) return false;
  auto d = cal::days_from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!d) return false;
  days = *d;
  seconds = hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace writ::batch
