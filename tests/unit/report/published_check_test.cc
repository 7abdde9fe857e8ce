// The check against published figures: a synthetic table, malformed tables, and the Austin
// American-Statesman's Travis County monthly table recomputed from the shared TCSO release.
#include "report/published_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/csv.h"
#include "report/what_if.h"

namespace writ::report {
namespace {

namespace fs = std::filesystem;

const std::vector<ColumnSource> kStatesmanColumns = {
    {"total", ""},
    {"has_at_least_one_felony", "has_felony"},
    {"has_at_least_one_violent_crime", "has_violent_crime"}};

RecordResult record(const std::string& date, bool felony) {
  RecordResult r;
  r.date = date;
  r.by_policy = {{"honor", "honor-all", ""}};
  r.attrs = {{"has_felony", felony ? "true" : "false"}};
  return r;
}

TEST(ReportPublished, SyntheticTableMatchedAndDifferencesListed) {
  WhatIfReport w({"honor-all"}, "synthetic");
  for (const char* d : {"2016-01-02", "2016-01-30", "2016-02-01", "2005-12-31"})
    w.add(record(d, d[6] == '1'));
  const std::string csv = "month,total,felonies\n2016-02,1,\n2016-01,2,1\n2016-03,,\n";
  auto check = check_published(monthly_figures(w.tally()), csv, "t.csv",
                               {{"total", ""}, {"felonies", "has_felony"}});
  ASSERT_TRUE(check.ok()) << check.error().message;
  ASSERT_EQ(check->columns.size(), 2u);
  EXPECT_TRUE(check->columns[0].exact());
  EXPECT_EQ(check->columns[0].months, 3u);
  EXPECT_EQ(check->columns[0].published_sum, 3u);
  EXPECT_EQ(check->columns[0].report_sum, 3u);
  // The report has 2 felony records in 2016-01; the table says 1.
  EXPECT_FALSE(check->columns[1].exact());
  ASSERT_EQ(check->columns[1].differences.size(), 1u);
  EXPECT_EQ(check->columns[1].differences[0].month, "2016-01");
  EXPECT_EQ(check->columns[1].differences[0].published, 1u);
  EXPECT_EQ(check->columns[1].differences[0].report, 2u);
  ASSERT_EQ(check->unpublished_months.size(), 1u);
  EXPECT_EQ(check->unpublished_months[0].first, "2005-12");
  const std::string text = describe(*check);
  EXPECT_NE(text.find("total (records): 3 of 3 months exact; published sum 3, report sum 3 — "
                      "reproduced exactly"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2016-01: published 1, report 2"), std::string::npos) << text;
}

TEST(ReportPublished, LeftShiftExplainsOnlyThatDefect) {
  MonthlyFigures f;
  f.records = {{"2016-01", 3}, {"2016-02", 2}};
  f.true_by_attribute["felony"] = {{"2016-01", 2}};                   // 2016-02: none
  f.true_by_attribute["violent"] = {{"2016-01", 1}, {"2016-02", 1}};  // 2016-02: one
  const std::vector<ColumnSource> cols = {{"f", "felony"}, {"v", "violent"}};
  auto shifted = check_published(f, "month,f,v\n2016-01,2,1\n2016-02,1,\n", "t.csv", cols);
  ASSERT_TRUE(shifted.ok());
  EXPECT_TRUE(left_shift_explains(*shifted, 0, 1));
  auto other = check_published(f, "month,f,v\n2016-01,2,1\n2016-02,1,1\n", "t.csv", cols);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(left_shift_explains(*other, 0, 1));  // the violent cell is not blank
  auto wrong = check_published(f, "month,f,v\n2016-01,3,1\n2016-02,0,1\n", "t.csv", cols);
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(left_shift_explains(*wrong, 0, 1));  // a plain miscount
}

TEST(ReportPublished, FiguresReadBackFromTheJsonReport) {
  WhatIfReport w({"honor-all"}, "synthetic");
  for (const char* d : {"2016-01-02", "2016-01-30", "2016-02-01"}) w.add(record(d, true));
  auto figures = monthly_figures_from_json(w.json());
  ASSERT_TRUE(figures.ok()) << figures.error().message;
  EXPECT_EQ(figures->records, monthly_figures(w.tally()).records);
  EXPECT_EQ(figures->true_by_attribute, monthly_figures(w.tally()).true_by_attribute);
  EXPECT_EQ(figures->true_by_attribute.at("has_felony").at("2016-01"), 2u);
  EXPECT_FALSE(monthly_figures_from_json("{\"format\": \"other\"}").ok());
  EXPECT_FALSE(monthly_figures_from_json("not json").ok());
}

TEST(ReportPublished, MalformedTablesAreErrors) {
  const MonthlyFigures f;
  EXPECT_FALSE(check_published(f, "total\n1\n", "t.csv", {{"total", ""}}).ok());
  EXPECT_FALSE(check_published(f, "month,other\n2016-01,1\n", "t.csv", {{"total", ""}}).ok());
  EXPECT_FALSE(check_published(f, "month,total\n2016-01,x\n", "t.csv", {{"total", ""}}).ok());
  EXPECT_FALSE(
      check_published(f, "month,total\n2016-01,1\n2016-01,2\n", "t.csv", {{"total", ""}}).ok());
  auto e = check_published(f, "month,total\n2016-01\n", "t.csv", {{"total", ""}});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("t.csv:2:"), std::string::npos) << e.error().message;
}

// ---- The Travis County release ----

const fs::path kTravis = fs::path(WRIT_SOURCE_DIR) / ".." / "shared" / "data" / "real" /
                         "statesman-travis-county-detainers";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> violent_list() {
  std::set<std::string> out;
  std::istringstream in(
      slurp(fs::path(WRIT_SOURCE_DIR) / "tests/unit/report/data/statesman-violent-charges.txt"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.insert(line);
  }
  return out;
}

// The bookings decided under one stand-in outcome, with the statesman's two flags as report
// attributes: has_felony = a charge other than the detainer whose level is one of the statesman's
// felony codes (S FS F1 F2 F3 F P 1 2 3 FX); has_violent_crime = a charge whose description is
// one of the 61 literals.
WhatIfReport travis_report() {
  const std::set<std::string> felony_levels = {"S", "FS", "F2", "F1", "F3", "F",
                                               "P", "1",  "3",  "2",  "FX"};
  const std::set<std::string> violent = violent_list();
  EXPECT_EQ(violent.size(), 61u);
  auto bookings =
      catalog::parse_csv(slurp(kTravis / "travis_detainers_2000_2016_bookings.csv"), "bookings");
  auto charges =
      catalog::parse_csv(slurp(kTravis / "travis_detainers_2000_2016_charges.csv"), "charges");
  EXPECT_TRUE(bookings.ok() && charges.ok());
  std::unordered_map<std::string, std::pair<bool, bool>> flags;
  for (std::size_t i = 1; charges.ok() && i < charges->size(); ++i) {
    const auto& f = (*charges)[i].fields;  // booking_no, charge_code, charge_desc, level, …
    auto& [felony, viol] = flags[f[0]];
    felony = felony || (felony_levels.contains(f[3]) && f[2] != "ICE DETAINER");
    viol = viol || violent.contains(f[2]);
  }
  WhatIfReport w({"honor-all"}, "Travis County");
  for (std::size_t i = 1; bookings.ok() && i < bookings->size(); ++i) {
    const auto& f =
        (*bookings)[i].fields;  // booking_no, race, sex, age, booking_date, place_of_birth
    RecordResult r;
    r.line = (*bookings)[i].line;
    r.source = "travis_detainers_2000_2016_bookings.csv";
    r.record_id = f[0];
    r.date = f[4];
    r.facility = "Travis County Jail";
    r.by_policy = {{"honor", "honor-all", ""}};
    const auto [felony, viol] = flags[f[0]];
    r.attrs = {{"has_felony", felony ? "true" : "false"},
               {"has_violent_crime", viol ? "true" : "false"}};
    w.add(r);
  }
  return w;
}

TEST(ReportPublished, TravisCountyMonthlyTotalsReproducedExactly) {
  if (!fs::exists(kTravis / "summary_table_monthly.csv"))
    GTEST_SKIP() << "no shared data at " << kTravis;
  const WhatIfReport w = travis_report();
  EXPECT_EQ(w.tally().records, 9533u);
  auto check =
      check_published(monthly_figures(w.tally()), slurp(kTravis / "summary_table_monthly.csv"),
                      "summary_table_monthly.csv", kStatesmanColumns);
  ASSERT_TRUE(check.ok()) << check.error().message;
  std::cout << describe(*check);
  const ColumnCheck& total = check->columns[0];
  EXPECT_EQ(total.months, 112u);
  EXPECT_TRUE(total.exact());
  EXPECT_EQ(total.published_sum, 9489u);
  EXPECT_EQ(total.report_sum, 9489u);
  // Felonies and violent crimes differ in exactly three months, by one booking each, and each
  // difference is the statesman's summary-table construction: its rows were built positionally,
  // appending the felony count only when the month had a felony booking and then the violent
  // count, so a month with no felony booking but a violent one shows the violent count under
  // has_at_least_one_felony and a blank violent cell. Undoing that shift, every cell matches.
  const ColumnCheck& felony = check->columns[1];
  const ColumnCheck& violent = check->columns[2];
  EXPECT_EQ(felony.matched, 109u);
  EXPECT_EQ(violent.matched, 109u);
  EXPECT_EQ(felony.published_sum, 2146u);
  EXPECT_EQ(felony.report_sum, 2143u);  // the notebook's own "at least 1 felony: 2,143"
  EXPECT_EQ(violent.published_sum, 1749u);
  EXPECT_EQ(violent.report_sum, 1752u);  // the notebook's own "at least 1 violent_crime: 1,752"
  ASSERT_EQ(felony.differences.size(), 3u);
  ASSERT_EQ(violent.differences.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    const MonthDifference& f = felony.differences[k];
    const MonthDifference& v = violent.differences[k];
    EXPECT_EQ(f.month, v.month);
    EXPECT_EQ(f.report, 0u) << f.month;           // no felony booking that month
    EXPECT_EQ(f.published, v.report) << f.month;  // the violent count, one column left
    EXPECT_EQ(v.published, 0u) << v.month;        // and a blank violent cell
  }
  EXPECT_TRUE(left_shift_explains(*check, 1, 2));
  EXPECT_FALSE(left_shift_explains(*check, 0, 1));  // no differences to explain
  EXPECT_EQ(felony.differences[0].month, "2007-10");
  EXPECT_EQ(felony.differences[1].month, "2008-06");
  EXPECT_EQ(felony.differences[2].month, "2008-08");
  // The 44 bookings before 2006 are outside the published table (the statesman excluded them).
  uint64_t before_2006 = 0;
  for (const auto& [m, n] : check->unpublished_months) {
    EXPECT_LT(m, "2006-01");
    before_2006 += n;
  }
  EXPECT_EQ(before_2006, 44u);
}

}  // namespace
}  // namespace writ::report
