#include "store/verify.h"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "store/chain.h"
#include "store/crypto.h"
#include "store/rows.h"

namespace writ::store {
namespace {

// How far back a renumbering after a deletion is searched for.
constexpr int kRenumberSearch = 16;

class Verifier {
 public:
  Verifier(Connection& c, const VerifyOptions& o) : c_(c), o_(o) {}

  Result<VerifyReport> run() {
    if (auto b = c_.begin_read(); !b) return b.error();
    auto r = scan_chain();
    if (r) r = scan_checkpoints();
    if (r) r = scan_personal();
    c_.rollback();
    if (!r) return r.error();
    std::stable_sort(report_.problems.begin(), report_.problems.end(),
                     [](const Problem& a, const Problem& b) {
                       auto key = [](const Problem& p) { return p.seq > 0 ? p.seq : INT64_MAX; };
                       return key(a) < key(b);
                     });
    return std::move(report_);
  }

 private:
  void add(ProblemKind kind, std::int64_t seq, std::string id, std::string message) {
    if (report_.problems.size() < 100)
      report_.problems.push_back(Problem{kind, seq, std::move(id), std::move(message)});
  }

  // The seq of the entry with this hash, or of the entry linking to it (by_prev).
  Result<std::optional<std::int64_t>> seq_where(const char* column, const std::string& hash) {
    std::optional<std::int64_t> out;
    auto q =
        c_.query(fmt::format("SELECT seq FROM entries WHERE {} = ? ORDER BY seq LIMIT 1", column),
                 {hash}, [&](const Row& r) {
                   out = to_int(r[0]);
                   return false;
                 });
    if (!q) return q.error();
    return out;
  }

  Result<Ok> scan_chain() {
    const std::string sql =
        fmt::format("SELECT {} FROM entries WHERE seq > ? ORDER BY seq LIMIT 2000", kEntryColumns);
    std::int64_t prev_seq = 0;
    std::string prev_hash(kGenesisHash), prev_id;
    bool found = false;  // only the first chain problem is reported: later ones follow from it
    for (;;) {
      std::vector<Row> rows;
      auto q = c_.query(sql, {prev_seq}, [&](const Row& r) {
        rows.push_back(r);
        return true;
      });
      if (!q) return q.error();
      if (rows.empty()) break;
      for (const Row& row : rows) {
        const std::int64_t seq = to_int(row[0]);
        ++report_.entries;
        if (!found) {
          auto p = check_entry(row, seq, prev_seq, prev_hash, prev_id);
          if (!p) return p.error();
          found = *p;
        }
        prev_seq = seq;
        prev_hash = row[14];
        prev_id = row[1];
      }
    }
    report_.last_seq = prev_seq;
    report_.head_hash = prev_seq > 0 ? prev_hash : "";
    return Ok{};
  }

  // Returns true when it reported a problem.
  Result<bool> check_entry(const Row& row, std::int64_t seq, std::int64_t prev_seq,
                           const std::string& prev_hash, const std::string& prev_id) {
    const std::string& id = row[1];
    auto e = entry_from_row(row);
    if (!e || seq <= 0) {
      add(ProblemKind::kModified, seq, id,
          fmt::format("entry {} ({}) has a kind or position Writ never writes", seq, id));
      return true;
    }
    const bool self = entry_hash(*e) == e->hash;
    const bool link = e->prev_hash == prev_hash;
    if (seq != prev_seq + 1) {
      add(ProblemKind::kDeleted, prev_seq + 1, "",
          seq == prev_seq + 2 ? fmt::format("entry {} is missing (the log goes from {} to {})",
                                            prev_seq + 1, prev_seq, seq)
                              : fmt::format("entries {} to {} are missing", prev_seq + 1, seq - 1));
      return true;
    }
    if (link && self) return false;
    if (link) {
      add(ProblemKind::kModified, seq, id,
          fmt::format("entry {} ({}) was modified: its content no longer matches its hash", seq,
                      id));
      return true;
    }
    auto target = seq_where("hash", e->prev_hash);
    if (!target) return target.error();
    if (*target) {
      if (**target == seq - 2) {
        add(ProblemKind::kInserted, seq - 1, prev_id,
            fmt::format("entry {} ({}) was inserted: entry {} links past it to entry {}", seq - 1,
                        prev_id, seq, seq - 2));
      } else {
        add(ProblemKind::kReordered, seq, id,
            fmt::format("entry {} ({}) is out of order: it follows entry {}, not entry {}", seq, id,
                        **target, prev_seq));
      }
      return true;
    }
    if (self) {
      add(ProblemKind::kModified, prev_seq, prev_id,
          fmt::format("entry {} ({}) was rewritten: entry {} commits to a different hash of it",
                      prev_seq, prev_id, seq));
      return true;
    }
    for (int d = 1; d <= kRenumberSearch; ++d) {
      Entry moved = *e;
      moved.seq = seq + d;
      if (entry_hash(moved) == e->hash) {
        add(ProblemKind::kDeleted, seq, "",
            fmt::format("{} entr{} before entry {} ({}) were deleted and the log renumbered", d,
                        d == 1 ? "y" : "ies", seq, id));
        return true;
      }
    }
    auto successor = seq_where("prev_hash", e->hash);
    if (!successor) return successor.error();
    if (*successor) {
      add(ProblemKind::kModified, seq, id,
          fmt::format("entry {} ({}) was modified: its content and link no longer match", seq, id));
    } else {
      add(ProblemKind::kInserted, seq, id,
          fmt::format("entry {} ({}) was inserted: it matches no entry of the chain", seq, id));
    }
    return true;
  }

  // Whether `key` is one of the comma-separated expected keys.
  bool expected(const std::string& key) const {
    std::string_view list = o_.expected_public_key;
    while (!list.empty()) {
      auto comma = list.find(',');
      if (list.substr(0, comma) == key) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return false;
  }

  Result<Ok> scan_checkpoints() {
    std::set<std::string> keys;
    auto k = c_.query("SELECT public_key FROM signing_keys", {}, [&](const Row& r) {
      keys.insert(r[0]);
      return true;
    });
    if (!k) return k.error();
    std::vector<Checkpoint> cps;
    auto q = c_.query(fmt::format("SELECT {} FROM checkpoints ORDER BY seq", kCheckpointColumns),
                      {}, [&](const Row& r) {
                        cps.push_back(checkpoint_from_row(r));
                        return true;
                      });
    if (!q) return q.error();
    for (const auto& cp : cps) {
      ++report_.checkpoints;
      if (!verify_signature(cp.public_key, cp.signature,
                            checkpoint_message(cp.seq, cp.head_hash, cp.created_at))) {
        add(ProblemKind::kBadCheckpoint, cp.seq, "",
            fmt::format("the checkpoint at entry {} ({}) has a bad signature", cp.seq,
                        cp.created_at));
        continue;
      }
      if (!o_.expected_public_key.empty() && !expected(cp.public_key)) {
        add(ProblemKind::kKeyMismatch, cp.seq, "",
            fmt::format("the checkpoint at entry {} is signed by key {}…, not the expected {}",
                        cp.seq, cp.public_key.substr(0, 16), o_.expected_public_key));
        continue;
      }
      if (!keys.count(cp.public_key)) {
        add(ProblemKind::kKeyMismatch, cp.seq, "",
            fmt::format("the checkpoint at entry {} is signed by key {}, which the log never used",
                        cp.seq, cp.public_key.substr(0, 16)));
        continue;
      }
      std::optional<std::string> hash;
      std::string id;
      auto h = c_.query("SELECT hash, id FROM entries WHERE seq = ?", {cp.seq}, [&](const Row& r) {
        hash = r[0];
        id = r[1];
        return false;
      });
      if (!h) return h.error();
      if (!hash) {
        add(ProblemKind::kDeleted, cp.seq, "",
            fmt::format("entry {} is missing: a checkpoint signed it (the log ends at {})", cp.seq,
                        report_.last_seq));
      } else if (*hash != cp.head_hash) {
        add(ProblemKind::kCheckpointMismatch, cp.seq, id,
            fmt::format("the history up to entry {} ({}) was rewritten: it differs from the "
                        "checkpoint signed {}",
                        cp.seq, id, cp.created_at));
      }
      report_.last_checkpoint_seq = std::max(report_.last_checkpoint_seq, cp.seq);
    }
    return Ok{};
  }

  Result<Ok> scan_personal() {
    std::string after;
    for (;;) {
      std::vector<Row> rows;
      auto q = c_.query(
          "SELECT p.entry_id, p.salt, p.data, e.personal_digest, e.seq FROM personal p "
          "LEFT JOIN entries e ON e.id = p.entry_id WHERE p.entry_id > ? "
          "ORDER BY p.entry_id LIMIT 1000",
          {after}, [&](const Row& r) {
            rows.push_back(r);
            return true;
          });
      if (!q) return q.error();
      if (rows.empty()) return Ok{};
      for (const Row& r : rows) {
        ++report_.personal_rows;
        after = r[0];
        std::string salt;
        const bool salt_ok = from_hex(r[1], salt);
        const std::string digest = blake2b_hex(salt, r[2]);
        if (r[4].empty()) {
          add(ProblemKind::kPersonalMismatch, 0, r[0],
              fmt::format("personal data for '{}' belongs to no entry", r[0]));
        } else if (!salt_ok || digest != r[3]) {
          add(ProblemKind::kPersonalMismatch, to_int(r[4]), r[0],
              fmt::format("the personal data of entry {} ({}) differs from the digest the entry "
                          "commits to",
                          r[4], r[0]));
        }
      }
    }
  }

  Connection& c_;
  const VerifyOptions& o_;
  VerifyReport report_;
};

}  // namespace

Result<VerifyReport> verify_log(Connection& c, const VerifyOptions& o) {
  return Verifier(c, o).run();
}

}  // namespace writ::store
