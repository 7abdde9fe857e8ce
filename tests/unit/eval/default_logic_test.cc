// Default logic: base rules, exceptions, exceptions to exceptions, agreement and conflict, and
// exceptions whose applicability is unknown (docs/language.md, "rule").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const json T = true, F = false, U = nullptr;

std::string hold(const TestPolicy& p, const json& fields) {
  auto d = p.decide(fields);
  if (!d) return "ERROR: " + d.error().message;
  return permitted(*d, "hold");
}

TEST(DefaultLogic, BaseRuleAlone) {
  TestPolicy p("rule base cite \"c\" hold = false notify_release = false");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {}), "false");
  auto d = p.decide();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->outcome, "decline");
}

TEST(DefaultLogic, NoRuleForAnActionLeavesItUnknownAndTheOutcomeReview) {
  TestPolicy p("input a: bool\nrule only-transfer cite \"c\" transfer = true");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide();
  ASSERT_TRUE(d);
  EXPECT_EQ(permitted(*d, "hold"), "unknown");
  EXPECT_EQ(permitted(*d, "transfer"), "true");
  EXPECT_EQ(d->outcome, "review");
}

TEST(DefaultLogic, BaseAndException) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" hold = false
rule ex exception to base cite "c" when a hold = true
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}}), "true");
  EXPECT_EQ(hold(p, {{"a", F}}), "false");
  EXPECT_EQ(hold(p, {{"a", U}}), "unknown");
}

TEST(DefaultLogic, BaseWithACondition) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" when a hold = false
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}}), "false");
  EXPECT_EQ(hold(p, {{"a", F}}), "unknown");  // no rule applies: no value
  EXPECT_EQ(hold(p, {{"a", U}}), "unknown");
}

TEST(DefaultLogic, ExceptionOverException) {
  TestPolicy p(R"W(
input a: bool
input b: bool
def level : int
def probe : int cite "probe" = level
rule base cite "c" level = 0
rule e1 exception to base cite "c" when a level = 1
rule e2 exception to e1 cite "c" when b level = 2
rule r cite "c" hold = known(probe)
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto level = [&](const json& a, const json& b) {
    auto d = p.decide({{"a", a}, {"b", b}});
    if (!d) return "ERROR: " + d.error().message;
    const Reason* r = reason(*d, "probe");
    return r ? r->value : std::string("no reason");
  };
  EXPECT_EQ(level(F, F), "0");
  EXPECT_EQ(level(T, F), "1");
  EXPECT_EQ(level(T, T), "2");
  // An exception overrides its rule whether or not the rule's own condition holds.
  EXPECT_EQ(level(F, T), "2");
  EXPECT_EQ(level(U, F), "unknown");
  EXPECT_EQ(level(T, U), "unknown");
}

TEST(DefaultLogic, TwoApplicableExceptionsThatAgree) {
  TestPolicy p(R"W(
input a: bool
input b: bool
rule base cite "c" hold = false
rule e1 exception to base cite "c" when a hold = true
rule e2 exception to base cite "c" when b hold = true
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}, {"b", T}}), "true");
  EXPECT_EQ(hold(p, {{"a", T}, {"b", F}}), "true");
  EXPECT_EQ(hold(p, {{"a", F}, {"b", F}}), "false");
}

TEST(DefaultLogic, TwoApplicableExceptionsThatDisagreeAreAConflict) {
  TestPolicy p(R"W(
input a: bool
input b: bool
rule base cite "c" hold = false
rule yes exception to base cite "c" when a hold = true
rule flip exception to base cite "c" when b hold = false
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide({{"a", T}, {"b", T}});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kConflict);
  EXPECT_THAT(d.error().message, HasSubstr("'yes'"));
  EXPECT_THAT(d.error().message, HasSubstr("'flip'"));
  EXPECT_THAT(d.error().message, HasSubstr("'hold'"));
  // Only one applies: no conflict.
  EXPECT_EQ(hold(p, {{"a", T}, {"b", F}}), "true");
}

TEST(DefaultLogic, AnApplicableExceptionSettingUnknownIsNotAConflict) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" hold = false
rule yes exception to base cite "c" hold = true
rule ask exception to base cite "c" when a hold = unknown
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}}), "unknown");
  EXPECT_EQ(hold(p, {{"a", F}}), "true");
}

TEST(DefaultLogic, ConflictIsReportedAlsoWithoutExplanation) {
  TestPolicy p(R"W(
rule base cite "c" hold = false
rule yes exception to base cite "c" hold = true
rule no exception to base cite "c" hold = false
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  DecideOptions fast;
  fast.explain = false;
  auto d = p.decide({}, fast);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kConflict);
}

TEST(DefaultLogic, TwoBaseRulesThatDisagreeAreAConflict) {
  TestPolicy p(R"W(
rule one cite "c" hold = false
rule two cite "c" hold = true
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide();
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kConflict);
}

TEST(DefaultLogic, UnknownExceptionWithADifferentValueMakesTheResultUnknown) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" hold = false
rule ex exception to base cite "c" when a hold = true
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", U}}), "unknown");
}

TEST(DefaultLogic, UnknownExceptionWithTheSameValueAsTheBaseKeepsItKnown) {
  // docs/language.md, rule 3: "An exception whose condition is unknown makes the result unknown,
  // unless its value would be the same as the result without it." (Regression: the value of an
  // exception whose condition was unknown was dropped, so agreement could never be seen.)
  TestPolicy p(R"W(
input a: bool
rule base cite "c" hold = false
rule same exception to base cite "c" when a hold = false
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}}), "false");
  EXPECT_EQ(hold(p, {{"a", F}}), "false");
  EXPECT_EQ(hold(p, {{"a", U}}), "false");
}

TEST(DefaultLogic, UnknownExceptionAgreeingWithAnApplicableExceptionKeepsItKnown) {
  // nyc-doc's information rules have this shape: one exception applies (true), another's
  // condition is unknown but it would also give true.
  TestPolicy p(R"W(
input a: bool
input b: bool
rule base cite "c" hold = false
rule e1 exception to base cite "c" when a hold = true
rule e2 exception to base cite "c" when b hold = true
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}, {"b", U}}), "true");
}

TEST(DefaultLogic, UnknownBaseConditionGivesUnknown) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" when a hold = false
rule other cite "c" when not a hold = false
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  EXPECT_EQ(hold(p, {{"a", T}}), "false");
  EXPECT_EQ(hold(p, {{"a", F}}), "false");
  EXPECT_EQ(hold(p, {{"a", U}}), "unknown");
}

TEST(DefaultLogic, AssigningUnknownLeavesTheQuestionToAPerson) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" says "base" hold = false
rule counsel exception to base cite "c" says "counsel must decide" when a hold = unknown
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide({{"a", T}});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(permitted(*d, "hold"), "unknown");
  EXPECT_EQ(d->outcome, "review");
  const Reason* r = reason(*d, "counsel");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->because, "counsel must decide");
}

TEST(DefaultLogic, HoldUntilFollowsTheRuleThatDecidesTheHold) {
  TestPolicy p(R"W(
input a: bool
rule base cite "c" hold = true hold.until = 2024-03-02T10:00:00-05:00
rule unbounded exception to base cite "c" when a hold.until = none
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide({{"a", false}});
  ASSERT_TRUE(d) << d.error().message;
  const ActionDecision* h = action(*d, "hold");
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->has_until);
  EXPECT_EQ(h->until.value_or("?"), "2024-03-02T10:00:00-05:00");
  d = p.decide({{"a", true}});
  ASSERT_TRUE(d);
  h = action(*d, "hold");
  EXPECT_FALSE(h->has_until);
  EXPECT_EQ(permitted(*d, "hold"), "true");
  // The hold is permitted either way; whether it is bounded is unknown.
  d = p.decide({{"a", nullptr}});
  ASSERT_TRUE(d);
  EXPECT_EQ(permitted(*d, "hold"), "true");
  h = action(*d, "hold");
  EXPECT_TRUE(h->has_until);
  EXPECT_FALSE(h->until.has_value());  // an unknown bound
}

TEST(DefaultLogic, OutcomeOverRequestedActions) {
  TestPolicy p(R"W(
input a: bool
input b: bool
rule h cite "c" hold = a
rule n cite "c" notify_release = b
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto outcome = [&](const json& a, const json& b) {
    auto d = p.decide({{"a", a}, {"b", b}});
    return d ? d->outcome : "ERROR: " + d.error().message;
  };
  // A detainer asks for hold and notify_release: honor if either is permitted.
  EXPECT_EQ(outcome(T, F), "honor");
  EXPECT_EQ(outcome(F, T), "honor");
  EXPECT_EQ(outcome(T, U), "honor");
  EXPECT_EQ(outcome(F, F), "decline");
  EXPECT_EQ(outcome(F, U), "review");
  // A transfer request asks for neither: no rule for transfer, so review.
  auto d = p.decide({{"a", T}, {"b", T}, {"request", {{"kind", "transfer"}}}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->outcome, "review");
  EXPECT_EQ(d->request_kind, "transfer");
  // An unknown request kind: review.
  d = p.decide({{"a", T}, {"request", {{"kind", nullptr}}}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->outcome, "review");
  EXPECT_EQ(d->request_kind, "");
}

}  // namespace
}  // namespace writ::testing
