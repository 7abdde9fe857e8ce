// Aggregation: every figure of the tally recomputed independently from a known set of records.
#include "report/tally.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace writ::report {
namespace {

const std::array<std::string, 4> kNames = {"honor", "decline", "review", "error"};

// A deterministic record: outcome of policy p for record i, reason, facility and date.
std::size_t outcome_for(std::size_t i, std::size_t p) {
  switch (p) {
    case 0:
      return i % 4;
    case 1:
      return (i / 3) % 4;
    default:
      return (i * 7 + 1) % 5 % 4;
  }
}
std::string reason_for(std::size_t i, std::size_t p) {
  return "rule-" + std::to_string(p) + "-" + std::to_string(outcome_for(i, p)) +
         (i % 2 ? ";extra" : "");
}
std::string facility_for(std::size_t i) {
  return "facility " + std::to_string(i % 3);
}
std::string date_for(std::size_t i) {
  const std::size_t m = i % 30;  // 30 months from 2015-01
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zu", 2015 + m / 12, m % 12 + 1, i % 28 + 1);
  return buf;
}

RecordResult make_record(std::size_t i, std::size_t policies) {
  RecordResult r;
  r.line = i + 2;
  r.source = "data.csv";
  r.record_id = "R" + std::to_string(i);
  r.date = date_for(i);
  r.facility = facility_for(i);
  for (std::size_t p = 0; p < policies; ++p) {
    r.by_policy.push_back(
        {kNames[outcome_for(i, p)], reason_for(i, p), "memo " + std::to_string(p)});
  }
  r.attrs.emplace_back("has_felony", i % 5 == 0 ? "true" : "false");
  return r;
}

TEST(ReportTally, MonthOfAnIsoDate) {
  EXPECT_EQ(month_of("2016-10-03"), "2016-10");
  EXPECT_EQ(month_of("2016-10"), "2016-10");
  EXPECT_EQ(month_of("2016-13-01"), kNoDate);
  EXPECT_EQ(month_of("2016-00-01"), kNoDate);
  EXPECT_EQ(month_of("2016-1-01"), kNoDate);
  EXPECT_EQ(month_of("10/03/2016"), kNoDate);
  EXPECT_EQ(month_of(""), kNoDate);
  EXPECT_EQ(month_of("2016-10x"), kNoDate);
}

TEST(ReportTally, OutcomeNamesAndIndices) {
  for (std::size_t o = 0; o < kOutcomes; ++o) EXPECT_EQ(outcome_index(outcome_name(o)), o);
  EXPECT_EQ(outcome_index("Honor"), kOutcomes);
  EXPECT_EQ(outcome_index(""), kOutcomes);
}

TEST(ReportTally, CountsRecomputedFromKnownRecords) {
  constexpr std::size_t kRecords = 2000, kPolicies = 3;
  Tally t({"a", "b", "c"}, "synthetic");
  for (std::size_t i = 0; i < kRecords; ++i) t.add(make_record(i, kPolicies));

  // Independent recomputation.
  std::vector<std::array<uint64_t, 4>> outcomes(kPolicies);
  std::vector<std::map<std::string, std::array<uint64_t, 4>>> reasons(kPolicies),
      facilities(kPolicies), months(kPolicies);
  std::map<std::string, uint64_t> records_by_month;
  std::map<std::pair<std::size_t, std::size_t>, std::array<std::array<uint64_t, 4>, 4>> matrix;
  std::map<std::string, uint64_t> felony_true;
  uint64_t changed = 0;
  for (std::size_t i = 0; i < kRecords; ++i) {
    const std::string month = date_for(i).substr(0, 7);
    ++records_by_month[month];
    bool differs = false;
    for (std::size_t p = 0; p < kPolicies; ++p) {
      const std::size_t o = outcome_for(i, p);
      ++outcomes[p][o];
      ++reasons[p][reason_for(i, p)][o];
      ++facilities[p][facility_for(i)][o];
      ++months[p][month][o];
      differs = differs || o != outcome_for(i, 0);
      for (std::size_t q = p + 1; q < kPolicies; ++q) ++matrix[{p, q}][o][outcome_for(i, q)];
    }
    changed += differs;
    if (i % 5 == 0) ++felony_true[month];
  }

  EXPECT_EQ(t.records, kRecords);
  EXPECT_EQ(t.records_by_month, records_by_month);
  EXPECT_EQ(t.records_by_month.size(), 30u);
  ASSERT_EQ(t.policies.size(), kPolicies);
  for (std::size_t p = 0; p < kPolicies; ++p) {
    EXPECT_EQ(t.policies[p].outcomes, outcomes[p]) << p;
    EXPECT_EQ(t.policies[p].by_reason.rows(), reasons[p]) << p;
    EXPECT_EQ(t.policies[p].by_facility.rows(), facilities[p]) << p;
    EXPECT_EQ(t.policies[p].by_month, months[p]) << p;
    EXPECT_EQ(total(t.policies[p].outcomes), kRecords);
  }
  ASSERT_EQ(t.transitions.size(), 3u);  // (a,b), (a,c), (b,c)
  for (const Transition& tr : t.transitions) {
    EXPECT_EQ(tr.counts, (matrix[{tr.a, tr.b}])) << tr.a << "->" << tr.b;
    uint64_t sum = 0;
    for (const auto& row : tr.counts) sum += total(row);
    EXPECT_EQ(sum, kRecords);
  }
  EXPECT_EQ(t.transitions[0].a, 0u);
  EXPECT_EQ(t.transitions[0].b, 1u);
  EXPECT_EQ(t.transitions[2].a, 1u);
  EXPECT_EQ(t.transitions[2].b, 2u);
  EXPECT_EQ(t.changed_count, changed);
  EXPECT_EQ(t.changed.size(), changed);
  const auto& felony = t.attributes.rows().at("has_felony");
  EXPECT_EQ(felony.rows().at("true"), felony_true);
}

TEST(ReportTally, TransitionMatrixOfAHandCountedExample) {
  Tally t({"before", "after"}, "five");
  const std::vector<std::pair<std::string, std::string>> pairs = {{"honor", "decline"},
                                                                  {"honor", "decline"},
                                                                  {"honor", "honor"},
                                                                  {"review", "decline"},
                                                                  {"decline", "error"}};
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    RecordResult r;
    r.date = "2017-02-01";
    r.by_policy = {{pairs[i].first, "x", ""}, {pairs[i].second, "y", ""}};
    t.add(r);
  }
  ASSERT_EQ(t.transitions.size(), 1u);
  const auto& m = t.transitions[0].counts;
  EXPECT_EQ(m[kHonor][kDecline], 2u);
  EXPECT_EQ(m[kHonor][kHonor], 1u);
  EXPECT_EQ(m[kReview][kDecline], 1u);
  EXPECT_EQ(m[kDecline][kError], 1u);
  EXPECT_EQ(m[kDecline][kDecline], 0u);
  EXPECT_EQ(t.changed_count, 4u);
}

TEST(ReportTally, UnexpectedOrMissingOutcomesCountAsErrors) {
  Tally t({"a", "b"}, "bad");
  RecordResult r;
  r.by_policy = {{"maybe", "r", ""}};  // b missing
  t.add(r);
  EXPECT_EQ(t.policies[0].outcomes[kError], 1u);
  EXPECT_EQ(t.policies[1].outcomes[kError], 1u);
  EXPECT_EQ(t.policies[0].by_reason.rows().begin()->first, "unexpected outcome 'maybe'");
  EXPECT_EQ(t.policies[1].by_reason.rows().begin()->first,
            "no outcome was recorded for this policy");
  EXPECT_EQ(t.records_by_month.at(std::string(kNoDate)), 1u);
  EXPECT_EQ(t.changed_count, 0u);  // error under both
}

TEST(ReportTally, ChangedListKeepsEveryRecordButOnlyTheFirstExplanations) {
  Tally t({"a", "b"}, "many");
  constexpr std::size_t kChanged = kMaxStoredExplanations + 1500;
  for (std::size_t i = 0; i < kChanged * 2; ++i) {
    RecordResult r;
    r.record_id = std::to_string(i);
    const bool change = i % 2 == 0;
    r.by_policy = {{"honor", "h", change ? "memo A " + r.record_id : ""},
                   {change ? "decline" : "honor", "d", change ? "memo B " + r.record_id : ""}};
    t.add(r);
  }
  EXPECT_EQ(t.records, kChanged * 2);
  EXPECT_EQ(t.changed_count, kChanged);
  ASSERT_EQ(t.changed.size(), kChanged);  // unchanged records are not kept
  for (std::size_t k = 0; k < t.changed.size(); ++k) {
    const ChangedRecord& c = t.changed[k];
    EXPECT_EQ(c.record_id, std::to_string(2 * k));
    EXPECT_EQ(c.outcomes, (std::vector<std::string>{"honor", "decline"}));
    if (k < kMaxStoredExplanations) {
      ASSERT_EQ(c.explanations.size(), 2u) << k;
      EXPECT_EQ(c.explanations[1], "memo B " + c.record_id);
    } else {
      EXPECT_TRUE(c.explanations.empty()) << k;
    }
  }
}

TEST(ReportTally, KeyedTablesAreBoundedAndConserveCounts) {
  Tally t({"a"}, "facilities");
  constexpr std::size_t kDistinct = kMaxKeys + 100;
  for (std::size_t i = 0; i < kDistinct; ++i) {
    RecordResult r;
    r.facility = "F" + std::to_string(i);
    r.by_policy = {{"honor", "reason " + std::to_string(i), ""}};
    r.attrs = {{"id", std::to_string(i)}};
    t.add(r);
  }
  const auto& rows = t.policies[0].by_facility.rows();
  EXPECT_EQ(rows.size(), kMaxKeys + 1);
  EXPECT_TRUE(t.policies[0].by_facility.folded());
  EXPECT_EQ(rows.at(std::string(kOtherKey))[kHonor], 100u);
  uint64_t sum = 0;
  for (const auto& [k, c] : rows) sum += total(c);
  EXPECT_EQ(sum, kDistinct);
  EXPECT_EQ(t.policies[0].by_reason.rows().size(), kMaxKeys + 1);
  EXPECT_EQ(t.attributes.rows().at("id").rows().size(), kMaxKeys + 1);
}

TEST(ReportTally, UnmappedRowsByReasonWithTheFirstExamples) {
  Tally t({"a"}, "u");
  for (uint64_t line = 2; line < 22; ++line)
    t.add_unmapped({"x.csv", line, line % 2 ? "odd" : "even"});
  EXPECT_EQ(t.unmapped_count, 20u);
  const auto& even = t.unmapped.rows().at("even");
  EXPECT_EQ(even.count, 10u);
  ASSERT_EQ(even.examples.size(), kMaxExamples);
  EXPECT_EQ(even.examples[0], (std::pair<std::string, uint64_t>{"x.csv", 2}));
  EXPECT_EQ(even.examples[4].second, 10u);
}

}  // namespace
}  // namespace writ::report
