// Inline SVG charts for the HTML report (no scripts, no external resources).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace writ::report {

struct Series {
  std::string name;
  std::string color;             // a CSS colour, e.g. "#1f77b4"
  std::vector<uint64_t> values;  // one per category
};

// A stacked bar chart: one bar per category with the series stacked bottom-up in order, a
// y axis with round ticks, a legend, and a tooltip (<title>) on every segment. Category and
// series names are escaped.
std::string stacked_bar_svg(std::string_view title, const std::vector<std::string>& categories,
                            const std::vector<Series>& series);

// The months from the first to the last "yyyy-mm" in `months` without gaps, in order; any key
// that is not a month (such as "(no date)") follows at the end.
std::vector<std::string> month_axis(const std::vector<std::string>& months);

// A round upper bound for an axis: the smallest 1, 2 or 5 × 10^k that is >= n (1 for n = 0).
uint64_t nice_ceiling(uint64_t n);

}  // namespace writ::report
