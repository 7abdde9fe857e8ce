// writ explain: counterfactuals are the smallest changes of fact, computed, and each re-decided.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analysis/counterfactual.h"
#include "test_engine.h"

namespace writ::analysis {
namespace {

using testing::test_engine;

std::string read_case(const std::string& name) {
  std::ifstream in(std::string(WRIT_SOURCE_DIR) + "/tests/data/diff/cases/" + name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ExplainReport explain(const std::string& policy, const std::string& file) {
  auto r = explain_case(test_engine(), policy, read_case(file));
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
  return r ? *r : ExplainReport{};
}

std::vector<const Counterfactual*> to(const ExplainReport& r, const std::string& outcome) {
  std::vector<const Counterfactual*> out;
  for (const auto& c : r.counterfactuals) {
    if (c.outcome == outcome) out.push_back(&c);
  }
  return out;
}

TEST(Explain, PointersReadAsPaths) {
  EXPECT_EQ(pointer_to_path("/request/documents/1/type"), "request.documents[1].type");
  EXPECT_EQ(pointer_to_path("/subject/watchlist_match"), "subject.watchlist_match");
}

TEST(Explain, ADeclineWouldBeHonoredWithAJudicialWarrant) {
  ExplainReport r = explain("nyc-doc", "doc-no-warrant.json");
  EXPECT_EQ(r.decision.outcome, "decline");
  auto honor = to(r, "honor");
  ASSERT_FALSE(honor.empty());
  for (const auto* c : honor) EXPECT_TRUE(c->reproduced);
  // The smallest change: one document appended, a judicial warrant naming the subject.
  const Counterfactual& first = *honor[0];
  ASSERT_EQ(first.changes.size(), 1u);
  EXPECT_EQ(first.changes[0].pointer, "/request/documents/0");
  const auto& doc = first.changes[0].value;
  EXPECT_EQ(doc["type"], "warrant");
  EXPECT_TRUE(doc["issuer"] == "article_iii_judge" || doc["issuer"] == "federal_magistrate_judge");
  EXPECT_EQ(doc["names_subject"], true);
  EXPECT_EQ(doc["authorizes_custody"], true);
  // Alternatives are not supersets of earlier ones, and never larger than needed: each differs.
  for (size_t i = 1; i < honor.size(); ++i) {
    EXPECT_NE(honor[i]->changes[0].value.dump(), first.changes[0].value.dump());
  }
}

TEST(Explain, AReviewNamesTheFactThatSettlesIt) {
  ExplainReport r = explain("nyc-doc", "doc-watchlist-unknown.json");
  EXPECT_EQ(r.decision.outcome, "review");
  auto honor = to(r, "honor");
  auto decline = to(r, "decline");
  ASSERT_FALSE(honor.empty());
  ASSERT_FALSE(decline.empty());
  ASSERT_EQ(honor[0]->changes.size(), 1u);
  EXPECT_EQ(honor[0]->changes[0].pointer, "/subject/watchlist_match");
  EXPECT_EQ(honor[0]->changes[0].value, true);
  EXPECT_TRUE(honor[0]->reproduced);
  ASSERT_EQ(decline[0]->changes.size(), 1u);
  EXPECT_TRUE(decline[0]->reproduced);
}

TEST(Explain, ASeparateSubdivisionIsFoldedIntoTheCitation) {
  // PL 265.02 is listed for subdivisions 2-8 only; subdivision 1 is not a violent or serious
  // crime, so with a warrant and no database match the detainer is declined.
  ExplainReport r = explain("nyc-doc", "doc-subdivision.json");
  EXPECT_EQ(r.decision.outcome, "decline");
  auto honor = to(r, "honor");
  ASSERT_FALSE(honor.empty());
  for (const auto* c : honor) EXPECT_TRUE(c->reproduced);
}

TEST(Explain, JsonHasTheDecisionAndCounterfactuals) {
  ExplainReport r = explain("nyc-doc", "doc-no-warrant.json");
  auto j = nlohmann::json::parse(explain_json(r));
  EXPECT_EQ(j["decision"]["outcome"], "decline");
  ASSERT_TRUE(j["counterfactuals"].is_array());
  ASSERT_FALSE(j["counterfactuals"].empty());
  const auto& c = j["counterfactuals"][0];
  EXPECT_TRUE(c.contains("outcome"));
  EXPECT_TRUE(c["changes"][0].contains("pointer"));
  EXPECT_TRUE(c["changes"][0].contains("value"));
  std::string text = explain_text(r);
  EXPECT_NE(text.find("honor if request.documents[0] were"), std::string::npos) << text;
}

}  // namespace
}  // namespace writ::analysis
