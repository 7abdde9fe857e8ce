// A fresh store per test, on SQLite (a temporary directory) or PostgreSQL (a new database on
// the server that scripts/postgres-test-server.sh started; its URL is in the file named by
// WRIT_TEST_POSTGRES_URL_FILE).
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "store/connection.h"
#include "store/store.h"

namespace writ::store::testing {

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
void PrintTo(Backend b, std::ostream* os);

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Opens (or reopens) the store of this test.
  std::unique_ptr<Store> open(StoreOptions o = {});
  StoreOptions options() const;
  // A direct connection to the test's database, as an attacker with write access has.
  std::unique_ptr<Connection> raw();
  // Runs one statement directly; fails the test on error.
  void sql(const std::string& statement, const Params& params = {});
  // The SQLite file (SQLite tests only).
  std::filesystem::path sqlite_path() const { return dir_ / "writ.db"; }

  // A decision entry with a small body.
  static NewEntry decision(std::string agency = "nyc-doc", std::string outcome = "decline",
                           std::string policy = "nyc-doc");

  std::filesystem::path dir_;
  std::string url_;
  std::string pg_database_;
};

// The base PostgreSQL URL, or "" when no test server is configured.
std::string postgres_base_url();

}  // namespace writ::store::testing
