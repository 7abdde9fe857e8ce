// The Store over a Connection: a pool of reading connections and one writer thread that
// commits pending appends in batches (group commit) and signs checkpoints.
#include "store/log_store.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "store/chain.h"
#include "store/crypto.h"
#include "store/rows.h"
#include "store/verify.h"

namespace writ::store {
namespace {

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// Inclusive date bounds on ISO timestamps compared as strings.
std::string upper_bound_of(const std::string& date) {
  return date + "T99";
}

// Whether `text` is one JSON document (simdjson validates structure and UTF-8 in one pass; this
// runs twice for every decision). nlohmann-json has the last word on numbers simdjson does not
// take (integers beyond 64 bits), which JSON allows.
bool is_json(const std::string& text) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element ignored;
  auto error = parser.parse(text).get(ignored);
  if (!error) return true;
  return error == simdjson::NUMBER_ERROR && nlohmann::json::accept(text);
}

// A new entry's id: its kind's prefix, the time in milliseconds (12 hex digits) and 8 random hex
// digits, e.g. D-019aa1b2c3d4e5f60718. Ids of entries written one after another sort together,
// so the unique indexes on ids grow at their right edge instead of touching a random page of
// each index for every entry (most of the pages a commit writes, once the log is large).
std::string new_entry_id(const std::string& prefix) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return fmt::format("{}{:012x}{}", prefix, static_cast<std::uint64_t>(ms) & 0xFFFFFFFFFFFFull,
                     random_hex(4));
}

std::string id_prefix(EntryKind k) {
  switch (k) {
    case EntryKind::kDecision:
      return "D-";
    case EntryKind::kReview:
      return "R-";
    case EntryKind::kEvent:
      return "E-";
    case EntryKind::kToken:
      return "K-";
    case EntryKind::kErasure:
      return "X-";
  }
  return "N-";
}

bool plain_text(std::string_view s, std::size_t max) {
  if (s.size() > max) return false;
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

Result<Ok> validate(const NewEntry& n) {
  auto bad = [](std::string msg, std::string ptr) {
    return make_error(ErrorCode::kInvalidInput, std::move(msg), std::move(ptr));
  };
  for (auto [value, name] : {std::pair{&n.id, "id"},
                             {&n.subject, "subject"},
                             {&n.action, "action"},
                             {&n.actor_token, "actor_token"},
                             {&n.actor_role, "actor_role"},
                             {&n.agency, "agency"},
                             {&n.policy, "policy"},
                             {&n.outcome, "outcome"}}) {
    if (!plain_text(*value, 200)) {
      return bad(fmt::format("{} must be at most 200 characters without control characters", name),
                 fmt::format("/{}", name));
    }
  }
  if (!n.created_at.empty() &&
      (n.created_at.size() < 10 || !is_date(std::string_view(n.created_at).substr(0, 10)) ||
       !plain_text(n.created_at, 40)))
    return bad("created_at must be an ISO date-time in UTC", "/created_at");
  if (n.body.empty()) return bad("an entry needs a JSON body", "/body");
  if (!is_json(n.body)) return bad("the entry body is not JSON", "/body");
  if (n.personal && !is_json(*n.personal)) return bad("personal data must be JSON", "/personal");
  switch (n.kind) {
    case EntryKind::kDecision:
      if (!n.subject.empty()) return bad("a decision has no subject", "/subject");
      break;
    case EntryKind::kReview:
      if (n.action != kSignOff && n.action != kOverride)
        return bad("a review's action is sign_off or override", "/action");
      if (n.action == kOverride && n.outcome.empty())
        return bad("an override needs the new outcome", "/outcome");
      if (n.subject.empty()) return bad("a review names the decision it reviews", "/subject");
      break;
    case EntryKind::kEvent:
      if (std::find(std::begin(kEventTypes), std::end(kEventTypes), n.action) ==
          std::end(kEventTypes)) {
        return bad(
            "unknown event type (held, transferred, released, custody_not_assumed, "
            "information_given)",
            "/type");
      }
      if (n.subject.empty()) return bad("an event names its decision", "/subject");
      break;
    case EntryKind::kToken:
    case EntryKind::kErasure:
      break;
  }
  return Ok{};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The connection pool.

LogStore::Lease::~Lease() {
  if (conn_) pool_->release(std::move(conn_));
}

Result<LogStore::Lease> LogStore::acquire() {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
  }
  auto c = factory_(read_only_);
  if (!c) return c.error();
  return Lease(this, std::move(*c));
}

void LogStore::release(std::unique_ptr<Connection> c) {
  if (!c->healthy()) return;  // a lost server connection is dropped, not reused
  std::lock_guard lock(pool_mu_);
  if (idle_.size() < 8) idle_.push_back(std::move(c));
}

// ---------------------------------------------------------------------------------------
// Opening and closing.

LogStore::LogStore(Factory factory, std::string description, bool read_only)
    : factory_(std::move(factory)), description_(std::move(description)), read_only_(read_only) {}

Result<Ok> LogStore::start(const StoreOptions& o, const std::string& key_dir) {
  options_ = o;
  options_.max_batch = std::clamp(o.max_batch, 1, 10000);
  key_dir_ = key_dir;
  if (read_only_) {
    public_key_ = read_public_key(key_dir);
    auto probe = acquire();  // fail at open, not at the first read, if there is no store
    if (!probe) return probe.error();
    return Ok{};
  }
  auto w = factory_(false);
  if (!w) return w.error();
  writer_ = std::move(*w);
  if (auto s = writer_->create_schema(); !s) return s.error();
  auto key = load_or_create_key(key_dir);
  if (!key) return key.error();
  key_ = std::move(*key);
  public_key_ = to_hex(key_.public_key);
  if (auto r = writer_->exec(
          "INSERT INTO signing_keys(public_key, created_at) VALUES(?, ?) ON CONFLICT DO NOTHING",
          {public_key_, utc_now()});
      !r)
    return r.error();
  auto head =
      writer_->query("SELECT seq FROM entries ORDER BY seq DESC LIMIT 1", {}, [&](const Row& r) {
        head_seq_ = to_int(r[0]);
        return false;
      });
  if (!head) return head.error();
  auto last = writer_->query("SELECT seq FROM checkpoints ORDER BY seq DESC LIMIT 1", {},
                             [&](const Row& r) {
                               last_checkpoint_seq_ = to_int(r[0]);
                               return false;
                             });
  if (!last) return last.error();
  last_checkpoint_time_ = std::chrono::steady_clock::now();
  if (writer_->dialect() == Dialect::kSqlite) {
    // The writer does not copy the log into the database at commit (SQLite's automatic
    // checkpoint would stall every request waiting on that commit); checkpointer_ does.
    auto off = writer_->query("PRAGMA wal_autocheckpoint=0", {}, [](const Row&) { return false; });
    if (!off) return off.error();
    checkpointer_ = std::thread([this] { checkpointer_loop(); });
  }
  thread_ = std::thread([this] { writer_loop(); });
  return Ok{};
}

void LogStore::checkpointer_loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      // Every 200 ms; every 10 ms while the log is long, so that when the writer restarts it
      // (run_batch) only a few milliseconds of frames are left to copy.
      auto every = wal_pages_.load(std::memory_order_relaxed) > kRestartWalPages / 8
                       ? std::chrono::milliseconds(10)
                       : std::chrono::milliseconds(200);
      checkpointer_cv_.wait_for(lock, every, [&] { return stopping_; });
      if (stopping_) return;
    }
    auto lease = acquire();
    if (!lease) continue;
    // PASSIVE copies what it can without blocking the writer or readers; a failure (busy) is
    // retried on the next round. Under steady writing the log never empties that way, since
    // the writer keeps appending: the writer restarts it (run_batch) once it is long.
    std::lock_guard copying(checkpoint_mu_);
    (void)lease->get().query("PRAGMA wal_checkpoint(PASSIVE)", {}, [&](const Row& r) {
      if (r.size() >= 2) wal_pages_.store(to_int(r[1]), std::memory_order_relaxed);
      return false;
    });
  }
}

LogStore::~LogStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  checkpointer_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (checkpointer_.joinable()) checkpointer_.join();
}

// ---------------------------------------------------------------------------------------
// The writer.

Result<Appended> LogStore::submit(Job& job) {
  if (read_only_ || !writer_) return make_error(ErrorCode::kIo, "the store is open read-only");
  auto done = job.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return make_error(ErrorCode::kIo, "the store is closing");
    queue_.push_back(&job);
  }
  cv_.notify_one();
  done.wait();
  return std::move(job.result);
}

namespace {
constexpr std::size_t kGatherTarget = 8;
constexpr auto kGatherWait = std::chrono::microseconds(800);
}  // namespace

void LogStore::writer_loop() {
  std::vector<Job*> batch;
  std::size_t last_batch = 0;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      auto tick = std::chrono::seconds(1);
      cv_.wait_for(lock, tick, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) break;
      // Under load (the last batch held several appends), wait up to kGatherWait for a fuller
      // batch: each commit rewrites the last page of every table and index it touches, so
      // three appends per commit write several times the bytes per append that ten do.
      if (last_batch >= 2 && queue_.size() < kGatherTarget && !stopping_) {
        cv_.wait_for(lock, kGatherWait,
                     [&] { return stopping_ || queue_.size() >= kGatherTarget; });
      }
      std::size_t n = std::min(queue_.size(), static_cast<std::size_t>(options_.max_batch));
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      last_batch = n;
    }
    if (batch.empty()) {
      if (checkpoint_due(false)) run_batch(batch, true);
      continue;
    }
    run_batch(batch, false);
    for (Job* j : batch) j->done.set_value();
    batch.clear();
  }
  if (checkpoint_due(true)) run_batch(batch, true);
}

bool LogStore::checkpoint_due(bool closing) const {
  if (head_seq_ <= last_checkpoint_seq_) return false;
  if (closing) return true;
  if (options_.checkpoint_every_entries > 0 &&
      head_seq_ - last_checkpoint_seq_ >= options_.checkpoint_every_entries)
    return true;
  return options_.checkpoint_every.count() > 0 &&
         std::chrono::steady_clock::now() - last_checkpoint_time_ >= options_.checkpoint_every;
}

void LogStore::run_batch(std::vector<Job*>& batch, bool force_checkpoint) {
  if (!writer_->healthy()) {
    // The server connection was lost (a PostgreSQL restart): reconnect before this batch.
    auto fresh = factory_(false);
    if (fresh) writer_ = std::move(*fresh);
  }
  Connection& c = *writer_;
  auto fail_all = [&](const Error& e) {
    for (Job* j : batch) j->result = e;
  };
  if (auto b = c.begin_write(); !b) {
    fail_all(b.error());
    return;
  }
  // The head as it is on disk (another process may have written since our last batch).
  std::int64_t seq = 0;
  std::string hash(kGenesisHash);
  auto h =
      c.query("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1", {}, [&](const Row& r) {
        seq = to_int(r[0]);
        hash = r[1];
        return false;
      });
  if (!h) {
    c.rollback();
    fail_all(h.error());
    return;
  }
  bool want_checkpoint = force_checkpoint;
  for (Job* j : batch) {
    if (j->checkpoint_only) {
      want_checkpoint = true;
      continue;
    }
    auto r = append_in(c, *j, seq, hash);
    if (!r) {
      c.rollback();
      fail_all(r.error());
      return;
    }
  }
  head_seq_ = seq;
  std::optional<Checkpoint> cp;
  if ((want_checkpoint || checkpoint_due(false)) && seq > 0) {
    bool already = false;
    auto q = c.query("SELECT seq FROM checkpoints WHERE seq = ?", {seq}, [&](const Row&) {
      already = true;
      return false;
    });
    if (q && !already) {
      Checkpoint k;
      k.seq = seq;
      k.head_hash = hash;
      k.created_at = utc_now();
      k.public_key = public_key_;
      k.signature = sign_hex(key_, checkpoint_message(k.seq, k.head_hash, k.created_at));
      auto ins = c.exec(
          "INSERT INTO checkpoints(seq, head_hash, created_at, public_key, signature) "
          "VALUES(?, ?, ?, ?, ?)",
          {k.seq, k.head_hash, k.created_at, k.public_key, k.signature});
      if (!ins) {
        c.rollback();
        fail_all(ins.error());
        return;
      }
      cp = k;
    }
  }
  if (auto r = c.commit(); !r) {
    c.rollback();
    fail_all(r.error());
    // The head on disk is unknown now; the next batch reads it again.
    return;
  }
  // Only when the checkpointer is not copying: waiting for its lock would put the writer in
  // SQLite's busy handler, which sleeps in steps of up to 100 ms.
  if (wal_pages_.load(std::memory_order_relaxed) > kRestartWalPages && checkpoint_mu_.try_lock()) {
    std::lock_guard copying(checkpoint_mu_, std::adopt_lock);
    // The write-ahead log has grown past kRestartWalPages while the checkpointer copied it:
    // copy the last frames here, between two batches, so the next commit starts the log file
    // over and its size stays bounded. Most frames are already copied, so this is short.
    wal_pages_.store(0, std::memory_order_relaxed);
    (void)c.query("PRAGMA wal_checkpoint(RESTART)", {}, [](const Row&) { return false; });
  }
  if (cp) {
    last_checkpoint_seq_ = cp->seq;
    last_checkpoint_time_ = std::chrono::steady_clock::now();
  }
  for (Job* j : batch)
    if (j->checkpoint_only) j->checkpoint = cp;
}

// One append inside the batch transaction. Input problems become the job's result; engine
// failures are returned and abort the whole batch.
Result<Ok> LogStore::append_in(Connection& c, Job& j, std::int64_t& seq, std::string& hash) {
  NewEntry& n = j.entry;
  if (j.idem) {
    std::string entry_id, digest;
    auto q =
        c.query("SELECT entry_id, request_digest FROM idempotency WHERE token_id = ? AND key = ?",
                {j.idem->token_id, j.idem->key}, [&](const Row& r) {
                  entry_id = r[0];
                  digest = r[1];
                  return false;
                });
    if (!q) return q.error();
    if (!entry_id.empty()) {
      auto e = entry_on(c, entry_id);
      if (!e) return e.error();
      if (!*e) return make_error(ErrorCode::kInternal, "an idempotency key names a missing entry");
      j.result =
          Appended{std::move(**e), digest == j.idem->request_digest ? IdempotencyStatus::kReplayed
                                                                    : IdempotencyStatus::kMismatch};
      return Ok{};
    }
  }
  if (n.kind == EntryKind::kReview || n.kind == EntryKind::kEvent) {
    bool is_decision = false;
    auto q = c.query("SELECT kind FROM entries WHERE id = ?", {n.subject}, [&](const Row& r) {
      is_decision = r[0] == "decision";
      return false;
    });
    if (!q) return q.error();
    if (!is_decision) {
      j.result = make_error(ErrorCode::kNotFound,
                            fmt::format("no decision with id '{}'", n.subject), "/subject");
      return Ok{};
    }
  }
  if (j.prepare) {
    auto p = j.prepare(c, n);
    if (!p) {
      if (p.error().code == ErrorCode::kIo || p.error().code == ErrorCode::kInternal)
        return p.error();
      j.result = p.error();
      return Ok{};
    }
  }
  if (n.id.empty()) {
    n.id = new_entry_id(id_prefix(n.kind));
  } else {
    bool taken = false;
    auto q = c.query("SELECT 1 FROM entries WHERE id = ?", {n.id}, [&](const Row&) {
      taken = true;
      return false;
    });
    if (!q) return q.error();
    if (taken) {
      j.result = make_error(ErrorCode::kInvalidInput,
                            fmt::format("an entry with id '{}' already exists", n.id), "/id");
      return Ok{};
    }
  }
  Entry e;
  e.seq = seq + 1;
  e.id = n.id;
  e.kind = n.kind;
  e.subject = n.subject;
  e.action = n.action;
  e.created_at = n.created_at.empty() ? utc_now() : n.created_at;
  e.actor_token = n.actor_token;
  e.actor_role = n.actor_role;
  e.agency = n.agency;
  e.policy = n.policy;
  e.outcome = n.outcome;
  e.body = n.body;
  std::string salt;
  if (n.personal) {
    salt = random_hex(16);
    std::string raw;
    from_hex(salt, raw);
    e.personal_digest = blake2b_hex(raw, *n.personal);
  }
  e.prev_hash = hash;
  e.hash = entry_hash(e);
  auto ins = c.exec(
      "INSERT INTO entries(seq, id, kind, subject, action, created_at, actor_token, actor_role, "
      "agency, policy, outcome, body, personal_digest, prev_hash, hash) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.seq, e.id, std::string(to_string(e.kind)), e.subject, e.action, e.created_at,
       e.actor_token, e.actor_role, e.agency, e.policy, e.outcome, e.body, e.personal_digest,
       e.prev_hash, e.hash});
  if (!ins) return ins.error();
  if (n.personal) {
    auto p = c.exec("INSERT INTO personal(entry_id, salt, data, created_at) VALUES(?, ?, ?, ?)",
                    {e.id, salt, *n.personal, e.created_at});
    if (!p) return p.error();
  }
  if (j.idem) {
    auto p = c.exec(
        "INSERT INTO idempotency(token_id, key, request_digest, entry_id, created_at) "
        "VALUES(?, ?, ?, ?, ?)",
        {j.idem->token_id, j.idem->key, j.idem->request_digest, e.id, e.created_at});
    if (!p) return p.error();
  }
  if (e.kind == EntryKind::kDecision) {
    auto p = c.exec(
        "INSERT INTO decisions(id, seq, created_at, agency, policy, outcome, state, final_outcome) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
        {e.id, e.seq, e.created_at, e.agency, e.policy, e.outcome,
         std::string(to_string(DecisionState::kPendingReview)), e.outcome});
    if (!p) return p.error();
  } else if (e.kind == EntryKind::kReview) {
    Result<std::int64_t> p =
        e.action == kOverride
            ? c.exec("UPDATE decisions SET state = ?, final_outcome = ? WHERE id = ?",
                     {std::string(to_string(DecisionState::kOverridden)), e.outcome, e.subject})
            : c.exec("UPDATE decisions SET state = ? WHERE id = ?",
                     {std::string(to_string(DecisionState::kSignedOff)), e.subject});
    if (!p) return p.error();
  }
  seq = e.seq;
  hash = e.hash;
  j.result = Appended{std::move(e), IdempotencyStatus::kNew};
  return Ok{};
}

// ---------------------------------------------------------------------------------------
// The log.

Result<Appended> LogStore::append(NewEntry e, std::optional<IdempotencyKey> idem) {
  if (auto v = validate(e); !v) return v.error();
  if (idem && (idem->key.empty() || !plain_text(idem->key, 200))) {
    return make_error(ErrorCode::kInvalidInput,
                      "an Idempotency-Key is 1 to 200 characters without control characters",
                      "/Idempotency-Key");
  }
  Job job;
  job.entry = std::move(e);
  job.idem = std::move(idem);
  return submit(job);
}

Result<std::optional<Appended>> LogStore::find_idempotent(const IdempotencyKey& k) {
  auto lease = acquire();
  if (!lease) return lease.error();
  Connection& c = lease->get();
  std::string entry_id, digest;
  auto q =
      c.query("SELECT entry_id, request_digest FROM idempotency WHERE token_id = ? AND key = ?",
              {k.token_id, k.key}, [&](const Row& r) {
                entry_id = r[0];
                digest = r[1];
                return false;
              });
  if (!q) return q.error();
  if (entry_id.empty()) return std::optional<Appended>();
  auto e = entry_on(c, entry_id);
  if (!e) return e.error();
  if (!*e) return std::optional<Appended>();
  return std::optional<Appended>(Appended{std::move(**e), digest == k.request_digest
                                                              ? IdempotencyStatus::kReplayed
                                                              : IdempotencyStatus::kMismatch});
}

Result<std::optional<Entry>> LogStore::entry_on(Connection& c, const std::string& id) {
  std::optional<Entry> out;
  auto q = c.query(fmt::format("SELECT {} FROM entries WHERE id = ?", kEntryColumns), {id},
                   [&](const Row& r) {
                     out = entry_from_row(r);
                     return false;
                   });
  if (!q) return q.error();
  return out;
}

Result<std::optional<Entry>> LogStore::get_entry(const std::string& id) {
  auto lease = acquire();
  if (!lease) return lease.error();
  return entry_on(lease->get(), id);
}

Result<std::optional<DecisionRecord>> LogStore::decision_on(Connection& c, const std::string& id) {
  auto e = entry_on(c, id);
  if (!e) return e.error();
  if (!*e || (*e)->kind != EntryKind::kDecision) return std::optional<DecisionRecord>();
  DecisionRecord rec;
  rec.decision = std::move(**e);
  rec.final_outcome = rec.decision.outcome;
  auto q =
      c.query(fmt::format("SELECT {} FROM entries WHERE subject = ? ORDER BY seq", kEntryColumns),
              {id}, [&](const Row& r) {
                auto x = entry_from_row(r);
                if (!x) return true;
                if (x->kind == EntryKind::kReview) {
                  if (x->action == kOverride) {
                    rec.state = DecisionState::kOverridden;
                    rec.final_outcome = x->outcome;
                  } else {
                    rec.state = DecisionState::kSignedOff;
                  }
                  rec.reviews.push_back(std::move(*x));
                } else if (x->kind == EntryKind::kEvent) {
                  rec.events.push_back(std::move(*x));
                }
                return true;
              });
  if (!q) return q.error();
  return std::optional<DecisionRecord>(std::move(rec));
}

Result<std::optional<DecisionRecord>> LogStore::get_decision(const std::string& id) {
  auto lease = acquire();
  if (!lease) return lease.error();
  return decision_on(lease->get(), id);
}

Result<DecisionPage> LogStore::list_decisions(const DecisionFilter& f) {
  auto bad = [](std::string msg, std::string ptr) {
    return make_error(ErrorCode::kInvalidInput, std::move(msg), std::move(ptr));
  };
  if (!f.from.empty() && !is_date(f.from)) return bad("from must be a date YYYY-MM-DD", "/from");
  if (!f.to.empty() && !is_date(f.to)) return bad("to must be a date YYYY-MM-DD", "/to");
  if (f.limit < 1 || f.limit > 1000) return bad("limit must be between 1 and 1000", "/limit");
  std::int64_t before = 0;
  if (!f.cursor.empty()) {
    before = f.cursor.size() > 1 && f.cursor[0] == 's' ? to_int(f.cursor.substr(1)) : 0;
    if (before <= 0) return bad("not a cursor this server gave out", "/cursor");
  }
  std::string sql = "SELECT id, seq FROM decisions WHERE 1 = 1";
  Params params;
  auto add = [&](const char* cond, Param p) {
    sql += cond;
    params.push_back(std::move(p));
  };
  if (!f.from.empty()) add(" AND created_at >= ?", f.from);
  if (!f.to.empty()) add(" AND created_at <= ?", upper_bound_of(f.to));
  if (!f.outcome.empty()) add(" AND final_outcome = ?", f.outcome);
  if (!f.policy.empty()) add(" AND policy = ?", f.policy);
  if (!f.agency.empty()) add(" AND agency = ?", f.agency);
  if (f.state) add(" AND state = ?", std::string(to_string(*f.state)));
  if (before > 0) add(" AND seq < ?", before);
  add(" ORDER BY seq DESC LIMIT ?", static_cast<std::int64_t>(f.limit) + 1);
  auto lease = acquire();
  if (!lease) return lease.error();
  Connection& c = lease->get();
  std::vector<std::pair<std::string, std::int64_t>> ids;
  auto q = c.query(sql, params, [&](const Row& r) {
    ids.emplace_back(r[0], to_int(r[1]));
    return true;
  });
  if (!q) return q.error();
  DecisionPage page;
  if (ids.size() > static_cast<std::size_t>(f.limit)) {
    ids.pop_back();
    page.next_cursor = fmt::format("s{}", ids.back().second);
  }
  for (const auto& [id, seq] : ids) {
    auto d = decision_on(c, id);
    if (!d) return d.error();
    if (*d) page.items.push_back(std::move(**d));
  }
  return page;
}

Result<Ok> LogStore::for_each_decision(const EntryRange& r,
                                       const std::function<bool(const DecisionRecord&)>& fn) {
  if (!r.from.empty() && !is_date(r.from))
    return make_error(ErrorCode::kInvalidInput, "from must be a date YYYY-MM-DD", "/from");
  if (!r.to.empty() && !is_date(r.to))
    return make_error(ErrorCode::kInvalidInput, "to must be a date YYYY-MM-DD", "/to");
  auto lease = acquire();
  if (!lease) return lease.error();
  Connection& c = lease->get();
  std::int64_t after = r.after_seq;
  for (;;) {
    std::vector<std::pair<std::string, std::int64_t>> ids;
    auto q = c.query(
        "SELECT id, seq FROM entries WHERE kind = 'decision' AND seq > ? AND created_at >= ? "
        "AND created_at <= ? ORDER BY seq LIMIT 256",
        {after, r.from, r.to.empty() ? std::string("9999") : upper_bound_of(r.to)},
        [&](const Row& row) {
          ids.emplace_back(row[0], to_int(row[1]));
          return true;
        });
    if (!q) return q.error();
    if (ids.empty()) return Ok{};
    for (const auto& [id, seq] : ids) {
      auto d = decision_on(c, id);
      if (!d) return d.error();
      if (*d && !fn(**d)) return Ok{};
      after = seq;
    }
  }
}

Result<Ok> LogStore::for_each_entry(const EntryRange& r,
                                    const std::function<bool(const Entry&)>& fn) {
  if (!r.from.empty() && !is_date(r.from))
    return make_error(ErrorCode::kInvalidInput, "from must be a date YYYY-MM-DD", "/from");
  if (!r.to.empty() && !is_date(r.to))
    return make_error(ErrorCode::kInvalidInput, "to must be a date YYYY-MM-DD", "/to");
  auto lease = acquire();
  if (!lease) return lease.error();
  Connection& c = lease->get();
  std::int64_t after = r.after_seq;
  const std::string sql = fmt::format(
      "SELECT {} FROM entries WHERE seq > ? AND created_at >= ? AND created_at <= ? "
      "ORDER BY seq LIMIT 1000",
      kEntryColumns);
  for (;;) {
    std::vector<Entry> page;
    auto q =
        c.query(sql, {after, r.from, r.to.empty() ? std::string("9999") : upper_bound_of(r.to)},
                [&](const Row& row) {
                  after = to_int(row[0]);
                  if (auto e = entry_from_row(row)) page.push_back(std::move(*e));
                  return true;
                });
    if (!q) return q.error();
    if (page.empty()) return Ok{};
    for (const auto& e : page)
      if (!fn(e)) return Ok{};
  }
}

Result<std::int64_t> LogStore::last_seq() {
  auto lease = acquire();
  if (!lease) return lease.error();
  std::int64_t seq = 0;
  auto q = lease->get().query("SELECT seq FROM entries ORDER BY seq DESC LIMIT 1", {},
                              [&](const Row& r) {
                                seq = to_int(r[0]);
                                return false;
                              });
  if (!q) return q.error();
  return seq;
}

// ---------------------------------------------------------------------------------------
// Personal data.

Result<std::optional<std::string>> LogStore::personal(const std::string& entry_id) {
  auto lease = acquire();
  if (!lease) return lease.error();
  std::optional<std::string> out;
  auto q = lease->get().query("SELECT data FROM personal WHERE entry_id = ?", {entry_id},
                              [&](const Row& r) {
                                out = r[0];
                                return false;
                              });
  if (!q) return q.error();
  return out;
}

Result<std::int64_t> LogStore::erase_personal_before(const std::string& date,
                                                     const std::string& actor_token,
                                                     const std::string& actor_role) {
  if (!is_date(date))
    return make_error(ErrorCode::kInvalidInput, "the date must be YYYY-MM-DD", "/before");
  std::int64_t rows = 0;
  Job job;
  job.entry.kind = EntryKind::kErasure;
  job.entry.action = "personal_erased";
  job.entry.actor_token = actor_token;
  job.entry.actor_role = actor_role;
  job.entry.body = "{}";
  job.prepare = [&](Connection& c, NewEntry& n) -> Result<Ok> {
    auto d = c.exec("DELETE FROM personal WHERE created_at < ?", {date});
    if (!d) return d.error();
    rows = *d;
    nlohmann::ordered_json body;
    body["before"] = date;
    body["rows"] = rows;
    n.body = body.dump();
    return Ok{};
  };
  auto r = submit(job);
  if (!r) return r.error();
  return rows;
}

// ---------------------------------------------------------------------------------------
// Checkpoints and verification.

Result<std::optional<Checkpoint>> LogStore::checkpoint_now() {
  Job job;
  job.checkpoint_only = true;
  auto r = submit(job);
  // A checkpoint-only job keeps its initial kUnset result unless the batch failed.
  if (!r.ok() && r.error().message != kUnset) return r.error();
  if (job.checkpoint) return job.checkpoint;
  // Already checkpointed (or empty): report the latest one.
  std::optional<Checkpoint> latest;
  auto lease = acquire();
  if (!lease) return lease.error();
  auto q = lease->get().query(
      fmt::format("SELECT {} FROM checkpoints ORDER BY seq DESC LIMIT 1", kCheckpointColumns), {},
      [&](const Row& row) {
        latest = checkpoint_from_row(row);
        return false;
      });
  if (!q) return q.error();
  return latest;
}

Result<Ok> LogStore::for_each_checkpoint(const std::function<bool(const Checkpoint&)>& fn) {
  auto lease = acquire();
  if (!lease) return lease.error();
  Connection& c = lease->get();
  std::int64_t after = 0;
  const std::string sql = fmt::format(
      "SELECT {} FROM checkpoints WHERE seq > ? ORDER BY seq LIMIT 1000", kCheckpointColumns);
  for (;;) {
    std::vector<Checkpoint> page;
    auto q = c.query(sql, {after}, [&](const Row& row) {
      page.push_back(checkpoint_from_row(row));
      after = page.back().seq;
      return true;
    });
    if (!q) return q.error();
    if (page.empty()) return Ok{};
    for (const auto& k : page)
      if (!fn(k)) return Ok{};
  }
}

Result<VerifyReport> LogStore::verify(const VerifyOptions& o) {
  auto lease = acquire();
  if (!lease) return lease.error();
  VerifyOptions opts = o;
  if (opts.expected_public_key.empty()) opts.expected_public_key = read_public_key(key_dir_);
  return verify_log(lease->get(), opts);
}

std::string LogStore::public_key() const {
  return public_key_;
}

// ---------------------------------------------------------------------------------------
// Tokens.

namespace {
TokenInfo token_from_row(const Row& r) {
  TokenInfo t;
  t.id = r[0];
  t.role = parse_role(r[1]).value_or(Role::kOfficer);
  t.agency = r[2];
  t.created_at = r[3];
  t.revoked_at = r[4];
  return t;
}
std::string token_body(const TokenInfo& t) {
  nlohmann::ordered_json body;
  body["token"] = t.id;
  body["role"] = to_string(t.role);
  body["agency"] = t.agency;
  return body.dump();
}
}  // namespace

Result<CreatedToken> LogStore::create_token(Role role, const std::string& agency,
                                            const std::string& actor_token,
                                            const std::string& actor_role) {
  if (!plain_text(agency, 200)) {
    return make_error(ErrorCode::kInvalidInput,
                      "an agency is at most 200 characters without control characters", "/agency");
  }
  CreatedToken t;
  t.secret = new_token_secret();
  t.info.id = "T-" + random_hex(6);
  t.info.role = role;
  t.info.agency = agency;
  t.info.created_at = utc_now();
  Job job;
  job.entry.kind = EntryKind::kToken;
  job.entry.action = "created";
  job.entry.subject = t.info.id;
  job.entry.agency = agency;
  job.entry.actor_token = actor_token;
  job.entry.actor_role = actor_role;
  job.entry.created_at = t.info.created_at;
  job.entry.body = token_body(t.info);
  const std::string hash = blake2b_hex(t.secret);
  job.prepare = [&](Connection& c, NewEntry&) -> Result<Ok> {
    auto r = c.exec(
        "INSERT INTO tokens(id, hash, role, agency, created_at, revoked_at) VALUES(?, ?, ?, ?, ?, "
        "'')",
        {t.info.id, hash, std::string(to_string(role)), agency, t.info.created_at});
    if (!r) return r.error();
    return Ok{};
  };
  auto r = submit(job);
  if (!r) return r.error();
  return t;
}

Result<std::optional<TokenInfo>> LogStore::authenticate(const std::string& secret) {
  if (secret.size() != 57 || secret.rfind("writ_", 0) != 0) return std::optional<TokenInfo>();
  std::string digest = blake2b_hex(secret);
  const auto now = std::chrono::steady_clock::now();
  if (options_.token_cache_ttl.count() > 0) {
    std::lock_guard lock(token_mu_);
    auto it = token_cache_.find(digest);
    if (it != token_cache_.end() && now - it->second.read_at < options_.token_cache_ttl)
      return std::optional<TokenInfo>(it->second.info);
  }
  auto lease = acquire();
  if (!lease) return lease.error();
  std::optional<TokenInfo> out;
  auto q = lease->get().query(
      "SELECT id, role, agency, created_at, revoked_at FROM tokens WHERE hash = ?", {digest},
      [&](const Row& r) {
        out = token_from_row(r);
        return false;
      });
  if (!q) return q.error();
  if (out && !out->revoked_at.empty()) out.reset();
  // Only live tokens are kept: an unknown secret is looked up every time, so guessing cannot
  // fill the cache.
  if (out && options_.token_cache_ttl.count() > 0) {
    std::lock_guard lock(token_mu_);
    if (token_cache_.size() >= 10000) token_cache_.clear();
    token_cache_[digest] = {*out, now};
  }
  return out;
}

Result<std::vector<TokenInfo>> LogStore::list_tokens() {
  auto lease = acquire();
  if (!lease) return lease.error();
  std::vector<TokenInfo> out;
  auto q = lease->get().query(
      "SELECT id, role, agency, created_at, revoked_at FROM tokens ORDER BY created_at, id", {},
      [&](const Row& r) {
        out.push_back(token_from_row(r));
        return true;
      });
  if (!q) return q.error();
  return out;
}

Result<TokenInfo> LogStore::revoke_token(const std::string& id, const std::string& actor_token,
                                         const std::string& actor_role) {
  auto find = [&]() -> Result<std::optional<TokenInfo>> {
    auto lease = acquire();
    if (!lease) return lease.error();
    std::optional<TokenInfo> t;
    auto q = lease->get().query(
        "SELECT id, role, agency, created_at, revoked_at FROM tokens WHERE id = ?", {id},
        [&](const Row& r) {
          t = token_from_row(r);
          return false;
        });
    if (!q) return q.error();
    return t;
  };
  auto before = find();
  if (!before) return before.error();
  if (!*before) return make_error(ErrorCode::kNotFound, fmt::format("no token '{}'", id), "/id");
  if (!(*before)->revoked_at.empty()) return **before;
  Job job;
  job.entry.kind = EntryKind::kToken;
  job.entry.action = "revoked";
  job.entry.subject = id;
  job.entry.agency = (*before)->agency;
  job.entry.actor_token = actor_token;
  job.entry.actor_role = actor_role;
  job.entry.created_at = utc_now();
  job.entry.body = token_body(**before);
  const std::string at = job.entry.created_at;
  job.prepare = [&](Connection& c, NewEntry&) -> Result<Ok> {
    auto r = c.exec("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''", {at, id});
    if (!r) return r.error();
    if (*r == 0) return make_error(ErrorCode::kNotFound, "the token was revoked meanwhile", "/id");
    return Ok{};
  };
  auto r = submit(job);
  {
    // Revoked here: no request may be let in on a cached copy of it.
    std::lock_guard lock(token_mu_);
    std::erase_if(token_cache_, [&](const auto& kv) { return kv.second.info.id == id; });
  }
  if (!r) {
    if (r.error().code == ErrorCode::kNotFound) {
      auto again = find();
      if (again && *again) return **again;
    }
    return r.error();
  }
  auto after = find();
  if (!after) return after.error();
  if (!*after) return make_error(ErrorCode::kNotFound, fmt::format("no token '{}'", id), "/id");
  return **after;
}

Result<std::int64_t> LogStore::token_count() {
  auto lease = acquire();
  if (!lease) return lease.error();
  std::int64_t n = 0;
  auto q = lease->get().query("SELECT count(*) FROM tokens", {}, [&](const Row& r) {
    n = to_int(r[0]);
    return false;
  });
  if (!q) return q.error();
  return n;
}

std::string LogStore::describe() const {
  return description_;
}

std::string request_digest(std::string_view body) {
  return blake2b_hex(body);
}

}  // namespace writ::store
