// Tampering with the stored log directly (SQL UPDATE/DELETE/INSERT on each backend, byte flips
// in the SQLite file) and verify() naming each change and its kind.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "store/chain.h"
#include "store/crypto.h"
#include "store/rows.h"
#include "store_fixture.h"

namespace writ::store::testing {
namespace {

class VerifyTest : public StoreTest {
 protected:
  // Appends n decisions whose bodies carry a marker "MARKER-000k"; no automatic checkpoints.
  std::unique_ptr<Store> filled(int n, StoreOptions o = {}) {
    if (o.checkpoint_every_entries == StoreOptions{}.checkpoint_every_entries)
      o.checkpoint_every_entries = 0;
    o.checkpoint_every = std::chrono::seconds(0);
    auto s = open(o);
    for (int i = 1; i <= n; ++i) {
      auto e = decision();
      char marker[32];
      std::snprintf(marker, sizeof marker, "MARKER-%04d", i);
      e.body = std::string(R"({"format":"writ-decision/1","note":")") + marker + "\"}";
      auto a = s->append(e);
      EXPECT_TRUE(a.ok());
    }
    return s;
  }

  Entry entry_at(std::int64_t seq) {
    auto c = raw();
    Entry out;
    auto q = c->query(std::string("SELECT ") + kEntryColumns + " FROM entries WHERE seq = ?", {seq},
                      [&](const Row& r) {
                        out = *entry_from_row(r);
                        return false;
                      });
    EXPECT_TRUE(q.ok());
    return out;
  }

  void insert(const Entry& e) {
    sql("INSERT INTO entries(seq, id, kind, subject, action, created_at, actor_token, actor_role, "
        "agency, policy, outcome, body, personal_digest, prev_hash, hash) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.seq, e.id, std::string(to_string(e.kind)), e.subject, e.action, e.created_at,
         e.actor_token, e.actor_role, e.agency, e.policy, e.outcome, e.body, e.personal_digest,
         e.prev_hash, e.hash});
  }

  // Moves entries with seq >= from by `by` (one row at a time, in an order that never collides).
  void shift(std::int64_t from, std::int64_t last, int by) {
    if (by > 0) {
      for (std::int64_t s = last; s >= from; --s)
        sql("UPDATE entries SET seq = ? WHERE seq = ?", {s + by, s});
    } else {
      for (std::int64_t s = from; s <= last; ++s)
        sql("UPDATE entries SET seq = ? WHERE seq = ?", {s + by, s});
    }
  }

  Problem first_problem(Store& s, VerifyOptions o = {}) {
    auto v = s.verify(o);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    if (!v.ok() || v->problems.empty()) {
      ADD_FAILURE() << "verify found nothing";
      return {};
    }
    return v->problems.front();
  }
};

TEST_P(VerifyTest, AnIntactLogVerifies) {
  auto s = filled(10);
  ASSERT_TRUE(s->checkpoint_now().ok());
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->problems.front().message;
  EXPECT_EQ(v->entries, 10);
  EXPECT_EQ(v->last_seq, 10);
  EXPECT_EQ(v->checkpoints, 1);
  EXPECT_EQ(v->last_checkpoint_seq, 10);
  EXPECT_EQ(v->head_hash, entry_at(10).hash);
}

TEST_P(VerifyTest, NamesAModifiedEntry) {
  auto s = filled(10);
  sql("UPDATE entries SET body = ? WHERE seq = 5", {std::string(R"({"note":"changed"})")});
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kModified);
  EXPECT_EQ(p.seq, 5);
  EXPECT_EQ(p.entry_id, entry_at(5).id);
  EXPECT_NE(p.message.find("entry 5"), std::string::npos) << p.message;
}

TEST_P(VerifyTest, NamesAModifiedOutcome) {
  auto s = filled(10);
  sql("UPDATE entries SET outcome = 'honor' WHERE seq = 7");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kModified);
  EXPECT_EQ(p.seq, 7);
}

TEST_P(VerifyTest, NamesAnEntryRewrittenWithAFreshHash) {
  auto s = filled(10);
  Entry e = entry_at(5);
  e.body = R"({"note":"rewritten"})";
  e.hash = entry_hash(e);
  sql("UPDATE entries SET body = ?, hash = ? WHERE seq = 5", {e.body, e.hash});
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kModified);
  EXPECT_EQ(p.seq, 5);
  EXPECT_NE(p.message.find("rewritten"), std::string::npos) << p.message;
}

TEST_P(VerifyTest, NamesADeletedEntry) {
  auto s = filled(10);
  sql("DELETE FROM entries WHERE seq = 5");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kDeleted);
  EXPECT_EQ(p.seq, 5);
}

TEST_P(VerifyTest, NamesTheFirstEntriesDeleted) {
  auto s = filled(10);
  sql("DELETE FROM entries WHERE seq <= 2");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kDeleted);
  EXPECT_EQ(p.seq, 1);
}

TEST_P(VerifyTest, NamesADeletionHiddenByRenumbering) {
  auto s = filled(10);
  sql("DELETE FROM entries WHERE seq = 5");
  shift(6, 10, -1);
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kDeleted);
  EXPECT_EQ(p.seq, 5);
}

TEST_P(VerifyTest, NamesATruncatedTailBelowACheckpoint) {
  auto s = filled(10);
  ASSERT_TRUE(s->checkpoint_now().ok());
  sql("DELETE FROM entries WHERE seq >= 9");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kDeleted);
  EXPECT_EQ(p.seq, 10);
}

TEST_P(VerifyTest, NamesReorderedEntries) {
  auto s = filled(10);
  sql("UPDATE entries SET seq = -1 WHERE seq = 5");
  sql("UPDATE entries SET seq = 5 WHERE seq = 6");
  sql("UPDATE entries SET seq = 6 WHERE seq = -1");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kReordered);
  EXPECT_EQ(p.seq, 5);
}

TEST_P(VerifyTest, NamesAnEntryInsertedInTheMiddle) {
  auto s = filled(10);
  Entry forged = entry_at(4);
  forged.seq = 5;
  forged.id = "D-forgedforgedforged00";
  forged.outcome = "honor";
  forged.prev_hash = entry_at(4).hash;
  forged.hash = entry_hash(forged);  // the attacker knows the algorithm
  shift(5, 10, +1);
  insert(forged);
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kInserted);
  EXPECT_EQ(p.seq, 5);
  EXPECT_EQ(p.entry_id, forged.id);
}

TEST_P(VerifyTest, NamesAnEntryInsertedAtTheEnd) {
  auto s = filled(10);
  Entry forged = entry_at(10);
  forged.seq = 11;
  forged.id = "D-forgedforgedforged11";
  forged.prev_hash = blake2b_hex("not the head");
  forged.hash = blake2b_hex("made up");
  insert(forged);
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kInserted);
  EXPECT_EQ(p.seq, 11);
}

TEST_P(VerifyTest, ACheckpointCatchesAHistoryRewrittenFromScratch) {
  auto s = filled(10);
  ASSERT_TRUE(s->checkpoint_now().ok());
  // Change entry 3 and recompute every hash after it: the chain alone is consistent again.
  std::string prev = entry_at(2).hash;
  for (std::int64_t seq = 3; seq <= 10; ++seq) {
    Entry e = entry_at(seq);
    if (seq == 3) e.outcome = "honor";
    e.prev_hash = prev;
    e.hash = entry_hash(e);
    sql("UPDATE entries SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?",
        {e.outcome, e.prev_hash, e.hash, seq});
    prev = e.hash;
  }
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(v->problems.front().kind, ProblemKind::kCheckpointMismatch);
  EXPECT_EQ(v->problems.front().seq, 10);
}

TEST_P(VerifyTest, NamesABadCheckpointSignature) {
  auto s = filled(10);
  ASSERT_TRUE(s->checkpoint_now().ok());
  sql("UPDATE checkpoints SET created_at = '2020-01-01T00:00:00.000Z'");
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kBadCheckpoint);
  EXPECT_EQ(p.seq, 10);
}

TEST_P(VerifyTest, NamesACheckpointSignedWithAnotherKey) {
  auto s = filled(10);
  // The attacker re-signs the head with a key of their own and registers it in the database;
  // the key file on the server (or --public-key) says which key is the log's.
  auto theirs = load_or_create_key((dir_ / "attacker").string());
  ASSERT_TRUE(theirs.ok());
  Entry head = entry_at(10);
  std::string at = "2030-01-01T00:00:00.000Z";
  std::string pk = to_hex(theirs->public_key);
  sql("INSERT INTO signing_keys(public_key, created_at) VALUES(?, ?)", {pk, at});
  sql("INSERT INTO checkpoints(seq, head_hash, created_at, public_key, signature) "
      "VALUES(?, ?, ?, ?, ?)",
      {head.seq, head.hash, at, pk, sign_hex(*theirs, checkpoint_message(10, head.hash, at))});
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kKeyMismatch);
  VerifyOptions o;
  o.expected_public_key = pk;  // an auditor who trusts the attacker's key sees it verify
  auto v = s->verify(o);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
  o.expected_public_key = s->public_key();
  EXPECT_EQ(first_problem(*s, o).kind, ProblemKind::kKeyMismatch);
  o.expected_public_key = s->public_key() + "," + pk;  // a log whose key changed
  v = s->verify(o);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
}

TEST_P(VerifyTest, NamesAChangedPersonalRow) {
  auto s = filled(3);
  auto e = decision();
  e.personal = R"({"name":"Jane Roe","case":{"subject":{}}})";
  auto a = s->append(e);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->entry.personal_digest.size(), 64u);
  EXPECT_EQ(a->entry.body.find("Jane"), std::string::npos);
  auto got = s->personal(a->entry.id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ(**got, *e.personal);
  sql("UPDATE personal SET data = ? WHERE entry_id = ?",
      {std::string(R"({"name":"John Doe"})"), a->entry.id});
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kPersonalMismatch);
  EXPECT_EQ(p.seq, 4);
  EXPECT_EQ(p.entry_id, a->entry.id);
}

TEST_P(VerifyTest, ErasingPersonalDataKeepsTheChainValid) {
  StoreOptions o;
  o.checkpoint_every_entries = 2;
  auto s = filled(0, o);
  std::vector<std::string> ids;
  for (const char* day : {"2023-05-01", "2024-05-01", "2025-05-01"}) {
    auto e = decision();
    e.created_at = std::string(day) + "T10:00:00.000Z";
    e.personal = std::string(R"({"name":"Person of )") + day + "\"}";
    auto a = s->append(e);
    ASSERT_TRUE(a.ok());
    ids.push_back(a->entry.id);
  }
  auto erased = s->erase_personal_before("2025-01-01");
  ASSERT_TRUE(erased.ok()) << erased.error().message;
  EXPECT_EQ(*erased, 2);
  EXPECT_FALSE(*s->personal(ids[0]));
  EXPECT_FALSE(*s->personal(ids[1]));
  EXPECT_TRUE(*s->personal(ids[2]));
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->problems.front().message;
  EXPECT_EQ(v->personal_rows, 1);
  EXPECT_GE(v->checkpoints, 1);
  // The erasure itself is an entry of the log.
  bool logged = false;
  ASSERT_TRUE(s->for_each_entry({}, [&](const Entry& e) {
                 if (e.kind == EntryKind::kErasure) {
                   logged = e.body == R"({"before":"2025-01-01","rows":2})";
                 }
                 return true;
               }).ok());
  EXPECT_TRUE(logged);
  EXPECT_FALSE(s->erase_personal_before("01/01/2025").ok());
}

TEST_P(VerifyTest, CheckpointsAreSignedAtIntervals) {
  StoreOptions o;
  o.checkpoint_every_entries = 4;
  auto s = filled(10, o);
  std::vector<std::int64_t> seqs;
  ASSERT_TRUE(s->for_each_checkpoint([&](const Checkpoint& c) {
                 seqs.push_back(c.seq);
                 EXPECT_TRUE(
                     verify_signature(c.public_key, c.signature,
                                      checkpoint_message(c.seq, c.head_hash, c.created_at)));
                 EXPECT_EQ(c.public_key, s->public_key());
                 return true;
               }).ok());
  // Appends may be batched, so a checkpoint lands at the end of the batch that crosses 4, 8.
  ASSERT_GE(seqs.size(), 2u);
  EXPECT_GE(seqs[0], 4);
  auto now = s->checkpoint_now();
  ASSERT_TRUE(now.ok() && *now);
  EXPECT_EQ((*now)->seq, 10);
  auto again = s->checkpoint_now();  // nothing new: the same checkpoint
  ASSERT_TRUE(again.ok() && *again);
  EXPECT_EQ((*again)->seq, 10);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "keys" / "checkpoint.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

INSTANTIATE_TEST_SUITE_P(Backends, VerifyTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

// Byte flips in the SQLite file itself, with the store closed.
class FileTamperTest : public VerifyTest {
 protected:
  std::string read_file() {
    std::ifstream in(sqlite_path(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void write_file(const std::string& bytes) {
    std::ofstream out(sqlite_path(), std::ios::binary | std::ios::trunc);
    out << bytes;
  }
};

TEST_P(FileTamperTest, NamesAByteFlippedInAnEntryBody) {
  filled(20).reset();  // closing checkpoints the WAL into the database file
  std::string bytes = read_file();
  auto at = bytes.find("MARKER-0013");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 10] ^= 0x01;  // MARKER-0013 -> MARKER-0012
  write_file(bytes);
  auto s = open();
  auto p = first_problem(*s);
  EXPECT_EQ(p.kind, ProblemKind::kModified);
  EXPECT_EQ(p.seq, 13);
}

TEST_P(FileTamperTest, NamesAByteFlippedInAStoredHash) {
  std::string hash;
  {
    auto s = filled(20);
    hash = entry_at(7).hash;
  }
  std::string bytes = read_file();
  // The hash is in its own row, in the next entry's prev_hash and in the unique index on
  // hashes; flip its last character everywhere, as a careful editor of the file would.
  int copies = 0;
  for (auto at = bytes.find(hash); at != std::string::npos; at = bytes.find(hash, at + 1)) {
    char& c = bytes[at + hash.size() - 1];
    c = c == 'a' ? 'b' : 'a';
    ++copies;
  }
  ASSERT_GE(copies, 2);
  write_file(bytes);
  auto s = open();
  auto v = s->verify();
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_FALSE(v->ok());
  const Problem& p = v->problems.front();
  EXPECT_TRUE(p.kind == ProblemKind::kModified) << to_string(p.kind) << ": " << p.message;
  EXPECT_EQ(p.seq, 7) << p.message;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, FileTamperTest, ::testing::Values(Backend::kSqlite), backend_name);

}  // namespace
}  // namespace writ::store::testing
