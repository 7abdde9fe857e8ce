// Golden tests of `writ lint`: each tests/golden/lint/<name>.writ.md is loaded with the real
// prelude, catalogs and calendars and linted; the rendered findings must equal <name>.expected.
// WRIT_UPDATE_GOLDEN=1 rewrites the .expected files. Also: the bundled policies lint clean, and a
// reported conflict's witness case really is a conflict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine_impl.h"
#include "lint/lint.h"

namespace writ::lint {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kSource = WRIT_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<Engine> open_with(const std::vector<std::string>& paths) {
  EngineOptions o;
  o.home = kSource.string();
  o.policy_paths = paths;
  auto e = Engine::open(o);
  EXPECT_TRUE(e) << e.error().message;
  return e ? std::move(*e) : nullptr;
}

std::string run(const fs::path& input) {
  auto e = open_with({input.string()});
  if (!e) return "open failed\n";
  if (e->error_count() > 0) return e->diagnostics();
  return render_all(lint(*e).diags, *e->impl().sources);
}

std::vector<fs::path> inputs() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kSource / "tests/golden/lint")) {
    std::string n = e.path().filename().string();
    if (n.size() > 8 && n.compare(n.size() - 8, 8, ".writ.md") == 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LintGolden, EachMatchesItsExpectedFile) {
  auto all = inputs();
  ASSERT_GE(all.size(), 2u);
  for (const auto& in : all) {
    std::string name = in.filename().string();
    fs::path expected = in.parent_path() / (name.substr(0, name.size() - 8) + ".expected");
    std::string got = run(in);
    const char* u = std::getenv("WRIT_UPDATE_GOLDEN");
    if (u && std::string(u) == "1") {
      std::ofstream(expected, std::ios::binary | std::ios::trunc) << got;
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << expected << " is missing; output:\n" << got;
    EXPECT_EQ(got, slurp(expected)) << name << " differs (WRIT_UPDATE_GOLDEN=1 rewrites it)";
  }
}

TEST(LintGolden, EveryLintCodeHasAGolden) {
  std::string all;
  for (const auto& in : inputs()) {
    std::string n = in.string();
    all += slurp(n.substr(0, n.size() - 8) + ".expected");
  }
  for (const char* code : {"W0601", "W0602", "W0603", "W0604", "W0605", "W0606"}) {
    EXPECT_THAT(all, HasSubstr(std::string("warning[") + code + "]")) << code;
  }
}

TEST(Lint, SatisfiableConditionsAreNotReported) {
  EXPECT_EQ(run(kSource / "tests/golden/lint/clean.writ.md"), "");
}

TEST(Lint, BundledPoliciesLintClean) {
  auto e = open_with({});
  ASSERT_TRUE(e);
  auto r = lint(*e);
  EXPECT_EQ(render_all(r.diags, *e->impl().sources), "");
}

TEST(Lint, TheConflictWitnessIsAConflict) {
  auto e = open_with({(kSource / "tests/golden/lint/findings.writ.md").string()});
  ASSERT_TRUE(e);
  std::string out = render_all(lint(*e).diags, *e->impl().sources);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("a case where both apply: (\\{.*\\})")));
  DecideOptions o;
  o.as_of = "2020-01-01";
  auto d = e->decide("g-lint", m[1].str(), o);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kConflict) << d.error().message;
}

TEST(Lint, PreludeFieldsReadByNoPolicyAreInformational) {
  auto e = open_with({(kSource / "tests/golden/lint/clean.writ.md").string()});
  ASSERT_TRUE(e);
  auto r = lint(*e);
  EXPECT_TRUE(r.diags.sorted().empty());
  EXPECT_THAT(r.unread_prelude_fields, ::testing::Contains("Subject.unlawful_reentry"));
}

}  // namespace
}  // namespace writ::lint
