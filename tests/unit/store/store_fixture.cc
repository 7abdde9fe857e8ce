#include "store_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include <pqxx/pqxx>

namespace writ::store::testing {

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "sqlite" : "postgres");
}

std::string postgres_base_url() {
  const char* file = std::getenv("WRIT_TEST_POSTGRES_URL_FILE");
  if (!file) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

namespace {
std::string with_database(const std::string& url, const std::string& db) {
  auto q = url.find('?');
  std::string base = url.substr(0, q);
  std::string query = q == std::string::npos ? "" : url.substr(q);
  auto slash = base.rfind('/');
  return base.substr(0, slash + 1) + db + query;
}
}  // namespace

void StoreTest::SetUp() {
  std::random_device rd;
  std::string tag = std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000);
  dir_ = std::filesystem::temp_directory_path() / ("writ_store_test_" + tag);
  std::filesystem::create_directories(dir_);
  if (GetParam() == Backend::kSqlite) {
    url_ = "sqlite:" + (dir_ / "writ.db").string();
    return;
  }
  std::string base = postgres_base_url();
  if (base.empty())
    GTEST_FAIL() << "PostgreSQL tests need WRIT_TEST_POSTGRES_URL_FILE (the CTest fixture "
                    "postgres_server sets it)";
  pg_database_ = "writ_test_" + tag;
  pqxx::connection c(base);
  pqxx::nontransaction n(c);
  n.exec("CREATE DATABASE " + pg_database_ + " TEMPLATE template0 ENCODING 'UTF8'");
  url_ = with_database(base, pg_database_);
}

void StoreTest::TearDown() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  if (!pg_database_.empty()) {
    try {
      pqxx::connection c(postgres_base_url());
      pqxx::nontransaction n(c);
      n.exec("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
}

StoreOptions StoreTest::options() const {
  StoreOptions o;
  o.url = url_;
  o.key_dir = (dir_ / "keys").string();
  return o;
}

std::unique_ptr<Store> StoreTest::open(StoreOptions o) {
  if (o.url == StoreOptions{}.url) {
    auto base = options();
    base.checkpoint_every_entries = o.checkpoint_every_entries;
    base.checkpoint_every = o.checkpoint_every;
    base.read_only = o.read_only;
    base.max_batch = o.max_batch;
    base.token_cache_ttl = o.token_cache_ttl;
    o = base;
  }
  auto s = open_store(o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  if (!s) return nullptr;
  return std::move(*s);
}

std::unique_ptr<Connection> StoreTest::raw() {
  auto c = GetParam() == Backend::kSqlite ? open_sqlite(sqlite_path().string(), false)
                                          : open_postgres(url_);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  if (!c) return nullptr;
  return std::move(*c);
}

void StoreTest::sql(const std::string& statement, const Params& params) {
  auto c = raw();
  ASSERT_TRUE(c);
  auto r = c->exec(statement, params);
  ASSERT_TRUE(r.ok()) << r.error().message;
}

NewEntry StoreTest::decision(std::string agency, std::string outcome, std::string policy) {
  NewEntry e;
  e.kind = EntryKind::kDecision;
  e.actor_token = "T-000000000001";
  e.actor_role = "officer";
  e.agency = std::move(agency);
  e.policy = std::move(policy);
  e.outcome = outcome;
  e.body = R"({"format":"writ-decision/1","outcome":")" + outcome + R"(","report":{}})";
  return e;
}

}  // namespace writ::store::testing
