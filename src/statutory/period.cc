#include "statutory/period.h"

#include <charconv>

#include <fmt/format.h>

namespace writ::statutory {
namespace {

bool parse_year(std::string_view s, int& year) {
  if (s.size() != 4) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
  return ec == std::errc() && p == s.data() + s.size() && year >= 1900 && year <= 9999;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

Error bad(std::string_view text) {
  return make_error(ErrorCode::kInvalidInput,
                    fmt::format("period '{}' is not understood: write 2024-2025 or 2025 (the "
                                "twelve months ending June 30, 2025) or "
                                "2024-07-01..2025-06-30",
                                text));
}

}  // namespace

bool Period::contains(std::string_view iso_date) const {
  if (iso_date.size() < 10) return false;
  std::string_view day = iso_date.substr(0, 10);
  return day >= std::string_view(from) && day <= std::string_view(to);
}

Result<Period> parse_period(std::string_view text) {
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    std::string_view a = text.substr(0, dots), b = text.substr(dots + 2);
    if (!is_iso_date(a) || !is_iso_date(b) || b < a) return bad(text);
    return Period{std::string(a), std::string(b), fmt::format("{} to {}", a, b)};
  }
  int first = 0, last = 0;
  if (text.size() == 9 && text[4] == '-') {
    if (!parse_year(text.substr(0, 4), first) || !parse_year(text.substr(5), last) ||
        last != first + 1) {
      return bad(text);
    }
  } else if (parse_year(text, last)) {
    first = last - 1;
  } else {
    return bad(text);
  }
  return Period{fmt::format("{}-07-01", first), fmt::format("{}-06-30", last),
                fmt::format("July 1, {} – June 30, {}", first, last)};
}

}  // namespace writ::statutory
