// Notices owed to the person, end to end: checked, compiled per version, evaluated with
// three-valued conditions, and shown in the decision JSON, the memo and the printable notice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "writ/engine.h"

namespace writ {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

const fs::path kSource = WRIT_SOURCE_DIR;

std::unique_ptr<Engine> open_with(const std::vector<std::string>& paths) {
  EngineOptions o;
  o.home = kSource.string();
  o.policy_paths = paths;
  auto e = Engine::open(o);
  EXPECT_TRUE(e) << e.error().message;
  return e ? std::move(*e) : nullptr;
}

const Engine& demo() {
  static std::unique_ptr<Engine> e = open_with({(kSource / "tests/data/notices").string()});
  return *e;
}

json base_case() {
  return json{{"format", "writ-case/1"},
              {"id", "N1"},
              {"request",
               {{"kind", "detainer"},
                {"from", "ICE"},
                {"presented_at", "2024-03-01T10:15:00-05:00"},
                {"documents", json::array()}}},
              {"subject", {{"watchlist_match", false}}}};
}

Decision decide(const json& c, const DecideOptions& o = {}) {
  auto d = demo().decide("notice-demo", c.dump(), o);
  EXPECT_TRUE(d) << d.error().message;
  return d ? *d : Decision{};
}

std::vector<std::string> ids(const Decision& d) {
  std::vector<std::string> out;
  for (const auto& n : d.notices) out.push_back(n.id + (n.certain ? "" : "?"));
  return out;
}

TEST(Notices, TheDemoPolicyLoadsClean) {
  EXPECT_EQ(demo().diagnostics(), "");
  EXPECT_TRUE(demo().has_policy("notice-demo"));
}

TEST(Notices, GivenWhenTrueInDeclarationOrderWithParagraphsJoined) {
  Decision d = decide(base_case());
  EXPECT_THAT(ids(d), ::testing::ElementsAre("copy_of_request", "rights"));
  EXPECT_EQ(d.notices[0].title, "Copy of the ICE request");
  EXPECT_EQ(d.notices[0].cite, "Test Code § 2(b)");
  EXPECT_THAT(d.notices[0].text,
              HasSubstr("whether it intends to comply.\n\nA second paragraph, as another string "
                        "literal."));
}

TEST(Notices, NotGivenWhenFalse) {
  json c = base_case();
  c["request"]["kind"] = "information";
  EXPECT_THAT(ids(decide(c)), ::testing::ElementsAre("rights"));
}

TEST(Notices, GivenButUncertainWhenTheConditionIsUnknown) {
  json c = base_case();
  c["request"].erase("kind");
  Decision d = decide(c);
  EXPECT_THAT(ids(d), ::testing::ElementsAre("copy_of_request?", "rights"));
}

TEST(Notices, OnlyTheVersionsItIsInForce) {
  json c = base_case();
  c["subject"]["watchlist_match"] = true;
  DecideOptions early;
  early.as_of = "2021-06-01";
  EXPECT_THAT(ids(decide(c, early)), ::testing::ElementsAre("copy_of_request", "rights"));
  EXPECT_THAT(ids(decide(c)),
              ::testing::ElementsAre("copy_of_request", "watchlist_notice", "rights"));
}

TEST(Notices, GivenWithoutExplanationsToo) {
  DecideOptions fast;
  fast.explain = false;
  EXPECT_THAT(ids(decide(base_case(), fast)), ::testing::ElementsAre("copy_of_request", "rights"));
}

TEST(Notices, DecisionJsonListsThemAndOmitsTheKeyWhenNone) {
  json j = json::parse(to_json(decide(base_case())));
  ASSERT_TRUE(j.contains("notices"));
  ASSERT_EQ(j["notices"].size(), 2u);
  const json& n = j["notices"][0];
  std::vector<std::string> keys;
  for (auto it = n.begin(); it != n.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(n["id"], "copy_of_request");
  EXPECT_EQ(n["certain"], true);
  EXPECT_THAT(n["text"].get<std::string>(), HasSubstr("\n\nA second paragraph"));
  // Key order is fixed: id, title, cite, text, certain.
  EXPECT_EQ(to_json(decide(base_case())).find("\"id\": \"copy_of_request\"") <
                to_json(decide(base_case())).find("\"certain\": true"),
            true);

  Decision none = decide(base_case());
  none.notices.clear();
  EXPECT_THAT(to_json(none), Not(HasSubstr("notices")));
}

TEST(Notices, MemoHasTheSectionWithTheFullText) {
  json c = base_case();
  c["request"].erase("kind");
  std::string memo = to_memo(decide(c));
  EXPECT_THAT(memo, HasSubstr("Notices owed to the person\n"));
  EXPECT_THAT(memo, HasSubstr("Copy of the ICE request (copy_of_request) — may be owed"));
  EXPECT_THAT(memo, HasSubstr("A second paragraph, as another string literal."));
  EXPECT_THAT(memo, HasSubstr("[Test Code § 4]"));
  Decision none = decide(base_case());
  none.notices.clear();
  EXPECT_THAT(to_memo(none), Not(HasSubstr("Notices owed")));
}

TEST(Notices, PrintableNoticesOnly) {
  json c = base_case();
  c["request"].erase("kind");
  std::string out = to_notices(decide(c));
  EXPECT_EQ(out.rfind("Copy of the ICE request\n=======================\n\n", 0), 0u) << out;
  EXPECT_THAT(out, HasSubstr("[Test Code § 2(b)]\n(Given because"));
  EXPECT_THAT(out, HasSubstr("Your rights\n===========\n\nYou may speak to a lawyer"));
  EXPECT_THAT(out, Not(HasSubstr("OUTCOME")));
  for (std::istringstream in(out); !in.eof();) {
    std::string line;
    std::getline(in, line);
    EXPECT_LE(line.size(), 78u) << line;
  }
  Decision none;
  EXPECT_EQ(to_notices(none), "");
}

TEST(Notices, BundledNycPoliciesOweNone) {
  auto e = open_with({});
  ASSERT_TRUE(e);
  std::ifstream in(kSource / "policies/nyc/doc.test.md");
  json c = base_case();
  c["agency"] = "nyc-doc";
  auto d = e->decide("nyc-doc", c.dump());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->notices.empty());
  EXPECT_THAT(to_json(*d), Not(HasSubstr("\"notices\"")));
}

// The checker's rules for notices (names, types, dates) through a temporary policy file.
class NoticeCheck : public ::testing::Test {
 protected:
  std::string check(const std::string& writ) {
    fs::path dir = fs::temp_directory_path() / ("writ-notice-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "t.writ.md") << "```writ\npolicy t\n  timezone \"America/New_York\"\n"
                                        "  source \"s\"\n  version 2020-01-01\n  version "
                                        "2021-01-01\nrule r cite \"c\" hold = false\n"
                                     << writ << "\n```\n";
    auto e = open_with({(dir / "t.writ.md").string()});
    fs::remove_all(dir);
    return e ? e->diagnostics() : "open failed";
  }
};

TEST_F(NoticeCheck, UnknownNamesAreReported) {
  EXPECT_THAT(check("notice n \"T\" cite \"c\" when subjekt.watchlist_match text \"x\""),
              HasSubstr("subjekt"));
}

TEST_F(NoticeCheck, SinceMustBeAVersionDate) {
  EXPECT_THAT(check("notice n \"T\" since 2020-06-01 cite \"c\" text \"x\""),
              HasSubstr("error[E0208]"));
}

TEST_F(NoticeCheck, ADefinitionNotInForceInAVersionIsE0503) {
  std::string out = check(
      "def late : bool since 2021-01-01 = true\n"
      "notice n \"T\" cite \"c\" when late text \"x\"");
  EXPECT_THAT(out, HasSubstr("error[E0503]"));
  EXPECT_THAT(out, HasSubstr("'late' is used in version 2020-01-01"));
}

TEST_F(NoticeCheck, ConditionsOverDefinitionsAndInputsAreClean) {
  EXPECT_EQ(check("def d : bool = subject.watchlist_match\n"
                  "notice n \"T\" cite \"c\" when d and request.kind == detainer text \"x\""),
            "");
}

}  // namespace
}  // namespace writ
