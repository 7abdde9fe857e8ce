// writ batch end to end: a 1,000,000-row CSV (generated into a temporary directory when the
// benchmark starts, removed at exit; never committed) read, mapped by an adapter, decided under
// the NYC DOC policy on all cores, and written as decisions.csv.
//
//   BM_batch_csv   counter rows_per_s = CSV rows per second (wall clock), reported by
//                  scripts/bench.sh as batch_csv_rows_per_s; cpu_us_per_row = CPU time of all
//                  threads per row (batch_csv_cpu_us_per_row)
//
// WRIT_BATCH_BENCH_ROWS overrides the row count; WRIT_BATCH_BENCH_THREADS the thread count.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "batch/adapter.h"
#include "batch/record_source.h"
#include "batch/runner.h"
#include "writ/engine.h"

#ifndef WRIT_SOURCE_DIR
#error "WRIT_SOURCE_DIR (the repository root) must be defined; see bench/CMakeLists.txt"
#endif

namespace {
namespace fs = std::filesystem;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "batch_csv_bench: %s\n", message.c_str());
  std::exit(1);
}

// One detainer per row, with the person's current charge and, for some, a conviction.
const char* kAdapter = R"({
  "adapter": "bench",
  "tables": [ { "name": "rows", "file": "detainers.csv" } ],
  "record": { "id": "id", "date": "date", "facility": "facility" },
  "fields": {
    "request.kind": { "const": "detainer" },
    "request.from": { "const": "ICE" },
    "request.documents": { "const": [] },
    "custody.arrest_date": "date",
    "custody.facility": "facility"
  },
  "lists": [
    { "path": "custody.charges",
      "fields": { "level": { "column": "level", "codes": "level" },
                  "class": { "column": "level", "codes": "class" } } },
    { "path": "subject.convictions",
      "when": [ { "column": "disposition", "in": ["SENTENCE COMPLETE"] } ],
      "fields": { "level": { "column": "level", "codes": "level" },
                  "conviction_date": "date", "jurisdiction": { "const": "US-TX" } } }
  ],
  "codes": {
    "level": { "map": { "F1": "felony", "F2": "felony", "F3": "felony", "MA": "misdemeanor",
                        "MB": "misdemeanor" } },
    "class": { "map": { "F1": "first degree", "F2": "second degree", "F3": "third degree",
                        "MA": "A", "MB": "B" } }
  }
})";

struct Data {
  fs::path dir;
  size_t rows = 0;
  std::unique_ptr<writ::Engine> engine;
  writ::batch::Adapter adapter;
  ~Data() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

Data& data() {
  static std::unique_ptr<Data> d = [] {
    auto owned = std::make_unique<Data>();
    Data& x = *owned;
    const char* n = std::getenv("WRIT_BATCH_BENCH_ROWS");
    x.rows = n ? std::strtoull(n, nullptr, 10) : 1000000;
    x.dir = fs::temp_directory_path() / ("writ-batch-bench-" + std::to_string(::getpid()));
    fs::create_directories(x.dir);
    std::ofstream out(x.dir / "detainers.csv", std::ios::binary);
    out << "id,date,facility,level,disposition\n";
    const char* levels[] = {"F1", "F2", "F3", "MA", "MB"};
    const char* facilities[] = {"\"Travis County Jail, Austin, TX\"", "AMKC", "RNDC", "VCBC"};
    uint64_t s = 88172645463325252ull;
    char line[160];
    for (size_t i = 0; i < x.rows; ++i) {
      s ^= s << 13, s ^= s >> 7, s ^= s << 17;
      int len = std::snprintf(
          line, sizeof line, "B%09zu,20%02u-%02u-%02u,%s,%s,%s\n", i,
          static_cast<unsigned>(15 + s % 10), static_cast<unsigned>(1 + (s >> 8) % 12),
          static_cast<unsigned>(1 + (s >> 16) % 28), facilities[(s >> 24) % 4],
          levels[(s >> 32) % 5], (s >> 40) % 3 ? "DISMISSAL" : "SENTENCE COMPLETE");
      out.write(line, len);
    }
    out.close();
    writ::EngineOptions eo;
    eo.home = WRIT_SOURCE_DIR;
    auto e = writ::Engine::open(eo);
    if (!e) die("cannot open the engine: " + e.error().message);
    x.engine = std::move(*e);
    auto a = writ::batch::parse_adapter(kAdapter, "bench.adapter.json", false);
    if (!a) die(a.error().message);
    x.adapter = std::move(*a);
    return owned;
  }();
  return *d;
}

void BM_batch_csv(benchmark::State& state) {
  Data& d = data();
  writ::batch::RunOptions opts;
  opts.policies = {"nyc-doc"};
  if (const char* t = std::getenv("WRIT_BATCH_BENCH_THREADS"))
    opts.threads = static_cast<unsigned>(std::atoi(t));
  uint64_t records = 0;
  auto cpu_seconds = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  };
  double cpu = 0;
  for (auto _ : state) {
    double cpu_before = cpu_seconds();
    auto src = writ::batch::RecordSource::open(d.adapter, d.dir.string());
    if (!src) die(src.error().message);
    std::ofstream out(d.dir / "decisions.csv", std::ios::binary);
    auto s = writ::batch::run_batch(*d.engine, d.adapter, **src, opts, out, nullptr, nullptr);
    if (!s) die(s.error().message);
    if (s->records != d.rows || s->unmapped_records != 0) die("the run did not decide every row");
    records += s->records;
    cpu += cpu_seconds() - cpu_before;
  }
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  state.counters["rows"] = static_cast<double>(d.rows);
  // CPU time of all threads per row: what the run costs, independent of how busy the machine is.
  state.counters["cpu_us_per_row"] = records ? cpu * 1e6 / static_cast<double>(records) : 0;
}
BENCHMARK(BM_batch_csv)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
