// The decision store: an append-only, hash-chained log of decisions, reviews and events, with
// signed checkpoints, a separate erasable table of personal data, API tokens and idempotency
// keys. SQLite (default) or PostgreSQL. See docs/audit.md and docs/service.md.
//
// A Store is thread-safe. append() hands its entry to a single writer thread that commits
// every pending append in one transaction (group commit) and returns only once the entry is
// durable (SQLite WAL with synchronous=FULL; PostgreSQL synchronous_commit=on).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/types.h"
#include "writ/result.h"

namespace writ::store {

struct StoreOptions {
  // "PATH", "sqlite:PATH" or "postgresql://user@host:port/db?...". Relative paths are taken
  // from the working directory; the parent directory is created.
  std::string url = "var/writ.db";
  // Directory of the Ed25519 checkpoint key (created 0700, key file 0600 on first open).
  // "" = "keys" beside the SQLite file, or "var/keys" for PostgreSQL.
  std::string key_dir;
  // A checkpoint is signed after this many entries or this much time since the last one
  // (whichever comes first, checked after each commit); 0 disables that trigger.
  std::int64_t checkpoint_every_entries = 1000;
  std::chrono::seconds checkpoint_every{60};
  // Largest number of appends committed in one transaction.
  int max_batch = 512;
  // How long a token, once read from the store, is trusted without reading it again. A token
  // revoked through this store object stops working at once; one revoked by another process
  // (`writ token revoke`, another server on the same PostgreSQL database) within this time.
  // 0 reads the token table on every request.
  std::chrono::milliseconds token_cache_ttl{1000};
  // Read-only: no writer thread, no key creation, no schema creation (verify, export).
  bool read_only = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- the log -------------------------------------------------------------------------
  // Appends one entry and returns it once durable. With an idempotency key, a retry of the
  // same request returns the stored entry (kReplayed) and a different request under the same
  // key returns the stored entry with kMismatch; neither appends. A review or event whose
  // subject is not a stored decision is kNotFound (pointer /subject); other bad fields are
  // kInvalidInput with the field as pointer; database failures are kIo.
  virtual Result<Appended> append(NewEntry e,
                                  std::optional<IdempotencyKey> idem = std::nullopt) = 0;
  // The entry that (token id, key) stored, if any (lets a service skip recomputing a retry).
  virtual Result<std::optional<Appended>> find_idempotent(const IdempotencyKey& k) = 0;

  virtual Result<std::optional<Entry>> get_entry(const std::string& id) = 0;
  virtual Result<std::optional<DecisionRecord>> get_decision(const std::string& id) = 0;
  virtual Result<DecisionPage> list_decisions(const DecisionFilter& f) = 0;
  // Decisions created in the range (by created_at), each with its reviews and events, oldest
  // first; stops early when `fn` returns false.
  virtual Result<Ok> for_each_decision(const EntryRange& r,
                                       const std::function<bool(const DecisionRecord&)>& fn) = 0;
  // Every entry in the range in seq order; stops early when `fn` returns false.
  virtual Result<Ok> for_each_entry(const EntryRange& r,
                                    const std::function<bool(const Entry&)>& fn) = 0;
  virtual Result<std::int64_t> last_seq() = 0;

  // --- personal data -------------------------------------------------------------------
  // The personal JSON of an entry; nullopt when there was none or it has been erased.
  virtual Result<std::optional<std::string>> personal(const std::string& entry_id) = 0;
  // Deletes personal rows created before `date` ("YYYY-MM-DD", UTC) and logs an erasure
  // entry; returns the number of rows deleted. The chain still verifies.
  virtual Result<std::int64_t> erase_personal_before(const std::string& date,
                                                     const std::string& actor_token = {},
                                                     const std::string& actor_role = {}) = 0;

  // --- checkpoints and verification ----------------------------------------------------
  // Signs the current head now (no-op when it is already checkpointed or the log is empty).
  virtual Result<std::optional<Checkpoint>> checkpoint_now() = 0;
  virtual Result<Ok> for_each_checkpoint(const std::function<bool(const Checkpoint&)>& fn) = 0;
  // Walks the whole log, the checkpoints and the personal table; names the first problem.
  virtual Result<VerifyReport> verify(const VerifyOptions& o = {}) = 0;
  // Hex public key of the checkpoint signing key ("" in read-only mode without a key).
  virtual std::string public_key() const = 0;

  // --- tokens --------------------------------------------------------------------------
  virtual Result<CreatedToken> create_token(Role role, const std::string& agency,
                                            const std::string& actor_token = {},
                                            const std::string& actor_role = {}) = 0;
  // The valid (not revoked) token with this secret, if any.
  virtual Result<std::optional<TokenInfo>> authenticate(const std::string& secret) = 0;
  virtual Result<std::vector<TokenInfo>> list_tokens() = 0;
  // kNotFound if there is no such token; revoking twice is fine.
  virtual Result<TokenInfo> revoke_token(const std::string& id, const std::string& actor_token = {},
                                         const std::string& actor_role = {}) = 0;
  virtual Result<std::int64_t> token_count() = 0;

  // Where the store is ("sqlite:..." or a PostgreSQL URL without its password).
  virtual std::string describe() const = 0;
};

// Opens (creating if needed) the store named by options.url.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

// A stable digest (hex BLAKE2b-256) of a request body, for IdempotencyKey::request_digest.
std::string request_digest(std::string_view body);

}  // namespace writ::store
