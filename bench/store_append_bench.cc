// Durable appends per second to the decision store (SQLite, WAL, synchronous=FULL) from many
// threads at once: the group-commit writer batches them into one transaction and one fsync.
// Run: build/release/bench/store_append_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <random>

#include "store/store.h"

namespace {

std::unique_ptr<writ::store::Store> g_store;
std::mutex g_mu;
std::filesystem::path g_dir;

writ::store::NewEntry sample_decision(int i) {
  writ::store::NewEntry e;
  e.kind = writ::store::EntryKind::kDecision;
  e.actor_token = "T-0123456789ab";
  e.actor_role = "officer";
  e.agency = "nyc-doc";
  e.policy = "nyc-doc";
  e.outcome = i % 3 ? "decline" : "review";
  // About the size of a writ-decision/1 body with its report object.
  e.body = R"({"format":"writ-decision/1","case":"bench","outcome":")" + e.outcome +
           R"(","actions":[{"name":"hold","permitted":false,"requested":true}],"reasons":[)" +
           std::string(1200, ' ') + R"(],"report":{"request_kind":"detainer"}})";
  e.personal = R"({"name":"Bench Person","case":{"subject":{"name":"Bench Person"}}})";
  return e;
}

void BM_store_append_sqlite(benchmark::State& state) {
  if (state.thread_index() == 0) {
    std::lock_guard lock(g_mu);
    g_dir = std::filesystem::temp_directory_path() /
            ("writ_store_bench_" + std::to_string(std::random_device{}()));
    writ::store::StoreOptions o;
    o.url = "sqlite:" + (g_dir / "writ.db").string();
    o.key_dir = (g_dir / "keys").string();
    auto s = writ::store::open_store(o);
    if (!s) {
      state.SkipWithError(s.error().message.c_str());
      return;
    }
    g_store = std::move(*s);
  }
  int i = 0;
  for (auto _ : state) {
    auto a = g_store->append(sample_decision(i++));
    if (!a) state.SkipWithError(a.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    std::lock_guard lock(g_mu);
    g_store.reset();
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
  }
}
BENCHMARK(BM_store_append_sqlite)
    ->Threads(1)
    ->Threads(16)
    ->Threads(64)
    ->Threads(256)
    ->UseRealTime()
    ->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
