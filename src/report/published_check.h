// Comparing a report's monthly figures with a published monthly table, e.g. the Austin
// American-Statesman's Travis County detainer table (../shared/data/real/
// statesman-travis-county-detainers/summary_table_monthly.csv: month,total,
// has_at_least_one_felony,has_at_least_one_violent_crime). A blank published cell is 0.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/tally.h"
#include "writ/result.h"

namespace writ::report {

// What a report counts by month: all records, and per attribute the records whose value is
// "true".
struct MonthlyFigures {
  std::map<std::string, uint64_t> records;
  std::map<std::string, std::map<std::string, uint64_t>> true_by_attribute;
};

MonthlyFigures monthly_figures(const Tally& t);
// From a report written by render_json (format writ-what-if/1).
Result<MonthlyFigures> monthly_figures_from_json(std::string_view json_text);

// Which report figure a published column is compared with: the records ("" attribute) or the
// records whose attribute is "true".
struct ColumnSource {
  std::string column;
  std::string attribute;
};

struct MonthDifference {
  std::string month;
  uint64_t published = 0, report = 0;
};

struct ColumnCheck {
  ColumnSource source;
  std::size_t months = 0;   // published months
  std::size_t matched = 0;  // months where the report has exactly the published figure
  uint64_t published_sum = 0, report_sum = 0;  // over the published months
  std::vector<MonthDifference> differences;    // in month order
  bool exact() const { return matched == months; }
};

struct PublishedCheck {
  std::vector<ColumnCheck> columns;
  // Months the report counts records in that the published table does not list.
  std::vector<std::pair<std::string, uint64_t>> unpublished_months;
};

// Compares every month of every listed column. Errors (kInvalidInput): unreadable CSV, no
// `month` column, a listed column missing, a cell that is not a count.
Result<PublishedCheck> check_published(const MonthlyFigures& figures, std::string_view csv_text,
                                       std::string_view origin,
                                       const std::vector<ColumnSource>& columns);

// Whether every difference in columns `a` and `b` (indices into check.columns) is the defect of a
// table whose rows were built positionally, leaving out zero counts: in such a month the report
// counts 0 for `a`, the published `a` cell holds the report's `b` count, and the published `b`
// cell is blank (0). The Austin American-Statesman's Travis County table has this defect (its
// notebook appended a month's felony count only when there was one, then the violent count).
// False when there are no differences to explain or one of them is of another kind.
bool left_shift_explains(const PublishedCheck& check, std::size_t a, std::size_t b);

// A plain-text statement of the result: per column, months matched, sums, and the differences
// (at most `max_differences` listed per column).
std::string describe(const PublishedCheck& check, std::size_t max_differences = 20);

}  // namespace writ::report
