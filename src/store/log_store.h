// The Store implementation shared by SQLite and PostgreSQL (they differ only in Connection).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/connection.h"
#include "store/crypto.h"
#include "store/store.h"

namespace writ::store {

inline constexpr const char* kUnset = "the writer did not run this job";

class LogStore final : public Store {
 public:
  // Makes a new connection (read_only: no schema changes expected).
  using Factory = std::function<Result<std::unique_ptr<Connection>>(bool read_only)>;

  LogStore(Factory factory, std::string description, bool read_only);
  ~LogStore() override;
  // Creates the schema and key, and starts the writer (unless read-only).
  Result<Ok> start(const StoreOptions& o, const std::string& key_dir);

  Result<Appended> append(NewEntry e, std::optional<IdempotencyKey> idem) override;
  Result<std::optional<Appended>> find_idempotent(const IdempotencyKey& k) override;
  Result<std::optional<Entry>> get_entry(const std::string& id) override;
  Result<std::optional<DecisionRecord>> get_decision(const std::string& id) override;
  Result<DecisionPage> list_decisions(const DecisionFilter& f) override;
  Result<Ok> for_each_decision(const EntryRange& r,
                               const std::function<bool(const DecisionRecord&)>& fn) override;
  Result<Ok> for_each_entry(const EntryRange& r,
                            const std::function<bool(const Entry&)>& fn) override;
  Result<std::int64_t> last_seq() override;
  Result<std::optional<std::string>> personal(const std::string& entry_id) override;
  Result<std::int64_t> erase_personal_before(const std::string& date,
                                             const std::string& actor_token,
                                             const std::string& actor_role) override;
  Result<std::optional<Checkpoint>> checkpoint_now() override;
  Result<Ok> for_each_checkpoint(const std::function<bool(const Checkpoint&)>& fn) override;
  Result<VerifyReport> verify(const VerifyOptions& o) override;
  std::string public_key() const override;
  Result<CreatedToken> create_token(Role role, const std::string& agency,
                                    const std::string& actor_token,
                                    const std::string& actor_role) override;
  Result<std::optional<TokenInfo>> authenticate(const std::string& secret) override;
  Result<std::vector<TokenInfo>> list_tokens() override;
  Result<TokenInfo> revoke_token(const std::string& id, const std::string& actor_token,
                                 const std::string& actor_role) override;
  Result<std::int64_t> token_count() override;
  std::string describe() const override;

 private:
  // A unit of work for the writer thread.
  struct Job {
    NewEntry entry;
    std::optional<IdempotencyKey> idem;
    // Runs in the batch transaction before the entry is hashed; may fill in the entry.
    std::function<Result<Ok>(Connection&, NewEntry&)> prepare;
    bool checkpoint_only = false;
    Result<Appended> result = make_error(ErrorCode::kInternal, kUnset);
    std::optional<Checkpoint> checkpoint;
    std::promise<void> done;
  };

  // A pooled reading connection, returned on destruction.
  class Lease {
   public:
    Lease(LogStore* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& get() { return *conn_; }

   private:
    LogStore* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> acquire();
  void release(std::unique_ptr<Connection> c);

  Result<Appended> submit(Job& job);
  void writer_loop();
  void checkpointer_loop();
  void run_batch(std::vector<Job*>& batch, bool force_checkpoint);
  Result<Ok> append_in(Connection& c, Job& j, std::int64_t& seq, std::string& hash);
  bool checkpoint_due(bool closing) const;

  static Result<std::optional<Entry>> entry_on(Connection& c, const std::string& id);
  static Result<std::optional<DecisionRecord>> decision_on(Connection& c, const std::string& id);

  Factory factory_;
  std::string description_;
  bool read_only_;
  StoreOptions options_;
  std::string key_dir_;
  SigningKey key_;
  std::string public_key_;

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_;

  // Tokens recently read from the store, by the digest of their secret (see authenticate).
  struct CachedToken {
    TokenInfo info;
    std::chrono::steady_clock::time_point read_at;
  };
  std::mutex token_mu_;
  std::unordered_map<std::string, CachedToken> token_cache_;

  // Writer state. The queue is guarded by mu_; the rest belongs to the writer thread.
  std::unique_ptr<Connection> writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
  // SQLite: copies the write-ahead log into the database file (a WAL checkpoint) on its own
  // connection, so the writer's commits never wait for it. Wakes on cv_ only when stopping.
  std::thread checkpointer_;
  std::condition_variable checkpointer_cv_;
  // Pages in the write-ahead log at the checkpointer's last round; past kRestartWalPages the
  // writer restarts the log.
  static constexpr std::int64_t kRestartWalPages = 8192;  // 32 MiB of 4 KiB pages
  std::atomic<std::int64_t> wal_pages_{0};
  std::mutex checkpoint_mu_;  // held while a checkpoint copies the log
  std::int64_t head_seq_ = 0;
  std::int64_t last_checkpoint_seq_ = 0;
  std::chrono::steady_clock::time_point last_checkpoint_time_;
};

}  // namespace writ::store
