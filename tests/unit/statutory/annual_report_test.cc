// Each figure of the three reports recomputed from a known set of decisions, reviews and events.
#include "statutory/annual_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace writ::statutory {
namespace {

using nlohmann::json;

struct Builder {
  store::DecisionRecord r;
  explicit Builder(std::string policy, std::string kind, std::string presented_at) {
    r.decision.kind = store::EntryKind::kDecision;
    r.decision.policy = policy + "@2018-01-30";
    r.decision.created_at = presented_at.substr(0, 10) + "T12:00:00.000Z";
    facts = {{"request_kind", kind},           {"presented_at", presented_at},
             {"basis", json::array()},         {"information_sought", json::array()},
             {"arrest_warrant_served", false}, {"vsc_conviction", false},
             {"watchlist_match", false}};
  }
  json facts;
  Builder& basis(std::vector<std::string> b) {
    facts["basis"] = b;
    return *this;
  }
  Builder& warrant(bool served) {
    facts["arrest_warrant_served"] = served;
    return *this;
  }
  Builder& vsc(json v) {
    facts["vsc_conviction"] = v;
    return *this;
  }
  Builder& tsdb(json v) {
    facts["watchlist_match"] = v;
    return *this;
  }
  Builder& sought(std::vector<std::string> s) {
    facts["information_sought"] = s;
    return *this;
  }
  Builder& outcome(std::string o, store::DecisionState state = store::DecisionState::kSignedOff) {
    r.decision.outcome = o;
    r.final_outcome = o;
    r.state = state;
    return *this;
  }
  Builder& overridden(std::string o) {
    r.final_outcome = o;
    r.state = store::DecisionState::kOverridden;
    return *this;
  }
  Builder& event(std::string type, std::string at, std::string information = "") {
    store::Entry e;
    e.kind = store::EntryKind::kEvent;
    e.action = type;
    e.created_at = at.substr(0, 10) + "T23:00:00.000Z";
    json b = {{"type", type}, {"at", at}};
    if (!information.empty()) b["information"] = information;
    e.body = b.dump();
    r.events.push_back(e);
    return *this;
  }
  store::DecisionRecord done() {
    r.decision.body = json{{"report", facts}}.dump();
    if (r.final_outcome.empty()) r.final_outcome = r.decision.outcome = "decline";
    return r;
  }
};

AnnualReport compute(std::string_view id, const std::vector<store::DecisionRecord>& records,
                     std::string_view period = "2024-2025") {
  auto p = parse_period(period);
  EXPECT_TRUE(p);
  auto b = AnnualReportBuilder::make(id, *p);
  EXPECT_TRUE(b);
  for (const auto& r : records) b->add(r);
  return b->finish();
}

const Item& item(const AnnualReport& r, std::string_view number) {
  for (const auto& it : r.items) {
    if (it.number == number) return it;
  }
  ADD_FAILURE() << "no item " << number;
  static Item none;
  return none;
}

int64_t part(const Item& it, std::string_view key) {
  for (const auto& b : it.breakdown) {
    if (b.key == key) return b.count;
  }
  ADD_FAILURE() << "no breakdown " << key << " in item " << it.number;
  return -1;
}

// Seven DOC detainers and three information requests, some outside the period.
std::vector<store::DecisionRecord> doc_log() {
  std::vector<store::DecisionRecord> v;
  // 1: honored, held and transferred; VSC conviction; removal proceedings + I-200.
  v.push_back(Builder("nyc-doc", "detainer", "2024-08-01T10:00:00-04:00")
                  .basis({"pending_removal_proceedings"})
                  .warrant(true)
                  .vsc(true)
                  .outcome("honor")
                  .event("held", "2024-08-03T14:00:00-04:00")
                  .event("transferred", "2024-08-04T09:00:00-04:00")
                  .done());
  // 2: honored on a TSDB match, held, transferred; final order of removal.
  v.push_back(Builder("nyc-doc", "detainer", "2024-09-10T10:00:00-04:00")
                  .basis({"final_order_of_removal"})
                  .tsdb(true)
                  .outcome("honor")
                  .event("held", "2024-09-11T14:00:00-04:00")
                  .event("transferred", "2024-09-12T09:00:00-04:00")
                  .done());
  // 3: honored, held, ICE never came (48 hours lapsed); biometric + statements.
  v.push_back(Builder("nyc-doc", "detainer", "2025-01-05T10:00:00-05:00")
                  .basis({"biometric_match", "statements_or_evidence"})
                  .vsc(true)
                  .outcome("honor")
                  .event("held", "2025-01-06T14:00:00-05:00")
                  .event("custody_not_assumed", "2025-01-08T14:00:00-05:00")
                  .done());
  // 4 and 5: declined (no judicial warrant).
  v.push_back(
      Builder("nyc-doc", "detainer", "2024-07-01T00:30:00-04:00").outcome("decline").done());
  v.push_back(Builder("nyc-doc", "detainer", "2025-06-30T23:00:00-04:00")
                  .basis({"pending_removal_proceedings"})
                  .outcome("decline")
                  .done());
  // 6: the officer's decision was review; a supervisor overrode it to decline.
  v.push_back(Builder("nyc-doc", "detainer", "2025-03-01T10:00:00-05:00")
                  .vsc(nullptr)
                  .outcome("review")
                  .overridden("decline")
                  .done());
  // 7: outside the period (the day before and the day after).
  v.push_back(
      Builder("nyc-doc", "detainer", "2024-06-30T23:59:00-04:00").outcome("decline").done());
  v.push_back(
      Builder("nyc-doc", "detainer", "2025-07-01T00:01:00-04:00").outcome("decline").done());
  // Information requests: release date and court date for a VSC person, answered, then
  // transferred on a later detainer; incarceration status for a no-VSC person, not answered;
  // a notification request (release date) for a TSDB match, answered.
  v.push_back(Builder("nyc-doc", "information", "2024-10-01T10:00:00-04:00")
                  .vsc(true)
                  .sought({"release_date", "court_date"})
                  .outcome("honor")
                  .event("information_given", "2024-10-02T10:00:00-04:00", "release_date")
                  .event("transferred", "2024-10-09T10:00:00-04:00")
                  .done());
  v.push_back(Builder("nyc-doc", "information", "2024-11-01T10:00:00-04:00")
                  .sought({"incarceration_status"})
                  .outcome("decline")
                  .done());
  v.push_back(Builder("nyc-doc", "notification", "2025-02-01T10:00:00-05:00")
                  .tsdb(true)
                  .outcome("honor", store::DecisionState::kPendingReview)
                  .event("information_given", "2025-02-03T10:00:00-05:00")
                  .done());
  // A decision of another policy is not counted.
  v.push_back(
      Builder("nyc-nypd", "detainer", "2024-08-01T10:00:00-04:00").outcome("decline").done());
  return v;
}

TEST(AnnualReport, DocNineItemsRecomputed) {
  AnnualReport r = compute("nyc-doc-9-131-f", doc_log());
  EXPECT_EQ(r.cite, "NYC Admin. Code § 9-131(f)");
  ASSERT_EQ(r.items.size(), 9u);
  EXPECT_EQ(r.decisions, 9);  // 6 detainers + 3 information/notification in the period
  EXPECT_EQ(r.pending_review, 1);
  EXPECT_EQ(r.undetermined, 1);

  const Item& i1 = item(r, "1");
  EXPECT_EQ(i1.count, 6);
  EXPECT_EQ(i1.cite, "NYC Admin. Code § 9-131(f)(1)");
  EXPECT_EQ(part(i1, "reason/i"), 1);
  EXPECT_EQ(part(i1, "reason/ii"), 2);
  EXPECT_EQ(part(i1, "reason/iii"), 1);
  EXPECT_EQ(part(i1, "reason/iv"), 1);
  EXPECT_EQ(part(i1, "reason/none"), 2);

  const Item& i2 = item(r, "2");
  EXPECT_EQ(i2.count, 3);
  EXPECT_EQ(part(i2, "reason/ii"), 1);
  EXPECT_EQ(part(i2, "reason/iii"), 1);
  EXPECT_EQ(part(i2, "reason/iv"), 1);
  EXPECT_EQ(part(i2, "reason/i"), 1);

  EXPECT_EQ(item(r, "3").count, 2);
  EXPECT_EQ(item(r, "4").count, 1);  // #1
  EXPECT_EQ(item(r, "5").count, 1);  // #2
  EXPECT_EQ(item(r, "6").count, std::nullopt);
  EXPECT_THAT(item(r, "6").note, ::testing::HasSubstr("not recorded by Writ"));
  EXPECT_EQ(item(r, "7").count, 3);  // #4, #5 and the override of #6
  EXPECT_EQ(item(r, "8").count, 1);  // #3

  const Item& i9 = item(r, "9");
  EXPECT_EQ(i9.count, 3);
  EXPECT_EQ(part(i9, "requests/vsc/release_date"), 1);
  EXPECT_EQ(part(i9, "requests/vsc/court_date"), 1);
  EXPECT_EQ(part(i9, "requests/no_vsc/incarceration_status"), 1);
  EXPECT_EQ(part(i9, "requests/tsdb/release_date"), 1);
  EXPECT_EQ(part(i9, "responses/vsc/release_date/transfer"), 1);
  EXPECT_EQ(part(i9, "responses/vsc/court_date/transfer"), 0);
  EXPECT_EQ(part(i9, "responses/tsdb/release_date/no_transfer"), 1);
  EXPECT_EQ(part(i9, "responses/no_vsc/incarceration_status/no_transfer"), 0);
}

TEST(AnnualReport, EventsCountInThePeriodTheyHappened) {
  // Presented on the last day of one period, held and transferred on the first of the next.
  std::vector<store::DecisionRecord> v{Builder("nyc-doc", "detainer", "2025-06-30T20:00:00-04:00")
                                           .vsc(true)
                                           .outcome("honor")
                                           .event("held", "2025-07-01T01:00:00-04:00")
                                           .event("transferred", "2025-07-01T09:00:00-04:00")
                                           .done()};
  AnnualReport a = compute("nyc-doc-9-131-f", v, "2024-2025");
  EXPECT_EQ(item(a, "1").count, 1);
  EXPECT_EQ(item(a, "2").count, 0);
  EXPECT_EQ(item(a, "3").count, 0);
  AnnualReport b = compute("nyc-doc-9-131-f", v, "2025-2026");
  EXPECT_EQ(item(b, "1").count, 0);
  EXPECT_EQ(item(b, "2").count, 1);
  EXPECT_EQ(item(b, "3").count, 1);
  EXPECT_EQ(item(b, "4").count, 1);
}

TEST(AnnualReport, NypdAndProbationHaveFiveItems) {
  std::vector<store::DecisionRecord> v{
      Builder("nyc-nypd", "detainer", "2024-08-01T10:00:00-04:00").outcome("decline").done(),
      Builder("nyc-nypd", "detainer", "2024-08-02T10:00:00-04:00")
          .vsc(true)
          .outcome("honor")
          .event("held", "2024-08-02T20:00:00-04:00")
          .event("transferred", "2024-08-03T09:00:00-04:00")
          .done(),
      Builder("nyc-probation", "information", "2024-12-01T10:00:00-05:00")
          .sought({"other"})
          .outcome("decline")
          .done(),
  };
  AnnualReport nypd = compute("nyc-nypd-14-154-f", v);
  ASSERT_EQ(nypd.items.size(), 5u);
  EXPECT_EQ(item(nypd, "1").count, 2);
  EXPECT_EQ(item(nypd, "2").count, 1);
  EXPECT_EQ(item(nypd, "3").count, 1);
  EXPECT_EQ(item(nypd, "4").count, 1);
  EXPECT_EQ(item(nypd, "5").count, 0);
  EXPECT_EQ(item(nypd, "4").cite, "NYC Admin. Code § 14-154(f)(4)");

  AnnualReport prob = compute("nyc-probation-9-205-f", v);
  ASSERT_EQ(prob.items.size(), 5u);
  EXPECT_EQ(item(prob, "1").count, 0);
  EXPECT_EQ(item(prob, "5").count, 1);
  EXPECT_EQ(part(item(prob, "5"), "requests/no_vsc/other"), 1);
  EXPECT_THAT(item(prob, "5").text, ::testing::HasSubstr("appointment"));
}

TEST(AnnualReport, UnknownReportIsNotFound) {
  auto p = parse_period("2025");
  auto b = AnnualReportBuilder::make("nyc-dof", *p);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(b.error().message, ::testing::HasSubstr("nyc-doc-9-131-f"));
}

TEST(AnnualReport, MalformedBodiesCountAsUndeterminedNotCrash) {
  store::DecisionRecord r;
  r.decision.policy = "nyc-doc";
  r.decision.created_at = "2024-09-01T00:00:00.000Z";
  r.decision.body = "{not json";
  r.final_outcome = "decline";
  AnnualReport a = compute("nyc-doc-9-131-f", {r});
  EXPECT_EQ(a.decisions, 1);
  EXPECT_EQ(a.undetermined, 1);
  EXPECT_EQ(item(a, "1").count, 0);  // the request kind is unknown: not counted as a detainer
}

}  // namespace
}  // namespace writ::statutory
