// Reporting periods of the NYC annual reports: the twelve months ending June 30.
#pragma once

#include <string>
#include <string_view>

#include "writ/result.h"

namespace writ::statutory {

struct Period {
  std::string from;                                // first day, "YYYY-MM-DD" (inclusive)
  std::string to;                                  // last day, "YYYY-MM-DD" (inclusive)
  std::string label;                               // "July 1, 2024 – June 30, 2025"
  bool contains(std::string_view iso_date) const;  // compares the first 10 characters
};

// Accepts "2024-2025" or "2025" (the twelve months ending June 30, 2025) and
// "2024-07-01..2025-06-30" (any range of days). Anything else is kInvalidInput naming the form.
Result<Period> parse_period(std::string_view text);

}  // namespace writ::statutory
