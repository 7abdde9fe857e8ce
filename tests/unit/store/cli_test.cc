// writ log / writ token through the real binary: exit statuses and what they print.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

class WritCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("writ_cli_test_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  CliRun writ(const std::string& args) {
    std::string cmd =
        std::string("cd '") + dir_.string() + "' && '" WRIT_BINARY "' " + args + " 2>&1";
    CliRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "var" / "writ.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
};

TEST_F(WritCli, TokensThenVerifyThenTamper) {
  auto created = writ("token create --role supervisor --agency nyc-doc");
  ASSERT_EQ(created.status, 0) << created.out;
  EXPECT_NE(created.out.find("supervisor"), std::string::npos);
  EXPECT_NE(created.out.find("writ_"), std::string::npos);
  ASSERT_EQ(writ("token create --role analyst").status, 0);

  auto list = writ("token list");
  ASSERT_EQ(list.status, 0);
  EXPECT_NE(list.out.find("analyst"), std::string::npos);
  EXPECT_EQ(list.out.find("writ_"), std::string::npos) << "list must not show secrets";

  auto ok = writ("log verify");
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_NE(ok.out.find("OK:"), std::string::npos) << ok.out;

  auto exported = writ("log export");
  ASSERT_EQ(exported.status, 0);
  EXPECT_NE(exported.out.find("\"format\":\"writ-log-export/1\""), std::string::npos);
  EXPECT_NE(exported.out.find("\"type\":\"checkpoint\""), std::string::npos);

  auto erased = writ("log erase --before 2020-01-01");
  EXPECT_EQ(erased.status, 0) << erased.out;

  sql("UPDATE entries SET agency = 'someone-else' WHERE seq = 2");
  auto bad = writ("log verify");
  EXPECT_EQ(bad.status, 1) << bad.out;
  EXPECT_NE(bad.out.find("TAMPERED: modified: entry 2"), std::string::npos) << bad.out;
  auto json = writ("log verify --format json");
  EXPECT_EQ(json.status, 1);
  EXPECT_NE(json.out.find("\"kind\": \"modified\""), std::string::npos) << json.out;
}

TEST_F(WritCli, UserErrorsExitTwoAndChangeNothing) {
  EXPECT_EQ(writ("log verify --store missing/none.db").status, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "missing"));
  ASSERT_EQ(writ("token create --role officer").status, 0);
  EXPECT_EQ(writ("log erase --before 31/12/2024").status, 2);
  EXPECT_EQ(writ("token create --role root").status, 2);
  EXPECT_EQ(writ("token revoke T-000000000000").status, 2);
  EXPECT_EQ(writ("log verify --store postgresql://nobody@127.0.0.1:1/none").status, 2);
  auto v = writ("log verify");
  EXPECT_EQ(v.status, 0) << v.out;
  EXPECT_NE(v.out.find("entries: 1 "), std::string::npos) << v.out;
}

}  // namespace
