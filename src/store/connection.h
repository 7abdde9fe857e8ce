// One database connection, as the store needs it: parameterised statements written once with
// `?` placeholders, rows as text, explicit transactions. SQLite and PostgreSQL implement it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "writ/result.h"

namespace writ::store {

using Param = std::variant<std::int64_t, std::string>;
using Params = std::vector<Param>;
using Row = std::vector<std::string>;           // every column as text ("" for NULL)
using RowFn = std::function<bool(const Row&)>;  // return false to stop

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual Result<std::int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  virtual Result<Ok> query(std::string_view sql, const Params& params, const RowFn& fn) = 0;
  // A write transaction that excludes other writers (SQLite BEGIN IMMEDIATE; PostgreSQL an
  // exclusive lock on the entries table), a read transaction with a stable snapshot.
  virtual Result<Ok> begin_write() = 0;
  virtual Result<Ok> begin_read() = 0;
  virtual Result<Ok> commit() = 0;
  virtual void rollback() = 0;
  // Creates the tables if they are missing.
  virtual Result<Ok> create_schema() = 0;
  // False once the connection to a server is lost (the store then opens a new one).
  virtual bool healthy() const { return true; }
};

// Opens an SQLite database file (creating it unless read_only): WAL, synchronous=FULL.
Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, bool read_only);
// Connects to PostgreSQL with a libpq URL.
Result<std::unique_ptr<Connection>> open_postgres(const std::string& url);

// The tables, in a dialect's types.
std::vector<std::string> schema_statements(Dialect d);

}  // namespace writ::store
