// Evaluations that stress the evaluator's internal storage: many list values in one decision,
// many parameters, many string constants, and integer extremes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;

TEST(EvalLimits, AFewListLiteralsInALoop) {
  json ns = json::array();
  for (int i = 0; i < 20; ++i) ns.push_back(i + 10);
  EXPECT_EQ(eval("bool", "exists x in ns where x in [1, 2, 3]", {{"ns", ns}}, "input ns: [int]"), "false");
  ns.push_back(2);
  EXPECT_EQ(eval("bool", "exists x in ns where x in [1, 2, 3]", {{"ns", ns}}, "input ns: [int]"), "true");
}

TEST(EvalLimits, ManyListLiteralsInOneDecision) {
  // Each evaluation of a list literal takes a List from Scratch. Regression: Scratch::list_items
  // found its storage by `l - &lists_[0]` across std::deque blocks (32 Lists each), so the 33rd
  // list value of a decision read out of bounds.
  json ns = json::array();
  for (int i = 0; i < 40; ++i) ns.push_back(i + 10);
  EXPECT_EQ(eval("bool", "exists x in ns where x in [1, 2, 3]", {{"ns", ns}}, "input ns: [int]"), "false");
}

TEST(EvalLimits, ManyComprehensionsInOneDecision) {
  json ns = json::array();
  for (int i = 0; i < 40; ++i) ns.push_back(i);
  EXPECT_EQ(eval("int", "count x in ns where length([y for y in ns where y == x]) == 1", {{"ns", ns}},
                 "input ns: [int]"),
            "40");
}

TEST(EvalLimits, DefinitionsWithUpToEightParameters) {
  EXPECT_EQ(eval("int", "f(1, 2, 3, 4, 5, 6, 7, 8)", json::object(),
                 "def f(a: int, b: int, c: int, d: int, e: int, g: int, h: int, i: int) : int = i * 10 + a"),
            "81");
}

TEST(EvalLimits, DefinitionsWithMoreThanEightParametersAreRefused) {
  // The evaluator binds at most 8 arguments; the checker refuses more (E0225). Regression: a 9th
  // parameter used to be left unbound (unknown, or a stale value from an earlier call).
  TestPolicy p("def f(a: int, b: int, c: int, d: int, e: int, g: int, h: int, i: int, j: int) : int = j\n"
               "rule r cite \"c\" hold = f(1, 2, 3, 4, 5, 6, 7, 8, 9) == 9");
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.diagnostics().find("error[E0225]"), std::string::npos) << p.diagnostics();
}

TEST(EvalLimits, ManyStringConstants) {
  // Regression: Program::const_strings was a vector reserved for 4096 strings with Values pointing
  // into it; the 4097th string constant reallocated it and every earlier string Value dangled.
  std::string list = "[";
  for (int i = 0; i < 5000; ++i) list += (i ? ", \"s" : "\"s") + std::to_string(i) + "\"";
  list += "]";
  EXPECT_EQ(eval("bool", "s in " + list, {{"s", "s1"}}, "input s: string"), "true");
}

TEST(EvalLimits, LargeIntegersFromTheCase) {
  EXPECT_EQ(eval("int", "n", {{"n", 9223372036854775807LL}}, "input n: int"), "9223372036854775807");
  EXPECT_EQ(eval("bool", "n > 0", {{"n", 9223372036854775807LL}}, "input n: int"), "true");
}

TEST(EvalLimits, IntegerOverflowIsUnknownNotUndefinedBehaviour) {
  // Regression: `n + 1` with n = INT64_MAX was signed overflow (UB) in Eval::arith.
  const json max = {{"n", 9223372036854775807LL}}, min = {{"n", -9223372036854775807LL - 1}};
  EXPECT_EQ(eval("int", "n + 1", max, "input n: int"), "unknown");
  EXPECT_EQ(eval("int", "n - 1", min, "input n: int"), "unknown");
  EXPECT_EQ(eval("int", "n * 2", max, "input n: int"), "unknown");
  EXPECT_EQ(eval("int", "-n", min, "input n: int"), "unknown");
  EXPECT_EQ(eval("int", "n - 1", max, "input n: int"), "9223372036854775806");
  EXPECT_EQ(eval("int", "sum x in ns of x", {{"ns", {9223372036854775807LL, 1}}}, "input ns: [int]"), "unknown");
}

TEST(EvalLimits, DatePlusAHugeIntegerIsUnknown) {
  // Regression: `d + n` computed a.date + sign * b.i and cast it to int32, overflowing for n near
  // INT64_MAX (UB) and wrapping for n = 3e9 (2024-01-01 + 3000000000 = -3543477-12-20).
  const char* decls = "input d: date\ninput n: int";
  EXPECT_EQ(eval("date", "d + n", {{"d", "2024-01-01"}, {"n", 9223372036854775807LL}}, decls), "unknown");
  EXPECT_EQ(eval("date", "d - n", {{"d", "2024-01-01"}, {"n", 9223372036854775807LL}}, decls), "unknown");
  EXPECT_EQ(eval("date", "d + n", {{"d", "2024-01-01"}, {"n", 3000000000LL}}, decls), "unknown");
  EXPECT_EQ(eval("date", "d + n", {{"d", "2024-01-01"}, {"n", -3000000000LL}}, decls), "unknown");
  EXPECT_EQ(eval("date", "d + n", {{"d", "2024-01-01"}, {"n", 366}}, decls), "2025-01-01");
}

TEST(EvalLimits, DateMinusTheSmallestIntegerIsNotUndefinedBehaviour) {
  // Regression: the range check took std::abs(b.i) and computed sign * b.i, both undefined for
  // INT64_MIN (fixed in 3296503).
  const char* decls = "input d: date\ninput n: int";
  EXPECT_EQ(eval("date", "d - n", {{"d", "2024-01-01"}, {"n", -9223372036854775807LL - 1}}, decls), "unknown");
  EXPECT_EQ(eval("date", "d + n", {{"d", "2024-01-01"}, {"n", -9223372036854775807LL - 1}}, decls), "unknown");
}

TEST(EvalLimits, DurationsDoNotWrapAround) {
  // Regression: duration literals were truncated to int32 by the compiler (2024-01-01 +
  // 3000000000 days = -3543477-12-20) and duration sums wrapped (2024-01-01 + (2147483647 years +
  // 1 year) = -5877641-06-23). Literals over 1,000,000 are now E0110; sums are checked.
  std::string d1 = eval("date", "2024-01-01 + 3000000000 days");
  EXPECT_NE(d1.find("error[E0110]"), std::string::npos) << d1;
  std::string d2 = eval("date", "2024-01-01 + (2147483647 years + 1 year)");
  EXPECT_NE(d2.find("error[E0110]"), std::string::npos) << d2;
  EXPECT_EQ(eval("date", "2024-01-01 + (1000000 years + 1000000 years)"), "unknown");
  EXPECT_EQ(eval("date", "2024-01-01 + (1000000 days - 1000000 days)"), "2024-01-01");
}

TEST(EvalLimits, DatesAtTheEdgesOfTheCalendarDoNotCrash) {
  EXPECT_EQ(eval("date", "9999-12-30 + 1 day"), "9999-12-31");
  EXPECT_EQ(eval("date", "0001-01-02 - 1 day"), "0001-01-01");
  EXPECT_NE(eval("date", "9999-12-31 + 1 day").rfind("ERROR", 0), 0u);
  // A duration literal that large is refused when the policy is checked (E0110).
  EXPECT_EQ(eval("date", "2024-01-01 + 2000000000 years").rfind("ERROR", 0), 0u);
  EXPECT_EQ(eval("datetime", "2024-01-01T00:00:00Z + 2000000000 years").rfind("ERROR", 0), 0u);
  EXPECT_EQ(eval("date", "9999-12-31 + 1000000 years"), "unknown");
}

}  // namespace
}  // namespace writ::testing
