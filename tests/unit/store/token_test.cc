// API tokens: the secret is shown once and stored only hashed; roles; revocation; the log
// records creation and revocation without the secret.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/crypto.h"
#include "store_fixture.h"

namespace writ::store::testing {
namespace {

using TokenTest = StoreTest;

TEST_P(TokenTest, CreateAuthenticateRevoke) {
  auto s = open();
  auto count = s->token_count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
  auto t = s->create_token(Role::kSupervisor, "nyc-doc");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->secret.substr(0, 5), "writ_");
  EXPECT_EQ(t->secret.size(), 57u);
  EXPECT_EQ(t->info.id.substr(0, 2), "T-");
  auto who = s->authenticate(t->secret);
  ASSERT_TRUE(who.ok() && *who);
  EXPECT_EQ((*who)->id, t->info.id);
  EXPECT_EQ((*who)->role, Role::kSupervisor);
  EXPECT_EQ((*who)->agency, "nyc-doc");

  std::string wrong = t->secret;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(*s->authenticate(wrong));
  EXPECT_FALSE(*s->authenticate(""));
  EXPECT_FALSE(*s->authenticate("Bearer nonsense"));

  // Neither the database nor the log holds the secret.
  auto c = raw();
  bool secret_stored = false;
  for (const char* table : {"tokens", "entries"}) {
    ASSERT_TRUE(c->query(std::string("SELECT * FROM ") + table, {}, [&](const Row& r) {
                   for (const auto& f : r)
                     if (f.find(t->secret.substr(5)) != std::string::npos) secret_stored = true;
                   return true;
                 }).ok());
  }
  EXPECT_FALSE(secret_stored);

  auto revoked = s->revoke_token(t->info.id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_FALSE(revoked->revoked_at.empty());
  EXPECT_FALSE(*s->authenticate(t->secret));
  auto twice = s->revoke_token(t->info.id);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->revoked_at, revoked->revoked_at);
  auto unknown = s->revoke_token("T-nosuchtoken");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto list = s->list_tokens();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, t->info.id);

  std::vector<std::string> actions;
  ASSERT_TRUE(s->for_each_entry({}, [&](const Entry& e) {
                 EXPECT_EQ(e.kind, EntryKind::kToken);
                 EXPECT_EQ(e.subject, t->info.id);
                 actions.push_back(e.action);
                 return true;
               }).ok());
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "revoked"}));
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
}

// A token revoked by another process (here, a second store object on the same database) is
// refused by this one once its cached copy is older than token_cache_ttl; with a TTL of 0, at
// once.
TEST_P(TokenTest, RevocationElsewhereEndsTheCachedCopy) {
  StoreOptions cached;
  cached.token_cache_ttl = std::chrono::milliseconds(200);
  auto s = open(cached);
  auto t = s->create_token(Role::kOfficer, "nyc-doc");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_TRUE(*s->authenticate(t->secret));  // now cached
  StoreOptions uncached;
  uncached.token_cache_ttl = std::chrono::milliseconds(0);
  auto other = open(uncached);
  ASSERT_TRUE(*other->authenticate(t->secret));
  ASSERT_TRUE(other->revoke_token(t->info.id).ok());
  EXPECT_FALSE(*other->authenticate(t->secret));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_FALSE(*s->authenticate(t->secret));
}

TEST_P(TokenTest, RolesParseAndPrint) {
  for (Role r : {Role::kOfficer, Role::kSupervisor, Role::kAnalyst, Role::kAdmin})
    EXPECT_EQ(parse_role(to_string(r)), r);
  EXPECT_FALSE(parse_role("root"));
  auto s = open();
  auto bad = s->create_token(Role::kOfficer, std::string("x\ny"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().pointer, "/agency");
}

INSTANTIATE_TEST_SUITE_P(Backends, TokenTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

TEST(TokenSecret, IsRandomBase32) {
  auto a = new_token_secret(), b = new_token_secret();
  EXPECT_NE(a, b);
  for (char c : a.substr(5)) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << c;
}

}  // namespace
}  // namespace writ::store::testing
