// Test coverage: what the literate tests exercised, per policy file.
#include "testing/coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/policy_tests.h"

namespace writ::testing {
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

std::unique_ptr<Engine> demo() {
  EngineOptions o;
  o.home = kSource.string();
  o.policy_paths = {(kSource / "tests/data/notices").string()};
  auto r = Engine::open(o);
  return r ? std::move(*r) : nullptr;
}

TEST(Coverage, NothingRunIsNothingCovered) {
  auto e = demo();
  ASSERT_TRUE(e);
  CoverageRecorder rec(*e);
  auto rep = rec.report();
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(rep[0].file, "tests/data/notices/notices.writ.md");
  EXPECT_THAT(unapplied_rules(rep), ::testing::ElementsAre(HasSubstr("rule no-hold")));
  EXPECT_THAT(coverage_table(rep), HasSubstr("NEVER APPLIED"));
}

TEST(Coverage, TheTestsApplyTheRuleAndEvaluateTheDefinition) {
  auto e = demo();
  ASSERT_TRUE(e);
  CoverageRecorder rec(*e);
  TestFile tf = parse_test_file("n", slurp(kSource / "tests/data/notices/notices.test.md"));
  for (const auto& t : tf.tests) EXPECT_TRUE(run_test(*e, tf, t, &rec).passed);
  auto rep = rec.report();
  EXPECT_TRUE(unapplied_rules(rep).empty());
  auto j = nlohmann::json::parse(coverage_json(rep));
  EXPECT_EQ(j["format"], "writ-coverage/1");
  bool def_seen = false;
  for (const auto& it : j["files"][0]["items"]) {
    if (it["kind"] == "def" && it["name"] == "ice_request") def_seen = it["evaluated"];
  }
  EXPECT_TRUE(def_seen);
}

TEST(Coverage, WhenConditionsAndBranchesOnTheNycPolicies) {
  EngineOptions o;
  o.home = kSource.string();
  auto e = Engine::open(o);
  ASSERT_TRUE(e);
  CoverageRecorder rec(**e);
  TestFile tf = parse_test_file("doc", slurp(kSource / "policies/nyc/doc.test.md"));
  ASSERT_FALSE(tf.tests.empty());
  // One test only: some exceptions are never applied, and the report says which.
  run_test(**e, tf, tf.tests[0], &rec);
  auto one = rec.report();
  EXPECT_FALSE(unapplied_rules(one).empty());
  for (const auto& t : tf.tests) run_test(**e, tf, t, &rec);
  std::string table = coverage_table(rec.report());
  EXPECT_THAT(table, HasSubstr("policies/nyc/doc.writ.md"));
  for (const auto& gap : unapplied_rules(rec.report())) {
    EXPECT_THAT(gap, ::testing::Not(HasSubstr("doc.writ.md"))) << gap;
  }
}

}  // namespace
}  // namespace writ::testing
