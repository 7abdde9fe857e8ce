// Connection over PostgreSQL (libpqxx): synchronous_commit on, so a commit is durable on the
// server when it returns; writers exclude each other with a lock on the entries table.
#include <pqxx/pqxx>

#include <fmt/format.h>

#include "store/connection.h"

namespace writ::store {
namespace {

// Rewrites the store's `?` placeholders as $1, $2, ... (no statement uses `?` otherwise).
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> texts(const Params& params) {
  std::vector<std::string> out;
  out.reserve(params.size());
  for (const auto& p : params) {
    if (const auto* n = std::get_if<std::int64_t>(&p)) {
      out.push_back(std::to_string(*n));
    } else {
      out.push_back(std::get<std::string>(p));
    }
  }
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : conn_(url) {}

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    std::int64_t changed = 0;
    auto r = run(sql, params, [&](const pqxx::result& res) {
      changed = static_cast<std::int64_t>(res.affected_rows());
    });
    if (!r) return r.error();
    return changed;
  }

  Result<Ok> query(std::string_view sql, const Params& params, const RowFn& fn) override {
    return run(sql, params, [&](const pqxx::result& res) {
      Row row;
      for (const auto& r : res) {
        row.resize(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
          const auto& f = r[static_cast<pqxx::row::size_type>(i)];
          row[i] = f.is_null() ? std::string() : std::string(f.c_str(), f.size());
        }
        if (!fn(row)) break;
      }
    });
  }

  Result<Ok> begin_write() override {
    try {
      tx_.reset();
      tx_ = std::make_unique<pqxx::work>(conn_);
      tx_->exec("LOCK TABLE entries IN EXCLUSIVE MODE");
      return Ok{};
    } catch (const std::exception& e) {
      tx_.reset();
      return failure(e);
    }
  }

  Result<Ok> begin_read() override {
    try {
      tx_.reset();
      tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read>>(conn_);
      return Ok{};
    } catch (const std::exception& e) {
      tx_.reset();
      return failure(e);
    }
  }

  Result<Ok> commit() override {
    if (!tx_) return make_error(ErrorCode::kInternal, "commit without a transaction");
    try {
      tx_->commit();
      tx_.reset();
      return Ok{};
    } catch (const std::exception& e) {
      tx_.reset();
      return failure(e);
    }
  }

  void rollback() override {
    try {
      if (tx_) tx_->abort();
    } catch (const std::exception&) {
    }
    tx_.reset();
  }

  Result<Ok> create_schema() override {
    try {
      pqxx::work w(conn_);
      // Two processes creating the schema at once would race; the advisory lock orders them.
      w.exec("SELECT pg_advisory_xact_lock(7310482)");
      for (const auto& s : schema_statements(Dialect::kPostgres)) w.exec(s);
      w.commit();
      return Ok{};
    } catch (const std::exception& e) {
      return failure(e);
    }
  }

  bool healthy() const override { return conn_.is_open(); }

  Result<Ok> setup() {
    try {
      pqxx::nontransaction n(conn_);
      n.exec("SET synchronous_commit TO on");
      n.exec("SET client_min_messages TO warning");
      return Ok{};
    } catch (const std::exception& e) {
      return failure(e);
    }
  }

 private:
  template <typename F>
  Result<Ok> run(std::string_view sql, const Params& params, F&& on_result) {
    const std::string text = numbered(sql);
    const auto values = texts(params);
    try {
      if (tx_) {
        on_result(tx_->exec_params(text, pqxx::prepare::make_dynamic_params(values)));
      } else {
        pqxx::nontransaction n(conn_);
        on_result(n.exec_params(text, pqxx::prepare::make_dynamic_params(values)));
      }
      return Ok{};
    } catch (const std::exception& e) {
      // A failed statement poisons the transaction; the caller rolls back.
      return failure(e);
    }
  }

  static Error failure(const std::exception& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return make_error(ErrorCode::kIo, fmt::format("postgresql: {}", msg));
  }

  pqxx::connection conn_;
  std::unique_ptr<pqxx::dbtransaction> tx_;
};

}  // namespace

Result<std::unique_ptr<Connection>> open_postgres(const std::string& url) {
  try {
    auto c = std::make_unique<PgConnection>(url);
    if (auto s = c->setup(); !s) return s.error();
    return std::unique_ptr<Connection>(std::move(c));
  } catch (const std::exception& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return make_error(ErrorCode::kIo, fmt::format("postgresql: cannot connect: {}", msg));
  }
}

}  // namespace writ::store
