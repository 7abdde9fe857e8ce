// Kleene three-valued logic: unknown propagates exactly as docs/language.md says.
#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;

const char* kInputs = R"W(
input a: bool
input b: bool
input s: string
input n: int
input xs: [bool]
input ns: [int]
)W";

// The value of a bool expression with a and b set (null = unknown).
std::string logic(const std::string& expr, const json& a, const json& b) {
  return eval("bool", expr, {{"a", a}, {"b", b}}, kInputs);
}

const json T = true, F = false, U = nullptr;

TEST(Kleene, And) {
  EXPECT_EQ(logic("a and b", F, U), "false");
  EXPECT_EQ(logic("a and b", U, F), "false");
  EXPECT_EQ(logic("a and b", T, U), "unknown");
  EXPECT_EQ(logic("a and b", U, T), "unknown");
  EXPECT_EQ(logic("a and b", U, U), "unknown");
  EXPECT_EQ(logic("a and b", T, T), "true");
  EXPECT_EQ(logic("a and b", T, F), "false");
}

TEST(Kleene, Or) {
  EXPECT_EQ(logic("a or b", T, U), "true");
  EXPECT_EQ(logic("a or b", U, T), "true");
  EXPECT_EQ(logic("a or b", F, U), "unknown");
  EXPECT_EQ(logic("a or b", U, F), "unknown");
  EXPECT_EQ(logic("a or b", U, U), "unknown");
  EXPECT_EQ(logic("a or b", F, F), "false");
}

TEST(Kleene, Not) {
  EXPECT_EQ(logic("not a", U, U), "unknown");
  EXPECT_EQ(logic("not a", T, U), "false");
  EXPECT_EQ(logic("not a", F, U), "true");
  EXPECT_EQ(logic("not not a", U, U), "unknown");
}

TEST(Kleene, AbsentIsUnknownLikeNull) {
  EXPECT_EQ(eval("bool", "a or b", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("bool", "a and b", {{"b", false}}, kInputs), "false");
}

TEST(Kleene, ComparisonsWithUnknownAreUnknown) {
  EXPECT_EQ(eval("bool", "s == \"x\"", {{"s", nullptr}}, kInputs), "unknown");
  EXPECT_EQ(eval("bool", "s != \"x\"", {{"s", nullptr}}, kInputs), "unknown");
  EXPECT_EQ(eval("bool", "n < 3", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("bool", "a == a", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("bool", "s == \"x\"", {{"s", "x"}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "s != \"x\"", {{"s", "y"}}, kInputs), "true");
}

TEST(Kleene, ArithmeticWithUnknownIsUnknown) {
  EXPECT_EQ(eval("int", "n + 1", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("int", "n * 2", {{"n", 21}}, kInputs), "42");
  EXPECT_EQ(eval("int", "-n", {{"n", 5}}, kInputs), "-5");
  EXPECT_EQ(eval("int", "-n", json::object(), kInputs), "unknown");
}

TEST(Kleene, Exists) {
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", {nullptr, true}}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", {true, nullptr}}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", {nullptr, false}}}, kInputs), "unknown");
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", {false, false}}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", json::array()}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "exists x in xs where x", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("bool", "exists x in xs where x", {{"xs", nullptr}}, kInputs), "unknown");
}

TEST(Kleene, All) {
  EXPECT_EQ(eval("bool", "all x in xs where x", {{"xs", {nullptr, false}}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "all x in xs where x", {{"xs", {false, nullptr}}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "all x in xs where x", {{"xs", {nullptr, true}}}, kInputs), "unknown");
  EXPECT_EQ(eval("bool", "all x in xs where x", {{"xs", {true, true}}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "all x in xs where x", {{"xs", json::array()}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "all x in xs where x", json::object(), kInputs), "unknown");
}

TEST(Kleene, CountAndSum) {
  EXPECT_EQ(eval("int", "count x in xs where x", {{"xs", {true, false, true}}}, kInputs), "2");
  EXPECT_EQ(eval("int", "count x in xs where x", {{"xs", {true, nullptr}}}, kInputs), "unknown");
  EXPECT_EQ(eval("int", "count x in xs where x", {{"xs", json::array()}}, kInputs), "0");
  EXPECT_EQ(eval("int", "count x in ns where x > 1", {{"ns", {1, 2, 3}}}, kInputs), "2");
  EXPECT_EQ(eval("int", "count x in ns where x > 1", {{"ns", {1, nullptr, 3}}}, kInputs), "unknown");
  EXPECT_EQ(eval("int", "sum x in ns of x", {{"ns", {1, 2, 3}}}, kInputs), "6");
  EXPECT_EQ(eval("int", "sum x in ns where x > 1 of x", {{"ns", {1, 2, 3}}}, kInputs), "5");
  EXPECT_EQ(eval("int", "sum x in ns of x", {{"ns", {1, nullptr}}}, kInputs), "unknown");
  EXPECT_EQ(eval("int", "sum x in ns of x", {{"ns", json::array()}}, kInputs), "0");
  // An element excluded by a known-false condition does not make the sum unknown.
  EXPECT_EQ(eval("int", "sum x in ns where known(x) of x", {{"ns", {1, nullptr, 4}}}, kInputs), "5");
}

TEST(Kleene, MaxAndMin) {
  EXPECT_EQ(eval("int", "max x in ns of x", {{"ns", {3, 9, 2}}}, kInputs), "9");
  EXPECT_EQ(eval("int", "min x in ns of x", {{"ns", {3, 9, 2}}}, kInputs), "2");
  EXPECT_EQ(eval("int", "min x in ns where x > 2 of x", {{"ns", {3, 9, 2}}}, kInputs), "3");
  EXPECT_EQ(eval("int", "max x in ns of x", {{"ns", json::array()}}, kInputs), "none");
  EXPECT_EQ(eval("int", "max x in ns of x", {{"ns", {3, nullptr}}}, kInputs), "unknown");
  EXPECT_EQ(eval("int", "max x in ns of x", json::object(), kInputs), "unknown");
}

TEST(Kleene, Membership) {
  EXPECT_EQ(eval("bool", "n in [1, 2]", {{"n", 2}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "n in [1, 2]", {{"n", 3}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "n not in [1, 2]", {{"n", 3}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "n in [1, 2]", json::object(), kInputs), "unknown");
  // An unknown element: a match elsewhere is still true, no match is unknown.
  EXPECT_EQ(eval("bool", "2 in ns", {{"ns", {nullptr, 2}}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "3 in ns", {{"ns", {nullptr, 2}}}, kInputs), "unknown");
  EXPECT_EQ(eval("bool", "3 in ns", {{"ns", json::array()}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "3 in ns", json::object(), kInputs), "unknown");
}

TEST(Kleene, IfThenElse) {
  EXPECT_EQ(eval("int", "if a then 1 else 2", {{"a", true}}, kInputs), "1");
  EXPECT_EQ(eval("int", "if a then 1 else 2", {{"a", false}}, kInputs), "2");
  EXPECT_EQ(eval("int", "if a then 1 else 2", json::object(), kInputs), "unknown");
  // With an unknown condition, equal branches give that value.
  EXPECT_EQ(eval("int", "if a then 7 else 7", json::object(), kInputs), "7");
  EXPECT_EQ(eval("bool", "if a then b else b", {{"b", true}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "if a then b else b", json::object(), kInputs), "unknown");
}

TEST(Kleene, KnownIsNeverUnknown) {
  EXPECT_EQ(eval("bool", "known(a)", json::object(), kInputs), "false");
  EXPECT_EQ(eval("bool", "known(a)", {{"a", false}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "known(a and b)", {{"a", false}}, kInputs), "true");
  EXPECT_EQ(eval("bool", "known(a and b)", {{"a", true}}, kInputs), "false");
  EXPECT_EQ(eval("bool", "not known(xs)", {{"xs", json::array()}}, kInputs), "false");
}

TEST(Kleene, LengthAndComprehensions) {
  EXPECT_EQ(eval("int", "length(ns)", {{"ns", {1, 2, 3}}}, kInputs), "3");
  EXPECT_EQ(eval("int", "length(ns)", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("int", "length([x for x in ns where x > 1])", {{"ns", {1, 2, 3}}}, kInputs), "2");
  EXPECT_EQ(eval("int", "length([x for x in ns where x > 1])", {{"ns", {1, nullptr, 3}}}, kInputs), "unknown");
  EXPECT_EQ(eval("int", "length([x for x in ns, y in ns])", {{"ns", {1, 2, 3}}}, kInputs), "9");
  EXPECT_EQ(eval("int", "sum x in [y * 2 for y in ns] of x", {{"ns", {1, 2}}}, kInputs), "6");
}

TEST(Kleene, MaxAndMinOfTwoValues) {
  EXPECT_EQ(eval("int", "max(n, 5)", {{"n", 3}}, kInputs), "5");
  EXPECT_EQ(eval("int", "min(n, 5)", {{"n", 3}}, kInputs), "3");
  EXPECT_EQ(eval("int", "max(n, 5)", json::object(), kInputs), "unknown");
  EXPECT_EQ(eval("date", "max(2024-01-01, 2023-12-31)", json::object(), kInputs), "2024-01-01");
  EXPECT_EQ(eval("date", "min(2024-01-01, 2023-12-31)", json::object(), kInputs), "2023-12-31");
}

TEST(Kleene, NoneIsKnownAndDistinctFromUnknown) {
  EXPECT_EQ(eval("bool", "known(none)", json::object(), kInputs), "true");
  EXPECT_EQ(eval("bool", "known(unknown)", json::object(), kInputs), "false");
  EXPECT_EQ(eval("bool", "unknown", json::object(), kInputs), "unknown");
}

}  // namespace
}  // namespace writ::testing
