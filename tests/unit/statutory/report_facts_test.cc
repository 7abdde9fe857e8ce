// The report facts of real decisions of the bundled NYC policies: the conviction and screening
// classifications are computed whatever the outcome needed (DecideOptions::facts).
#include "statutory/report_facts.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "writ/engine.h"

namespace writ::statutory {
namespace {

using nlohmann::json;

json read_example(const std::string& name) {
  std::ifstream in(std::string(WRIT_SOURCE_DIR) + "/examples/cases/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

class ReportFacts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions opts;
    opts.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(opts);
    ASSERT_TRUE(e) << e.error().message;
    engine_ = e->release();
  }
  static void TearDownTestSuite() { delete engine_; }
  static json facts_of(const json& c, bool ask) {
    DecideOptions o;
    if (ask) o.facts = {std::string(kVscDefinition), std::string(kWatchlistDefinition)};
    auto d = engine_->decide(c["agency"].get<std::string>(), c.dump(), o);
    EXPECT_TRUE(d) << d.error().message;
    return report_facts(c, *d);
  }
  static Engine* engine_;
};
Engine* ReportFacts::engine_ = nullptr;

TEST_F(ReportFacts, ADeclineForWantOfAWarrantStillClassifiesThePerson) {
  json c = read_example("doc-decline-administrative-warrant.json");
  json asked = facts_of(c, true);
  EXPECT_EQ(asked["outcome"], "decline");
  EXPECT_EQ(asked["request_kind"], "detainer");
  EXPECT_FALSE(asked["vsc_conviction"].is_null());
  EXPECT_FALSE(asked["watchlist_match"].is_null());
  // Without asking, the decision never looked at the criminal history: not determined.
  json plain = facts_of(c, false);
  EXPECT_TRUE(plain["vsc_conviction"].is_null());
}

TEST_F(ReportFacts, HonoredRobberyIsAViolentOrSeriousConviction) {
  json f = facts_of(read_example("doc-honor-robbery.json"), true);
  EXPECT_EQ(f["outcome"], "honor");
  EXPECT_EQ(f["vsc_conviction"], true);
  EXPECT_EQ(f["actions"]["hold"]["permitted"], true);
  EXPECT_EQ(f["actions"]["hold"]["requested"], true);
}

TEST_F(ReportFacts, UnknownScreeningStaysUnknown) {
  json f = facts_of(read_example("doc-review-watchlist-unknown.json"), true);
  EXPECT_TRUE(f["watchlist_match"].is_null());
}

TEST_F(ReportFacts, NoPersonalDataIsKept) {
  json c = read_example("doc-honor-robbery.json");
  std::string text = facts_of(c, true).dump();
  EXPECT_EQ(text.find(c["subject"]["id"].get<std::string>()), std::string::npos);
  EXPECT_EQ(text.find("convictions"), std::string::npos);
  EXPECT_EQ(text.find("PL 160"), std::string::npos);
}

TEST(ReportFactsOf, DocumentsAndBasis) {
  Decision d;
  d.outcome = "review";
  json c = {{"request",
             {{"kind", "detainer"},
              {"form", "I-247A"},
              {"basis", {"final_order_of_removal"}},
              {"documents",
               {{{"type", "warrant"}, {"issuer", "immigration_officer"}, {"form", "I-200"}}}}}}};
  json f = report_facts(c, d);
  EXPECT_EQ(f["arrest_warrant_served"], true);
  EXPECT_EQ(f["basis"], json({"final_order_of_removal"}));
  c["request"]["documents"][0]["form"] = nullptr;
  EXPECT_TRUE(report_facts(c, d)["arrest_warrant_served"].is_null());
  c["request"]["documents"] = json::array();
  EXPECT_EQ(report_facts(c, d)["arrest_warrant_served"], false);
  EXPECT_TRUE(report_facts(json::object(), d)["request_kind"].is_null());
}

}  // namespace
}  // namespace writ::statutory
