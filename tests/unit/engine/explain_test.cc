// Explanations of requests other than detainers: the reasons of a notification, transfer or
// interview request name the definitions its deciding rule was evaluated on, with their facts, as
// a detainer's do (regression: they listed only the deciding rule).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "writ/engine.h"

namespace writ {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::Contains;
using ::testing::IsSupersetOf;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> reason_names(const Decision& d) {
  std::vector<std::string> out;
  for (const Reason& r : d.reasons) out.push_back(r.rule);
  return out;
}

const Reason* reason(const Decision& d, const std::string& name) {
  for (const Reason& r : d.reasons) {
    if (r.rule == name) return &r;
  }
  return nullptr;
}

class Explanations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions opts;
    opts.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(opts);
    ASSERT_TRUE(e) << e.error().message;
    engine_ = std::move(*e).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static Decision decide(const std::string& policy, const json& c) {
    auto d = engine_->decide(policy, c.dump());
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return d ? *d : Decision{};
  }
  static Engine* engine_;
};

Engine* Explanations::engine_ = nullptr;

TEST_F(Explanations, NotificationNamesTheDefinitionsItsRuleRestsOn) {
  const json base =
      json::parse(slurp(fs::path(WRIT_SOURCE_DIR) / "examples/cases/doc-honor-robbery.json"));
  const Decision detainer = decide("nyc-doc", base);
  ASSERT_EQ(detainer.outcome, "honor");
  std::vector<std::string> detainer_defs;
  for (const Reason& r : detainer.reasons) {
    if (r.kind == "definition") detainer_defs.push_back(r.rule);
  }
  ASSERT_FALSE(detainer_defs.empty());

  json notification = base;
  notification["request"]["kind"] = "notification";
  const Decision d = decide("nyc-doc", notification);
  ASSERT_EQ(d.outcome, "honor");
  ASSERT_THAT(reason_names(d), Contains("honor-with-warrant"));
  std::vector<std::string> defs;
  for (const Reason& r : d.reasons) {
    if (r.kind == "definition") defs.push_back(r.rule);
  }
  // The same warrant and conviction definitions decide the notification as the detainer.
  EXPECT_FALSE(defs.empty()) << "reasons list only the deciding rule";
  EXPECT_THAT(detainer_defs, IsSupersetOf(defs));
  for (const std::string& name : defs) {
    const Reason* r = reason(d, name);
    ASSERT_NE(r, nullptr);
    EXPECT_FALSE(r->facts.empty()) << name << " carries no fact";
  }
}

json ca_registrant(const std::string& kind) {
  return json{
      {"format", "writ-case/1"},
      {"id", "CA-EXPLAIN-REGISTRANT"},
      {"agency", "ca-values-act"},
      {"request",
       {{"kind", kind},
        {"form", "I-247A"},
        {"from", "ICE"},
        {"presented_at", "2024-03-01T10:15:00-08:00"},
        {"basis", {"pending_removal_proceedings"}},
        {"information_sought", json::array()},
        {"documents", json::array()}}},
      {"subject",
       {{"id", "P-CA-1"},
        {"watchlist_match", nullptr},
        {"prior_removal", false},
        {"unlawful_reentry", false},
        {"registrations", {"arson"}},
        {"final_removal_order", nullptr},
        {"pending_charges", json::array()},
        {"convictions", json::array()}}},
      {"custody",
       {{"arrest_date", "2024-02-27"},
        {"release_eligible_at", "2024-03-02T14:00:00-08:00"},
        {"charges", json::array()},
        {"facility", "Main Jail"}}},
      {"records_check", {{"source", "CLETS"}, {"performed_at", "2024-03-01T11:00:00-08:00"}}}};
}

TEST_F(Explanations, TransferOfARegistrantNamesTheRegistrantDefinitionAndItsFact) {
  for (const std::string kind : {"transfer", "notification"}) {
    const Decision d = decide("ca-values-act", ca_registrant(kind));
    ASSERT_EQ(d.outcome, "honor") << kind;
    const Reason* r = reason(d, "current_registrant");
    ASSERT_NE(r, nullptr) << kind << ": current_registrant is not among the reasons";
    EXPECT_EQ(r->holds, std::optional<bool>(true)) << kind;
    EXPECT_THAT(r->facts, Contains("subject.registrations")) << kind;
  }
}

}  // namespace
}  // namespace writ
