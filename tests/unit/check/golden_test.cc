// Golden-file tests of diagnostics. Each tests/golden/diagnostics/<name>.writ.md (or <name>/, a
// folder of policy files loaded together) is loaded with the real prelude, catalogs and calendars;
// Engine::diagnostics() must equal <name>.expected byte for byte.
//
// WRIT_UPDATE_GOLDEN=1 rewrites the .expected files from the current output instead of comparing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "writ/engine.h"

namespace writ {
namespace {

namespace fs = std::filesystem;

const fs::path& source_dir() {
  static const fs::path dir = WRIT_SOURCE_DIR;
  return dir;
}

fs::path golden_dir() {
  return source_dir() / "tests" / "golden" / "diagnostics";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Golden {
  std::string name;   // file or folder name without .writ.md
  fs::path input;     // the .writ.md file or the folder
  fs::path expected;  // <name>.expected
};

// Shown by GoogleTest (and in CTest's test names) as the golden's name, not as raw bytes.
void PrintTo(const Golden& g, std::ostream* os) {
  *os << g.name;
}

std::vector<Golden> goldens() {
  std::vector<Golden> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(golden_dir(), ec)) {
    std::string fn = e.path().filename().string();
    const std::string suffix = ".writ.md";
    if (e.is_directory()) {
      out.push_back({fn, e.path(), golden_dir() / (fn + ".expected")});
    } else if (fn.size() > suffix.size() &&
               fn.compare(fn.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string name = fn.substr(0, fn.size() - suffix.size());
      out.push_back({name, e.path(), golden_dir() / (name + ".expected")});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Golden& a, const Golden& b) { return a.name < b.name; });
  return out;
}

// What `writ check` would print for the golden: the rendered diagnostics, or the open() error.
std::string run(const fs::path& input) {
  EngineOptions opts;
  opts.home = source_dir().string();
  opts.policy_paths = {input.string()};
  auto engine = Engine::open(opts);
  if (!engine) return "Engine::open failed: " + engine.error().message + "\n";
  return (*engine)->diagnostics();
}

bool updating() {
  const char* u = std::getenv("WRIT_UPDATE_GOLDEN");
  return u && std::string(u) == "1";
}

class DiagnosticsGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(DiagnosticsGolden, MatchesExpected) {
  const Golden& g = GetParam();
  std::string got = run(g.input);
  if (updating()) {
    std::ofstream out(g.expected, std::ios::binary | std::ios::trunc);
    out << got;
    ASSERT_TRUE(out.good()) << "cannot write " << g.expected;
    GTEST_SKIP() << "updated " << g.expected.filename().string();
  }
  ASSERT_TRUE(fs::exists(g.expected))
      << g.expected << " is missing; run the test with WRIT_UPDATE_GOLDEN=1 to create it. Output:\n"
      << got;
  std::string want = slurp(g.expected);
  EXPECT_EQ(got, want) << "diagnostics of " << g.input.filename().string()
                       << " differ from the golden (WRIT_UPDATE_GOLDEN=1 rewrites it)";
}

TEST_P(DiagnosticsGolden, IsDeterministic) {
  const Golden& g = GetParam();
  EXPECT_EQ(run(g.input), run(g.input));
}

std::string test_name(const ::testing::TestParamInfo<Golden>& info) {
  std::string s = info.param.name;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Goldens, DiagnosticsGolden, ::testing::ValuesIn(goldens()), test_name);

TEST(DiagnosticsGoldens, ThereAreGoldensAndEachHasAnExpectedFile) {
  auto all = goldens();
  ASSERT_GE(all.size(), 60u);
  std::set<std::string> inputs;
  for (const auto& g : all) {
    inputs.insert(g.name);
    EXPECT_TRUE(fs::exists(g.expected)) << g.expected;
  }
  // And no stale .expected without its input.
  for (const auto& e : fs::directory_iterator(golden_dir())) {
    std::string fn = e.path().filename().string();
    if (e.path().extension() == ".expected") {
      EXPECT_TRUE(inputs.count(fn.substr(0, fn.size() - std::string(".expected").size())))
          << "stale golden " << fn;
    }
  }
}

// Every diagnostic code the front end, checker, compiler, engine and linter can emit has a golden
// that shows it. E0504 (a listed() list id the catalog does not have at link time) cannot be
// reached through Engine::open: the checker reports E0420 for the same list first.
TEST(DiagnosticsGoldens, EveryDiagnosticCodeInSrcHasAGolden) {
  const std::set<std::string> unreachable = {"E0504"};
  std::set<std::string> codes;
  const std::regex code_re("\"([EW]0[0-9]{3})\"");
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "src")) {
    if (!e.is_regular_file() || e.path().extension() != ".cc") continue;
    std::string text = slurp(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), code_re), end; it != end; ++it) {
      codes.insert((*it)[1].str());
    }
  }
  ASSERT_GE(codes.size(), 50u);
  std::string all_expected;
  for (const auto& g : goldens()) all_expected += slurp(g.expected);
  // `writ lint` findings (W06xx) have their goldens beside, in tests/golden/lint/.
  for (const auto& e : fs::directory_iterator(source_dir() / "tests" / "golden" / "lint")) {
    if (e.path().extension() == ".expected") all_expected += slurp(e.path());
  }
  for (const auto& c : codes) {
    if (unreachable.count(c)) continue;
    std::string mark = (c[0] == 'E' ? "error[" : "warning[") + c + "]";
    EXPECT_NE(all_expected.find(mark), std::string::npos) << "no golden shows " << c;
  }
}

// Loading every golden at once: the combined output is sorted by file and position and identical
// across runs.
TEST(DiagnosticsGoldens, AllAtOnceAreSortedAndDeterministic) {
  std::string a = run(golden_dir());
  std::string b = run(golden_dir());
  ASSERT_EQ(a, b);
  const std::regex head("^([^:\\s]+\\.writ\\.md):([0-9]+):([0-9]+): (error|warning)\\[");
  std::vector<std::tuple<std::string, int, int>> positions;
  std::istringstream in(a);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, head)) {
      positions.emplace_back(m[1].str(), std::stoi(m[2].str()), std::stoi(m[3].str()));
    }
  }
  ASSERT_GT(positions.size(), 60u);
  // Sorted by file (in load order, which is sorted by path) then line and column.
  for (size_t i = 1; i < positions.size(); ++i) {
    const auto& p = positions[i - 1];
    const auto& q = positions[i];
    if (std::get<0>(p) == std::get<0>(q)) {
      EXPECT_LE(std::make_pair(std::get<1>(p), std::get<2>(p)),
                std::make_pair(std::get<1>(q), std::get<2>(q)))
          << "out of order: " << std::get<0>(p) << ":" << std::get<1>(q);
    } else {
      EXPECT_LT(std::get<0>(p), std::get<0>(q)) << "files out of order";
    }
  }
  // Ends with the summary line.
  EXPECT_NE(a.rfind(" errors, "), std::string::npos);
}

TEST(DiagnosticsGoldens, BundledPoliciesAreClean) {
  EngineOptions opts;
  opts.home = source_dir().string();
  auto engine = Engine::open(opts);
  ASSERT_TRUE(engine) << engine.error().message;
  EXPECT_EQ((*engine)->diagnostics(), "");
  EXPECT_EQ((*engine)->error_count(), 0u);
  EXPECT_EQ((*engine)->warning_count(), 0u);
}

}  // namespace
}  // namespace writ
