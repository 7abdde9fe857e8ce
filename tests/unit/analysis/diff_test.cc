// writ diff: proofs of equivalence and smallest counterexamples, each re-decided by the engine.
#include <gtest/gtest.h>

#include "analysis/policy_diff.h"
#include "calendar/civil.h"
#include "test_engine.h"

namespace writ::analysis {
namespace {

using testing::test_engine;

DiffReport diff(const std::string& a, const std::string& b, int max_elements = 2) {
  auto va = resolve_version(test_engine(), a, std::string("2026-06-01"));
  auto vb = resolve_version(test_engine(), b, std::string("2026-06-01"));
  EXPECT_TRUE(va.ok()) << (va ? "" : va.error().message);
  EXPECT_TRUE(vb.ok()) << (vb ? "" : vb.error().message);
  DiffOptions o;
  o.max_elements = max_elements;
  auto r = diff_versions(test_engine(), *va, *vb, o);
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
  return r ? *r : DiffReport{};
}

const DiffCase* find(const DiffReport& r, const std::string& what) {
  for (const auto& c : r.cases) {
    if (c.what == what) return &c;
  }
  return nullptr;
}

void expect_all_reproduced(const DiffReport& r) {
  for (const auto& c : r.cases) {
    EXPECT_TRUE(c.reproduced) << c.what << ": " << c.case_json.dump();
    EXPECT_FALSE(describe_difference(c.what, c.a, c.b).empty()) << c.what;
  }
}

TEST(Diff, VersionsResolveByDate) {
  auto v = resolve_version(test_engine(), "nyc-doc@2016-05-05", std::nullopt);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->label, "nyc-doc@2015-02-12");
  EXPECT_EQ(v->as_of, "2015-02-12");
  EXPECT_FALSE(resolve_version(test_engine(), "nyc-doc@2010-01-01", std::nullopt).ok());
  EXPECT_FALSE(resolve_version(test_engine(), "nyc-doc@yesterday", std::nullopt).ok());
  EXPECT_FALSE(resolve_version(test_engine(), "no-such-policy", std::nullopt).ok());
}

TEST(Diff, DocAndNypdDiffer) {
  DiffReport r = diff("nyc-doc", "nyc-nypd");
  EXPECT_FALSE(r.equivalent);
  ASSERT_NE(find(r, "hold"), nullptr);
  ASSERT_NE(find(r, "share_information"), nullptr);
  EXPECT_EQ(find(r, "error"), nullptr);
  expect_all_reproduced(r);
  // NYPD may hold 48 business hours without a warrant on a database match; DOC may not: a
  // smallest case needs no more than the request kind, the agency and the match.
  EXPECT_LE(find(r, "hold")->facts, 3) << find(r, "hold")->case_json.dump();
}

TEST(Diff, Doc2014And2026Differ) {
  DiffReport r = diff("nyc-doc@2014-12-14", "nyc-doc@2026-01-29");
  EXPECT_FALSE(r.equivalent);
  ASSERT_NE(find(r, "hold"), nullptr);
  expect_all_reproduced(r);
  // The difference is who counts as federal immigration authorities: the case names an agency.
  const DiffCase* hold = find(r, "hold");
  ASSERT_TRUE(hold->case_json.contains("request"));
  EXPECT_TRUE(hold->case_json["request"].contains("from"));
}

// NYC § 9-131 against New Jersey's Immigrant Trust Directive: two jurisdictions, one case format.
TEST(Diff, NycDocAndNewJerseyDiffer) {
  DiffReport r = diff("nyc-doc", "nj-trust");
  EXPECT_FALSE(r.equivalent);
  for (const char* what : {"hold", "notify_release", "transfer", "share_information", "interview"})
    EXPECT_NE(find(r, what), nullptr) << what;
  EXPECT_EQ(find(r, "error"), nullptr);
  expect_all_reproduced(r);
  EXPECT_LE(find(r, "hold")->facts, 3) << find(r, "hold")->case_json.dump();
  // § 9-131 has no rule on interviews (review); the Directive lets the agency comply with a
  // judge's warrant naming the person. Fewest facts: the request kind, the documents, one
  // document and its type, issuer and naming of the subject.
  const DiffCase* interview = find(r, "interview");
  ASSERT_NE(interview, nullptr);
  EXPECT_EQ(interview->facts, 6) << interview->case_json.dump();
  ASSERT_TRUE(interview->b.decision);
  EXPECT_EQ(interview->b.decision->outcome, "honor");
}

// The known difference of substance, on one concrete case: ICE's detainer with only an
// immigration officer's warrant, for a person once convicted of second-degree robbery in New
// Jersey. The Directive allows a hold until the end of the release day (a violent or serious
// offense); § 9-131 allows none without a judicial warrant. The diff finds the hold differing,
// and the engine confirms it on this case.
TEST(Diff, NewJerseyHoldsUntilTheEndOfTheReleaseDayWhereNycDoesNot) {
  auto doc = resolve_version(test_engine(), "nyc-doc", std::string("2026-06-01"));
  auto nj = resolve_version(test_engine(), "nj-trust", std::string("2026-06-01"));
  ASSERT_TRUE(doc.ok() && nj.ok());
  nlohmann::json c = nlohmann::json::parse(R"({
    "format": "writ-case/1", "id": "nj-robbery",
    "request": {"kind": "detainer", "from": "ICE", "presented_at": "2024-03-01T10:15:00-05:00",
      "documents": [{"type": "warrant", "issuer": "immigration_officer", "names_subject": true,
                     "authorizes_custody": true}]},
    "subject": {"watchlist_match": false, "convictions": [
      {"jurisdiction": "US-NJ", "statute": "2C:15-1", "level": "indictable", "class": "2",
       "inchoate": "none", "hate_crime": false, "conviction_date": "2012-01-10",
       "judgment_date": "2012-03-02", "disposition": "conviction", "incarcerations": []}]},
    "custody": {"release_eligible_at": "2024-03-02T14:00:00-05:00"}
  })");
  Decided a = decide_as(test_engine(), *doc, c);
  Decided b = decide_as(test_engine(), *nj, c);
  ASSERT_TRUE(a.decision && b.decision) << a.error << b.error;
  EXPECT_EQ(a.decision->outcome, "decline");
  EXPECT_EQ(b.decision->outcome, "honor");
  EXPECT_EQ(describe_difference("hold", a, b),
            "hold false / hold true until 2024-03-02T23:00:00-05:00");
}

TEST(Diff, NypdAndNewJerseyDiffer) {
  DiffReport r = diff("nyc-nypd", "nj-trust");
  EXPECT_FALSE(r.equivalent);
  ASSERT_NE(find(r, "hold"), nullptr);
  EXPECT_EQ(find(r, "error"), nullptr);
  expect_all_reproduced(r);
}

TEST(Diff, ASubdivisionPassedOnToListedIsAllowed) {
  // Through a definition's parameter and an `if`, the subdivision still only reaches listed().
  EXPECT_TRUE(diff("diff-subdivision-direct", "diff-subdivision-param").equivalent);
}

TEST(Diff, ASubdivisionReadOtherwiseIsRefused) {
  auto va = resolve_version(test_engine(), "diff-subdivision-direct", std::nullopt);
  auto vb = resolve_version(test_engine(), "diff-subdivision-compared", std::nullopt);
  ASSERT_TRUE(va.ok() && vb.ok());
  auto r = diff_versions(test_engine(), *va, *vb);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("subdivision other than through listed()"), std::string::npos)
      << r.error().message;
}

TEST(Diff, CaliforniaVersionsAreAnalysed) {
  // § 7282.5(a)(3) reads the statute of a California conviction and counsel's equivalent of
  // another: with the jurisdiction unknown, the two citations are compared.
  EXPECT_TRUE(diff("ca-values-act", "ca-values-act").equivalent);
  DiffReport r = diff("ca-values-act@2017-06-01", "ca-values-act@2018-06-01");
  EXPECT_FALSE(r.equivalent);
  ASSERT_NE(find(r, "hold"), nullptr);
  expect_all_reproduced(r);
}

TEST(Diff, DocVersionsWithoutRuleChangesAreEquivalent) {
  // Local Law 228 of 2017 changed reporting only: the 2015 and 2018 versions decide alike.
  DiffReport r = diff("nyc-doc@2015-02-12", "nyc-doc@2018-01-30");
  EXPECT_TRUE(r.equivalent);
  EXPECT_TRUE(r.cases.empty());
  EXPECT_NE(r.domain.find("at most 2 elements"), std::string::npos);
}

TEST(Diff, APolicyIsEquivalentToItself) {
  for (const char* p : {"nyc-doc", "nyc-nypd", "nyc-probation"}) {
    EXPECT_TRUE(diff(p, p).equivalent) << p;
  }
}

TEST(Diff, DeMorganRewriteIsEquivalent) {
  EXPECT_TRUE(diff("diff-demorgan-and", "diff-demorgan-not-or").equivalent);
}

TEST(Diff, WrongDeMorganRewriteDiffersOnOneFact) {
  DiffReport r = diff("diff-demorgan-and", "diff-demorgan-or");
  EXPECT_FALSE(r.equivalent);
  expect_all_reproduced(r);
  const DiffCase* hold = find(r, "hold");
  ASSERT_NE(hold, nullptr);
  // request.kind and one of the two facts, true: and is false/unknown, or is true.
  EXPECT_EQ(hold->facts, 2) << hold->case_json.dump();
}

TEST(Diff, ReorderedExceptionsAreEquivalent) {
  EXPECT_TRUE(diff("diff-order-a", "diff-order-b").equivalent);
}

TEST(Diff, BusinessHoursThroughADefinitionAreEquivalent) {
  EXPECT_TRUE(diff("diff-hours-inline", "diff-hours-def").equivalent);
}

TEST(Diff, BoundaryCounterexampleHitsTheBoundary) {
  DiffReport r = diff("diff-window-after", "diff-window-from");
  EXPECT_FALSE(r.equivalent);
  ASSERT_EQ(r.cases.size(), 1u);
  const DiffCase& c = r.cases[0];
  EXPECT_EQ(c.what, "hold");
  EXPECT_TRUE(c.reproduced);
  // Fewest facts: the request kind, the list of convictions, one conviction, its judgment date
  // and the arrest date.
  EXPECT_EQ(c.facts, 5) << c.case_json.dump();
  auto arrest = cal::parse_date(c.case_json["custody"]["arrest_date"].get<std::string>());
  auto judgment =
      cal::parse_date(c.case_json["subject"]["convictions"][0]["judgment_date"].get<std::string>());
  ASSERT_TRUE(arrest && judgment);
  EXPECT_EQ(*judgment, cal::add_years(*arrest, -5));
  // The test policies have no rule for notify_release, so without a hold the detainer goes to
  // review; with one it is honored.
  EXPECT_EQ(c.a.decision->outcome, "review");
  EXPECT_EQ(c.b.decision->outcome, "honor");
}

}  // namespace
}  // namespace writ::analysis
