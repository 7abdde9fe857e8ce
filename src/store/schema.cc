// The tables of the store. `entries` is the hash chain; `decisions` is an index derived from it
// (state, final outcome) for listing; `personal` is kept apart and may be erased.
#include <fmt/format.h>

#include "store/connection.h"

namespace writ::store {

std::vector<std::string> schema_statements(Dialect d) {
  // PostgreSQL compares text by byte ("C" collation) so ISO timestamps order as strings do.
  const bool pg = d == Dialect::kPostgres;
  const std::string text = pg ? "TEXT COLLATE \"C\" NOT NULL" : "TEXT NOT NULL";
  const std::string integer = pg ? "BIGINT" : "INTEGER";
  auto t = [&](const char* name) { return fmt::format("{} {}", name, text); };
  return {
      fmt::format("CREATE TABLE IF NOT EXISTS entries(seq {} PRIMARY KEY, {} UNIQUE, {}, {}, {}, "
                  "{}, {}, {}, {}, {}, {}, {}, {}, {}, {} UNIQUE)",
                  integer, t("id"), t("kind"), t("subject"), t("action"), t("created_at"),
                  t("actor_token"), t("actor_role"), t("agency"), t("policy"), t("outcome"),
                  t("body"), t("personal_digest"), t("prev_hash"), t("hash")),
      "CREATE INDEX IF NOT EXISTS entries_subject ON entries(subject)",
      "CREATE INDEX IF NOT EXISTS entries_created ON entries(created_at)",
      fmt::format("CREATE TABLE IF NOT EXISTS personal({} PRIMARY KEY, {}, {}, {})", t("entry_id"),
                  t("salt"), t("data"), t("created_at")),
      "CREATE INDEX IF NOT EXISTS personal_created ON personal(created_at)",
      fmt::format("CREATE TABLE IF NOT EXISTS checkpoints(seq {} PRIMARY KEY, {}, {}, {}, {})",
                  integer, t("head_hash"), t("created_at"), t("public_key"), t("signature")),
      fmt::format("CREATE TABLE IF NOT EXISTS signing_keys({} PRIMARY KEY, {})", t("public_key"),
                  t("created_at")),
      fmt::format("CREATE TABLE IF NOT EXISTS tokens({} PRIMARY KEY, {} UNIQUE, {}, {}, {}, {})",
                  t("id"), t("hash"), t("role"), t("agency"), t("created_at"), t("revoked_at")),
      fmt::format("CREATE TABLE IF NOT EXISTS idempotency({}, {}, {}, {}, {}, "
                  "PRIMARY KEY(token_id, key))",
                  t("token_id"), t("key"), t("request_digest"), t("entry_id"), t("created_at")),
      fmt::format("CREATE TABLE IF NOT EXISTS decisions({} PRIMARY KEY, seq {} NOT NULL UNIQUE, "
                  "{}, {}, {}, {}, {}, {})",
                  t("id"), integer, t("created_at"), t("agency"), t("policy"), t("outcome"),
                  t("state"), t("final_outcome")),
      "CREATE INDEX IF NOT EXISTS decisions_created ON decisions(created_at)",
  };
}

}  // namespace writ::store
