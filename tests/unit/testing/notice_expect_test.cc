// `expect notice ID [certain|uncertain]` and `expect no notice ID` in literate policy tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

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

const Engine& demo() {
  static std::unique_ptr<Engine> e = [] {
    EngineOptions o;
    o.home = kSource.string();
    o.policy_paths = {(kSource / "tests/data/notices").string()};
    auto r = Engine::open(o);
    return r ? std::move(*r) : nullptr;
  }();
  return *e;
}

// The fixture of the notice tests with one test whose lines are `lines`.
TestFile with_test(const std::string& lines) {
  std::string text = slurp(kSource / "tests/data/notices/notices.test.md");
  auto end = text.find("```writ-test");
  std::string fixture = text.substr(0, end);
  return parse_test_file("t.test.md", fixture + "```writ-test\npolicy notice-demo\ngiven base\n" +
                                          "test \"t\"\n" + lines + "```\n");
}

TestResult run_one(const TestFile& tf) {
  EXPECT_TRUE(tf.errors.empty());
  EXPECT_EQ(tf.tests.size(), 1u);
  return run_test(demo(), tf, tf.tests.at(0));
}

TEST(NoticeExpectations, TheNoticeTestFilePasses) {
  TestFile tf =
      parse_test_file("notices.test.md", slurp(kSource / "tests/data/notices/notices.test.md"));
  ASSERT_TRUE(tf.errors.empty());
  ASSERT_GE(tf.tests.size(), 5u);
  for (const auto& t : tf.tests) {
    TestResult r = run_test(demo(), tf, t);
    EXPECT_TRUE(r.passed) << t.name << "\n" << r.failure;
  }
}

TEST(NoticeExpectations, ExpectNoticeFailsWhenNotGiven) {
  TestFile tf =
      with_test("  set request.kind = \"information\"\n  expect notice copy_of_request\n");
  TestResult r = run_one(tf);
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.failure, HasSubstr("notice copy_of_request: expected given, but it is not"));
}

TEST(NoticeExpectations, ExpectNoNoticeFailsWhenGiven) {
  TestResult r = run_one(with_test("  expect no notice rights\n"));
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.failure, HasSubstr("notice rights: expected not given, but it is"));
}

TEST(NoticeExpectations, CertaintyIsChecked) {
  TestResult r =
      run_one(with_test("  unset request.kind\n  expect notice copy_of_request certain\n"));
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.failure, HasSubstr("expected certain, but it is uncertain"));
  r = run_one(with_test("  expect notice copy_of_request uncertain\n"));
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.failure, HasSubstr("expected uncertain, but it is certain"));
  r = run_one(with_test("  expect notice copy_of_request maybe\n"));
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.failure, HasSubstr("'maybe' is not certain or uncertain"));
}

TEST(NoticeExpectations, TheFailureShowsTheMemoWithTheNotices) {
  TestResult r = run_one(with_test("  expect no notice rights\n"));
  EXPECT_THAT(r.failure, HasSubstr("Notices owed to the person"));
}

}  // namespace
}  // namespace writ::testing
