// Versions: since/until select the rules and definitions of each version; the version in force on
// the as-of date decides; no version in force is ErrorCode::kNoVersion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace writ::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const char* kPolicy = R"W(
rule old until 2021-01-01 cite "old" hold = false
rule new since 2021-01-01 cite "new" hold = true

def limit : int until 2021-01-01 cite "limit" = 24
def limit : int since 2021-01-01 cite "limit" = 48
rule n cite "n" notify_release = limit > 30
)W";

json presented(const char* at) { return {{"request", {{"presented_at", at}}}}; }

TEST(Versions, SinceAndUntilSelectRulesPerVersion) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(presented("2020-06-01T12:00:00-04:00"));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->policy.version, "2020-01-01");
  EXPECT_EQ(d->policy.version_label, "first");
  EXPECT_EQ(d->as_of, "2020-06-01");
  EXPECT_EQ(permitted(*d, "hold"), "false");
  EXPECT_EQ(permitted(*d, "notify_release"), "false");
  d = p.decide(presented("2021-06-01T12:00:00-04:00"));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->policy.version, "2021-01-01");
  EXPECT_EQ(permitted(*d, "hold"), "true");
  EXPECT_EQ(permitted(*d, "notify_release"), "true");
}

TEST(Versions, TheBoundaryDayBelongsToTheNewVersion) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(presented("2020-12-31T23:59:59-05:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->policy.version, "2020-01-01");
  d = p.decide(presented("2021-01-01T00:00:00-05:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->policy.version, "2021-01-01");
  // The as-of date is the local date of presented_at in its own offset.
  d = p.decide(presented("2021-01-01T02:00:00+03:00"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->as_of, "2021-01-01");
  EXPECT_EQ(d->policy.version, "2021-01-01");
}

TEST(Versions, AsOfOverridesThePresentationDate) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  DecideOptions o;
  o.as_of = "2020-03-03";
  auto d = p.decide(presented("2024-03-01T10:00:00-05:00"), o);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->as_of, "2020-03-03");
  EXPECT_EQ(d->policy.version, "2020-01-01");
  // Without presented_at the as-of date is needed.
  d = p.decide({{"request", {{"presented_at", nullptr}}}}, o);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->policy.version, "2020-01-01");
}

TEST(Versions, NoVersionInForce) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(presented("2019-12-31T10:00:00-05:00"));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNoVersion);
  EXPECT_THAT(d.error().message, HasSubstr("2019-12-31"));
  EXPECT_THAT(d.error().message, HasSubstr("2020-01-01"));
}

TEST(Versions, EndsClosesTheLastVersion) {
  TestPolicy p("rule r cite \"c\" hold = true", R"W(policy t
  timezone "America/New_York"
  source "test"
  version 2020-01-01
  ends 2022-01-01
)W");
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide(presented("2021-12-31T10:00:00-05:00"));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(permitted(*d, "hold"), "true");
  d = p.decide(presented("2022-01-01T10:00:00-05:00"));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNoVersion);
  EXPECT_THAT(d.error().message, HasSubstr("2020-01-01 to 2022-01-01"));
  // The engine lists the versions.
  auto infos = p.engine().policies();
  ASSERT_EQ(infos.size(), 1u);
  ASSERT_EQ(infos[0].versions.size(), 1u);
  EXPECT_EQ(infos[0].versions[0].to, "2022-01-01");
}

TEST(Versions, UnknownAsOfDateIsInvalidInput) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.decide({{"request", {{"presented_at", nullptr}}}});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(d.error().pointer, "/request/presented_at");
  DecideOptions o;
  o.as_of = "2021-02-30";
  d = p.decide({}, o);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidInput);
}

TEST(Versions, UnknownPolicyIsNotFound) {
  TestPolicy p(kPolicy, kTwoVersions);
  ASSERT_TRUE(p.ok()) << p.diagnostics();
  auto d = p.engine().decide("no-such-policy", TestPolicy::make_case().dump());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(d.error().message, HasSubstr("loaded: t"));
}

}  // namespace
}  // namespace writ::testing
