// Appending, reading, listing and idempotency, on each backend.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store/chain.h"
#include "store_fixture.h"

namespace writ::store::testing {
namespace {

using LogTest = StoreTest;

TEST_P(LogTest, AppendsNumberChainAndReadBack) {
  auto s = open();
  ASSERT_TRUE(s);
  auto a = s->append(decision());
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = s->append(decision("nyc-nypd", "honor"));
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(a->entry.seq, 1);
  EXPECT_EQ(b->entry.seq, 2);
  EXPECT_EQ(a->entry.prev_hash, kGenesisHash);
  EXPECT_EQ(b->entry.prev_hash, a->entry.hash);
  EXPECT_EQ(a->entry.hash, entry_hash(a->entry));
  EXPECT_EQ(a->entry.id.substr(0, 2), "D-");
  EXPECT_EQ(a->entry.id.size(), 22u);
  EXPECT_EQ(a->status, IdempotencyStatus::kNew);
  auto got = s->get_entry(b->entry.id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(*got);
  EXPECT_EQ((*got)->hash, b->entry.hash);
  EXPECT_EQ((*got)->agency, "nyc-nypd");
  EXPECT_EQ((*got)->body, b->entry.body);
  auto none = s->get_entry("D-nothing");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  auto last = s->last_seq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 2);
}

TEST_P(LogTest, SurvivesReopen) {
  std::string id;
  {
    auto s = open();
    auto a = s->append(decision());
    ASSERT_TRUE(a.ok());
    id = a->entry.id;
  }
  auto s = open();
  auto b = s->append(decision());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->entry.seq, 2);
  auto got = s->get_entry(id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ(b->entry.prev_hash, (*got)->hash);
}

TEST_P(LogTest, ReviewsAndEventsMakeTheDecisionRecord) {
  auto s = open();
  auto d = s->append(decision());
  ASSERT_TRUE(d.ok());
  auto rec = s->get_decision(d->entry.id);
  ASSERT_TRUE(rec.ok() && *rec);
  EXPECT_EQ((*rec)->state, DecisionState::kPendingReview);
  EXPECT_EQ((*rec)->final_outcome, "decline");

  NewEntry ev;
  ev.kind = EntryKind::kEvent;
  ev.subject = d->entry.id;
  ev.action = "released";
  ev.body = R"({"at":"2025-01-02T10:00:00Z"})";
  ASSERT_TRUE(s->append(ev).ok());

  NewEntry review;
  review.kind = EntryKind::kReview;
  review.subject = d->entry.id;
  review.action = "override";
  review.outcome = "honor";
  review.actor_role = "supervisor";
  review.body = R"({"reason":"judicial warrant attached"})";
  auto r = s->append(review);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->entry.id.substr(0, 2), "R-");

  rec = s->get_decision(d->entry.id);
  ASSERT_TRUE(rec.ok() && *rec);
  EXPECT_EQ((*rec)->state, DecisionState::kOverridden);
  EXPECT_EQ((*rec)->final_outcome, "honor");
  ASSERT_EQ((*rec)->reviews.size(), 1u);
  ASSERT_EQ((*rec)->events.size(), 1u);
  EXPECT_EQ((*rec)->events[0].action, "released");

  review.action = "sign_off";
  review.outcome = "";
  ASSERT_TRUE(s->append(review).ok());
  rec = s->get_decision(d->entry.id);
  EXPECT_EQ((*rec)->state, DecisionState::kSignedOff);
  EXPECT_EQ((*rec)->final_outcome, "honor");  // the override's outcome still stands
  // A review is not a decision.
  auto not_decision = s->get_decision(r->entry.id);
  ASSERT_TRUE(not_decision.ok());
  EXPECT_FALSE(*not_decision);
}

TEST_P(LogTest, RefusesBadEntriesWithoutStoringThem) {
  auto s = open();
  NewEntry review;
  review.kind = EntryKind::kReview;
  review.subject = "D-00000000000000000000";
  review.action = "sign_off";
  review.body = "{}";
  auto r = s->append(review);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().pointer, "/subject");

  review.action = "approve";
  r = s->append(review);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().pointer, "/action");

  auto bad_body = decision();
  bad_body.body = "{not json";
  r = s->append(bad_body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/body");

  auto control = decision();
  control.agency = std::string("a\0b", 3);
  r = s->append(control);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/agency");

  auto a = s->append(decision());
  ASSERT_TRUE(a.ok());
  auto dup = decision();
  dup.id = a->entry.id;
  r = s->append(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/id");

  auto last = s->last_seq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 1);
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
}

TEST_P(LogTest, ListsWithFiltersAndCursor) {
  auto s = open();
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    auto e = decision(i % 2 ? "nyc-nypd" : "nyc-doc", i % 3 ? "decline" : "review");
    e.created_at = "2025-01-0" + std::to_string(i + 1) + "T12:00:00.000Z";
    auto a = s->append(e);
    ASSERT_TRUE(a.ok());
    ids.push_back(a->entry.id);
  }
  DecisionFilter f;
  f.limit = 3;
  auto p1 = s->list_decisions(f);
  ASSERT_TRUE(p1.ok()) << p1.error().message;
  ASSERT_EQ(p1->items.size(), 3u);
  EXPECT_EQ(p1->items[0].decision.id, ids[6]);  // newest first
  ASSERT_FALSE(p1->next_cursor.empty());
  f.cursor = p1->next_cursor;
  auto p2 = s->list_decisions(f);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->items.size(), 3u);
  EXPECT_EQ(p2->items[0].decision.id, ids[3]);
  f.cursor = p2->next_cursor;
  auto p3 = s->list_decisions(f);
  ASSERT_TRUE(p3.ok());
  ASSERT_EQ(p3->items.size(), 1u);
  EXPECT_TRUE(p3->next_cursor.empty());

  DecisionFilter by;
  by.agency = "nyc-nypd";
  auto nypd = s->list_decisions(by);
  ASSERT_TRUE(nypd.ok());
  EXPECT_EQ(nypd->items.size(), 3u);
  by = {};
  by.outcome = "review";
  auto reviews = s->list_decisions(by);
  ASSERT_TRUE(reviews.ok());
  EXPECT_EQ(reviews->items.size(), 3u);  // i = 0, 3, 6
  by = {};
  by.from = "2025-01-02";
  by.to = "2025-01-04";
  auto range = s->list_decisions(by);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->items.size(), 3u);
  by = {};
  by.state = DecisionState::kSignedOff;
  auto signed_off = s->list_decisions(by);
  ASSERT_TRUE(signed_off.ok());
  EXPECT_TRUE(signed_off->items.empty());

  DecisionFilter bad;
  bad.from = "2025-13";
  auto r = s->list_decisions(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/from");
  bad = {};
  bad.cursor = "'; DROP TABLE entries; --";
  r = s->list_decisions(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/cursor");
  bad = {};
  bad.limit = 0;
  EXPECT_FALSE(s->list_decisions(bad).ok());
}

TEST_P(LogTest, StreamsDecisionsAndEntriesOfAPeriod) {
  auto s = open();
  for (const char* day : {"2024-06-30", "2024-07-01", "2025-06-30", "2025-07-01"}) {
    auto e = decision();
    e.created_at = std::string(day) + "T23:59:59.999Z";
    auto a = s->append(e);
    ASSERT_TRUE(a.ok());
    NewEntry ev;
    ev.kind = EntryKind::kEvent;
    ev.subject = a->entry.id;
    ev.action = "held";
    ev.body = "{}";
    ASSERT_TRUE(s->append(ev).ok());
  }
  EntryRange r;
  r.from = "2024-07-01";
  r.to = "2025-06-30";
  std::vector<std::string> days;
  auto ok = s->for_each_decision(r, [&](const DecisionRecord& d) {
    days.push_back(d.decision.created_at.substr(0, 10));
    EXPECT_EQ(d.events.size(), 1u);
    return true;
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(days, (std::vector<std::string>{"2024-07-01", "2025-06-30"}));
  int n = 0;
  ASSERT_TRUE(s->for_each_entry({}, [&](const Entry&) { return ++n < 5; }).ok());
  EXPECT_EQ(n, 5);  // stopped early
}

TEST_P(LogTest, IdempotencyKeysReplayOrRefuse) {
  auto s = open();
  IdempotencyKey k{"T-1", "key-1", request_digest("body A")};
  auto a = s->append(decision(), k);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, IdempotencyStatus::kNew);
  auto again = s->append(decision(), k);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, IdempotencyStatus::kReplayed);
  EXPECT_EQ(again->entry.id, a->entry.id);
  IdempotencyKey other_body{"T-1", "key-1", request_digest("body B")};
  auto mismatch = s->append(decision(), other_body);
  ASSERT_TRUE(mismatch.ok());
  EXPECT_EQ(mismatch->status, IdempotencyStatus::kMismatch);
  IdempotencyKey other_token{"T-2", "key-1", request_digest("body A")};
  auto fresh = s->append(decision(), other_token);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->status, IdempotencyStatus::kNew);
  auto found = s->find_idempotent(k);
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->entry.id, a->entry.id);
  auto last = s->last_seq();
  EXPECT_EQ(*last, 2);
}

TEST_P(LogTest, ConcurrentAppendsAreAllStoredOnce) {
  auto s = open();
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::int64_t> seqs;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every thread also retries one shared key: exactly one of them appends.
        std::optional<IdempotencyKey> k;
        if (i == 0) k = IdempotencyKey{"T-1", "shared", request_digest("same")};
        auto a = s->append(decision(), k);
        ASSERT_TRUE(a.ok()) << a.error().message;
        if (a->status == IdempotencyStatus::kNew) {
          std::lock_guard lock(mu);
          EXPECT_TRUE(seqs.insert(a->entry.seq).second);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kThreads * (kEach - 1) + 1));
  EXPECT_EQ(*seqs.rbegin(), static_cast<std::int64_t>(seqs.size()));
  auto v = s->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
  EXPECT_EQ(v->entries, static_cast<std::int64_t>(seqs.size()));
}

TEST_P(LogTest, TwoStoresOnOneDatabaseKeepOneChain) {
  // As when `writ token create` runs beside `writ serve`: each writer reads the head inside
  // its write transaction.
  auto a = open();
  auto b = open();
  for (int i = 0; i < 20; ++i) {
    auto x = (i % 2 ? a : b)->append(decision());
    ASSERT_TRUE(x.ok()) << x.error().message;
    EXPECT_EQ(x->entry.seq, i + 1);
  }
  auto v = a->verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->problems.front().message;
  EXPECT_EQ(v->entries, 20);
}

TEST_P(LogTest, SignsACheckpointAfterTheIntervalAndOnClose) {
  StoreOptions o;
  o.checkpoint_every_entries = 0;
  o.checkpoint_every = std::chrono::seconds(1);
  auto s = open(o);
  ASSERT_TRUE(s->append(decision()).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2600));
  std::int64_t last = 0;
  ASSERT_TRUE(s->for_each_checkpoint([&](const Checkpoint& c) {
                 last = c.seq;
                 return true;
               }).ok());
  EXPECT_EQ(last, 1);
  o.checkpoint_every = std::chrono::seconds(0);
  s = open(o);
  ASSERT_TRUE(s->append(decision()).ok());
  s.reset();  // closing signs the head
  s = open(o);
  ASSERT_TRUE(s->for_each_checkpoint([&](const Checkpoint& c) {
                 last = c.seq;
                 return true;
               }).ok());
  EXPECT_EQ(last, 2);
}

TEST_P(LogTest, ConnectionsAreDurableOnCommit) {
  auto s = open();
  auto c = raw();  // made by the same open_sqlite()/open_postgres() as the store's
  auto one = [&](const char* statement) {
    std::string v;
    EXPECT_TRUE(c->query(statement, {}, [&](const Row& r) {
                   v = r[0];
                   return false;
                 }).ok());
    return v;
  };
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ(one("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(one("PRAGMA synchronous"), "2");  // FULL
  } else {
    EXPECT_EQ(one("SHOW synchronous_commit"), "on");
    EXPECT_EQ(one("SHOW fsync"), "on");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LogTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         backend_name);

}  // namespace
}  // namespace writ::store::testing

namespace writ::store::testing {
namespace {

using ReconnectTest = StoreTest;

TEST_P(ReconnectTest, ASeveredServerConnectionIsReplaced) {
  auto s = open();
  ASSERT_TRUE(s->append(decision()).ok());
  ASSERT_TRUE(s->get_entry("D-x").ok());  // a pooled reading connection exists now
  // What a server restart does to every connection of the store.
  sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  // The first use of a severed connection may fail; the store must recover by itself.
  auto first = s->append(decision());
  auto second = s->append(decision());
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto read_first = s->get_entry(second->entry.id);
  auto read = s->get_entry(second->entry.id);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(*read);
  auto v = s->verify();
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->ok());
  EXPECT_EQ(v->entries, first.ok() ? 3 : 2);
  (void)read_first;
}

INSTANTIATE_TEST_SUITE_P(Postgres, ReconnectTest, ::testing::Values(Backend::kPostgres),
                         backend_name);

}  // namespace
}  // namespace writ::store::testing
