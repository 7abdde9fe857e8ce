// Explanations: reasons in evaluation order with their citations and facts, missing facts with
// what each value would settle, and deterministic output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const char* kPolicy = R"W(
input a: bool
input b: bool
input level: Level

def has_warrant : bool
  cite "§ warrant"
  says true "a warrant naming the subject was presented"
  says false "no warrant naming the subject"
  says unknown "not known whether a warrant was presented"
  = exists d in request.documents where d.type == warrant and d.names_subject

def serious : bool
  cite "§ serious"
  says "whether the matter is serious"
  = a or level == felony

def helper(x: bool) : bool = x

rule base
  cite "§ base"
  says "no hold unless the exception applies"
  hold = false
  notify_release = false

rule allowed exception to base
  cite "§ allowed"
  says applies "a warrant and a serious matter"
  says unknown "depends on unknown facts"
  when has_warrant and helper(serious)
  hold = true
  notify_release = true
)W";

json warrant_doc(const json& names_subject) {
  return {{"request", {{"documents", {{{"type", "warrant"}, {"names_subject", names_subject}}}}}}};
}

json with(json base, const json& more) {
  for (auto it = more.begin(); it != more.end(); ++it) base[it.key()] = it.value();
  return base;
}

TEST(Explain, ReasonsInEvaluationOrderWithCitationsAndFacts) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(with(warrant_doc(true), {{"a", true}}));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "honor");
  std::vector<std::string> names;
  for (const auto& r : d->reasons) names.push_back(r.rule);
  EXPECT_THAT(names, ElementsAre("has_warrant", "serious", "allowed"));
  const Reason* w = reason(*d, "has_warrant");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->kind, "definition");
  EXPECT_EQ(w->cite, "§ warrant");
  EXPECT_EQ(tri(w->holds), "true");
  EXPECT_EQ(w->because, "a warrant naming the subject was presented");
  // A field of a list element is reported as the element.
  EXPECT_THAT(w->facts, ElementsAre("request.documents[0]"));
  const Reason* s = reason(*d, "serious");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->because, "whether the matter is serious");  // an unqualified says
  EXPECT_THAT(s->facts, ElementsAre("a"));
  const Reason* r = reason(*d, "allowed");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, "rule");
  EXPECT_EQ(r->cite, "§ allowed");
  EXPECT_EQ(tri(r->holds), "true");
  EXPECT_EQ(r->because, "a warrant and a serious matter");
  EXPECT_THAT(r->decides, ElementsAre("hold", "notify_release"));
  // Definitions with parameters are helpers, never reasons.
  EXPECT_EQ(reason(*d, "helper"), nullptr);
}

TEST(Explain, ShortCircuitingIsHonest) {
  // No warrant: `serious` is never evaluated, so it is not a reason.
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(with(warrant_doc(false), {{"a", true}}));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "decline");
  std::vector<std::string> names;
  for (const auto& r : d->reasons) names.push_back(r.rule);
  EXPECT_THAT(names, ElementsAre("has_warrant", "base"));
  EXPECT_EQ(reason(*d, "has_warrant")->because, "no warrant naming the subject");
  EXPECT_EQ(reason(*d, "base")->because, "no hold unless the exception applies");
}

TEST(Explain, MissingFactsAndWhatTheySettle) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(with(warrant_doc(true), {{"a", nullptr}, {"level", "misdemeanor"}}));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "review");
  ASSERT_EQ(d->missing.size(), 1u);
  EXPECT_EQ(d->missing[0].fact, "a");
  EXPECT_EQ(d->missing[0].settles, "honor if true, decline if false");
  const Reason* r = reason(*d, "allowed");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(tri(r->holds), "unknown");
  EXPECT_EQ(r->because, "depends on unknown facts");
  EXPECT_EQ(reason(*d, "serious")->holds, std::nullopt);
}

TEST(Explain, MissingFactsInListElementsAndEnums) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(with(warrant_doc(nullptr), {{"a", nullptr}, {"level", nullptr}}));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "review");
  std::vector<std::string> facts;
  for (const auto& m : d->missing) facts.push_back(m.fact);
  // Sorted by path; the element's field is named in full.
  EXPECT_THAT(facts, ElementsAre("a", "level", "request.documents[0].names_subject"));
  EXPECT_EQ(d->missing[0].settles, "still review if true, still review if false");
  EXPECT_EQ(d->missing[1].settles,
            "still review if felony, still review if misdemeanor, still review if violation, "
            "still review if infraction, still review if indictable, still review if disorderly_persons");
  EXPECT_EQ(d->missing[2].settles, "still review if true, decline if false");
}

TEST(Explain, NoMissingFactsUnlessReview) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  // level is unknown but `a` already settles `serious`.
  auto d = p.decide(with(warrant_doc(true), {{"a", true}, {"level", nullptr}}));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->outcome, "honor");
  EXPECT_THAT(d->missing, IsEmpty());
}

TEST(Explain, WithoutExplanationThereAreNoReasons) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  DecideOptions o;
  o.explain = false;
  auto fast = p.decide(with(warrant_doc(true), {{"a", nullptr}}), o);
  auto full = p.decide(with(warrant_doc(true), {{"a", nullptr}}));
  ASSERT_TRUE(fast);
  ASSERT_TRUE(full);
  EXPECT_THAT(fast->reasons, IsEmpty());
  EXPECT_THAT(fast->missing, IsEmpty());
  // Same outcome and actions either way.
  EXPECT_EQ(fast->outcome, full->outcome);
  ASSERT_EQ(fast->actions.size(), full->actions.size());
  for (size_t i = 0; i < fast->actions.size(); ++i) {
    EXPECT_EQ(fast->actions[i].permitted, full->actions[i].permitted) << fast->actions[i].name;
  }
}

TEST(Explain, DecisionJsonIsDeterministic) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  json c = with(warrant_doc(nullptr), {{"a", nullptr}, {"b", true}});
  auto d1 = p.decide(c);
  auto d2 = p.decide(c);
  ASSERT_TRUE(d1);
  ASSERT_TRUE(d2);
  EXPECT_EQ(to_json(*d1), to_json(*d2));
  EXPECT_EQ(to_json(*d1, -1), to_json(*d2, -1));
  // And across engines loaded separately.
  TestPolicy q(kPolicy);
  auto d3 = q.decide(c);
  ASSERT_TRUE(d3);
  EXPECT_EQ(to_json(*d1), to_json(*d3));
  // The JSON has the fixed key order of writ-decision/1.
  json j = json::parse(to_json(*d1));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(j["format"], "writ-decision/1");
  EXPECT_EQ(j["case"], "c1");
  EXPECT_EQ(j["outcome"], "review");
  EXPECT_TRUE(j.contains("missing"));
  EXPECT_TRUE(j["actions"]["hold"]["permitted"].is_null());
}

TEST(Explain, DecidingInterleavedCasesGivesTheSameBytes) {
  // Scratch state is reused between decisions on one thread; it must not leak across cases.
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  json c1 = with(warrant_doc(true), {{"a", true}});
  json c2 = with(warrant_doc(nullptr), {{"a", nullptr}, {"level", nullptr}});
  auto first = p.decide(c1);
  ASSERT_TRUE(first);
  std::string j1 = to_json(*first);
  auto mid = p.decide(c2);
  ASSERT_TRUE(mid);
  std::string j2 = to_json(*mid);
  for (int i = 0; i < 3; ++i) {
    auto again1 = p.decide(c1);
    auto again2 = p.decide(c2);
    ASSERT_TRUE(again1);
    ASSERT_TRUE(again2);
    EXPECT_EQ(to_json(*again1), j1);
    EXPECT_EQ(to_json(*again2), j2);
  }
}

TEST(Explain, ValuesOfDefinitionsInReasons) {
  EXPECT_EQ(eval("int", "6 * 7"), "42");
  EXPECT_EQ(eval("date", "2024-02-29"), "2024-02-29");
  EXPECT_EQ(eval("datetime", "2024-03-01T10:15:00-05:00"), "2024-03-01T10:15:00-05:00");
  EXPECT_EQ(eval("string", "\"ICE\""), "ICE");
  EXPECT_EQ(eval("int", "max x in [1] where false of x"), "none");
}

TEST(Explain, EnumValuesOfDefinitionsInReasons) {
  // Regression: Explainer::show printed every enum value as "value".
  EXPECT_EQ(eval("Level", "felony"), "felony");
  EXPECT_EQ(eval("DocumentType", "DocumentType.other"), "other");
}

TEST(Explain, PolicyRefInTheDecision) {
  TestPolicy p(kPolicy);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(warrant_doc(true));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->policy.id, "t");
  EXPECT_EQ(d->policy.title, "test policy");
  EXPECT_EQ(d->policy.version, "2020-01-01");
  EXPECT_EQ(d->policy.digest.rfind("sha256:", 0), 0u);
  EXPECT_EQ(d->policy.digest.size(), 7u + 64u);
  EXPECT_EQ(d->case_id, "c1");
}

}  // namespace
}  // namespace writ::testing
