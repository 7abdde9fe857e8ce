// report_check_published: compares a what-if report's monthly figures (the JSON `writ batch
// --report` writes beside the HTML) with a published monthly table, prints the comparison and
// exits 0 only when the required columns hold. Used by the CLI-level CTest on the Travis County
// release (tests/unit/report/CMakeLists.txt).
//
//   report_check_published REPORT.json TABLE.csv COLUMN[=ATTRIBUTE]... [--exact COLUMN]...
//                          [--shift-explained COLUMN_A,COLUMN_B]...
//
// COLUMN alone is compared with the records by month; COLUMN=ATTRIBUTE with the records whose
// report attribute ATTRIBUTE is "true". --exact: every month must match. --shift-explained: the
// two columns must differ only where left_shift_explains (see published_check.h) says the
// published table shifted a count one column left.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "report/published_check.h"

namespace {

bool slurp(const char* path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

int usage() {
  std::cerr << "usage: report_check_published REPORT.json TABLE.csv COLUMN[=ATTRIBUTE]... "
               "[--exact COLUMN]... [--shift-explained COLUMN_A,COLUMN_B]...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace writ::report;
  if (argc < 4) return usage();
  std::vector<ColumnSource> columns;
  std::vector<std::string> exact;
  std::vector<std::pair<std::string, std::string>> shifts;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--exact" || arg == "--shift-explained") {
      if (++i >= argc) return usage();
      const std::string v = argv[i];
      if (arg == "--exact") {
        exact.push_back(v);
      } else {
        const auto comma = v.find(',');
        if (comma == std::string::npos) return usage();
        shifts.emplace_back(v.substr(0, comma), v.substr(comma + 1));
      }
    } else {
      const auto eq = arg.find('=');
      columns.push_back(eq == std::string::npos
                            ? ColumnSource{arg, ""}
                            : ColumnSource{arg.substr(0, eq), arg.substr(eq + 1)});
    }
  }
  std::string report, table;
  if (!slurp(argv[1], report)) return std::cerr << "cannot read " << argv[1] << "\n", 2;
  if (!slurp(argv[2], table)) return std::cerr << "cannot read " << argv[2] << "\n", 2;
  auto figures = monthly_figures_from_json(report);
  if (!figures.ok()) return std::cerr << argv[1] << ": " << figures.error().message << "\n", 2;
  auto check = check_published(*figures, table, argv[2], columns);
  if (!check.ok()) return std::cerr << check.error().message << "\n", 2;
  std::cout << describe(*check);

  const auto index = [&](const std::string& name) -> std::size_t {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (columns[k].column == name) return k;
    }
    return columns.size();
  };
  bool ok = true;
  for (const std::string& name : exact) {
    const std::size_t k = index(name);
    if (k == columns.size())
      return std::cerr << "--exact " << name << ": not a compared column\n", 2;
    if (!check->columns[k].exact()) {
      std::cout << "FAIL: " << name << " is not reproduced in every month\n";
      ok = false;
    }
  }
  for (const auto& [a, b] : shifts) {
    const std::size_t ka = index(a), kb = index(b);
    if (ka == columns.size() || kb == columns.size()) {
      return std::cerr << "--shift-explained " << a << "," << b << ": not compared columns\n", 2;
    }
    const bool both_exact = check->columns[ka].exact() && check->columns[kb].exact();
    if (both_exact || left_shift_explains(*check, ka, kb)) {
      std::cout << a << ", " << b << ": every difference is the published table's left shift\n";
    } else {
      std::cout << "FAIL: " << a << ", " << b
                << " differ from the published table other than by its left shift\n";
      ok = false;
    }
  }
  std::cout << (ok ? "PASS\n" : "FAIL\n");
  return ok ? 0 : 1;
}
