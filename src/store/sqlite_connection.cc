// Connection over SQLite: WAL journal, synchronous=FULL (a commit is on disk when it returns),
// secure_delete (erased personal data is overwritten), a statement cache.
#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

#include <fmt/format.h>

#include "store/connection.h"

namespace writ::store {
namespace {

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    auto stmt = prepare(sql, params);
    if (!stmt) return stmt.error();
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return failure(sql);
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Result<Ok> query(std::string_view sql, const Params& params, const RowFn& fn) override {
    auto stmt = prepare(sql, params);
    if (!stmt) return stmt.error();
    sqlite3_stmt* s = *stmt;
    int rc;
    Row row;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      int n = sqlite3_column_count(s);
      row.resize(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
        int len = sqlite3_column_bytes(s, i);
        row[static_cast<std::size_t>(i)].assign(text ? text : "",
                                                text ? static_cast<std::size_t>(len) : 0);
      }
      if (!fn(row)) {
        rc = SQLITE_DONE;
        break;
      }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return failure(sql);
    return Ok{};
  }

  Result<Ok> begin_write() override { return simple("BEGIN IMMEDIATE"); }
  Result<Ok> begin_read() override { return simple("BEGIN"); }
  Result<Ok> commit() override { return simple("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) (void)simple("ROLLBACK");
  }

  Result<Ok> create_schema() override {
    for (const auto& s : schema_statements(Dialect::kSqlite)) {
      auto r = simple(s);
      if (!r) return r;
    }
    return Ok{};
  }

  Result<Ok> simple(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return make_error(ErrorCode::kIo, fmt::format("{}: {}: {}", path_, sql, msg));
    }
    return Ok{};
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql, const Params& params) {
    auto it = cache_.find(std::string(sql));
    sqlite3_stmt* stmt = nullptr;
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
          SQLITE_OK)
        return failure(sql);
      cache_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    int i = 1;
    for (const auto& p : params) {
      int rc;
      if (const auto* n = std::get_if<std::int64_t>(&p)) {
        rc = sqlite3_bind_int64(stmt, i, *n);
      } else {
        const auto& s = std::get<std::string>(p);
        rc = sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return failure(sql);
      ++i;
    }
    return stmt;
  }

  Error failure(std::string_view sql) const {
    return make_error(ErrorCode::kIo, fmt::format("{}: {} (in: {})", path_, sqlite3_errmsg(db_),
                                                  sql.substr(0, 60)));
  }

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, bool read_only) {
  if (!read_only) {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: {}", parent.string(), ec.message()));
  }
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return make_error(ErrorCode::kIo, fmt::format("{}: {}", path, msg));
  }
  auto conn = std::make_unique<SqliteConnection>(db, path);
  sqlite3_busy_timeout(db, 10000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA secure_delete=ON",
        "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768"}) {
    if (read_only && std::string_view(pragma) == "PRAGMA journal_mode=WAL") continue;
    auto r = conn->simple(pragma);
    if (!r) return r.error();
  }
  // Fail early on a file that is not an SQLite database.
  auto probe = conn->simple("SELECT count(*) FROM sqlite_master");
  if (!probe) return probe.error();
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace writ::store
