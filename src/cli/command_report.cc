// writ report check-published REPORT.json TABLE.csv COLUMN[=ATTRIBUTE]... : compares the monthly
// figures of a what-if report (the JSON `writ batch --report` writes) with a published monthly
// table, prints the comparison, and fails (exit 1) when a required column does not hold.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "report/published_check.h"

namespace writ::cli {

namespace {

struct CheckArgs {
  std::string report, table;
  std::vector<std::string> columns, exact, shifts;
};

bool slurp(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

int run_check(const CheckArgs& a) {
  using namespace writ::report;
  std::vector<ColumnSource> columns;
  for (const std::string& c : a.columns) {
    const auto eq = c.find('=');
    columns.push_back(eq == std::string::npos ? ColumnSource{c, ""}
                                              : ColumnSource{c.substr(0, eq), c.substr(eq + 1)});
  }
  std::string report, table;
  if (!slurp(a.report, report)) return std::cerr << "writ: cannot read " << a.report << "\n", 2;
  if (!slurp(a.table, table)) return std::cerr << "writ: cannot read " << a.table << "\n", 2;
  auto figures = monthly_figures_from_json(report);
  if (!figures)
    return std::cerr << "writ: " << a.report << ": " << figures.error().message << "\n", 2;
  auto check = check_published(*figures, table, a.table, columns);
  if (!check) return std::cerr << "writ: " << check.error().message << "\n", 2;
  std::cout << describe(*check);

  const auto index = [&](const std::string& name) -> std::size_t {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (columns[k].column == name) return k;
    }
    return columns.size();
  };
  bool ok = true;
  for (const std::string& name : a.exact) {
    const std::size_t k = index(name);
    if (k == columns.size()) {
      return std::cerr << fmt::format("writ: --exact {}: not one of the compared columns\n", name),
             2;
    }
    if (!check->columns[k].exact()) {
      std::cout << fmt::format("FAIL: {} is not reproduced in every month\n", name);
      ok = false;
    }
  }
  for (const std::string& pair : a.shifts) {
    const auto comma = pair.find(',');
    const std::size_t ka =
        comma == std::string::npos ? columns.size() : index(pair.substr(0, comma));
    const std::size_t kb =
        comma == std::string::npos ? columns.size() : index(pair.substr(comma + 1));
    if (ka == columns.size() || kb == columns.size()) {
      return std::cerr << fmt::format(
                 "writ: --shift-explained {}: expected two compared columns A,B\n", pair),
             2;
    }
    if ((check->columns[ka].exact() && check->columns[kb].exact()) ||
        left_shift_explains(*check, ka, kb)) {
      std::cout << fmt::format("{}: every difference is the published table's left shift\n", pair);
    } else {
      std::cout << fmt::format("FAIL: {} differ other than by the published table's left shift\n",
                               pair);
      ok = false;
    }
  }
  std::cout << (ok ? "PASS\n" : "FAIL\n");
  return ok ? 0 : 1;
}

}  // namespace

void register_report(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("report", "work with what-if reports written by writ batch");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand(
      "check-published",
      "compare a report's monthly figures with a published monthly table (exit 1 if a required "
      "column does not hold)");
  auto a = std::make_shared<CheckArgs>();
  check->add_option("report", a->report, "the report's JSON (FILE.json beside FILE.html)")
      ->required();
  check->add_option("table", a->table, "the published table: CSV with a `month` column (yyyy-mm)")
      ->required();
  check
      ->add_option("columns", a->columns,
                   "COLUMN (compared with the records by month) or COLUMN=ATTRIBUTE (with the "
                   "records whose report attribute ATTRIBUTE is \"true\")")
      ->required();
  check->add_option("--exact", a->exact, "a column that must match in every month");
  check->add_option("--shift-explained", a->shifts,
                    "A,B: columns that may differ only where the table shifted a count one "
                    "column left (a blank cell dropped)");
  check->callback([&g, a] { g.exit_code = run_check(*a); });
}

}  // namespace writ::cli
