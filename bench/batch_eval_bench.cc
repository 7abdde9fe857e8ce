// Batch evaluation throughput: the NYC DOC policy (nyc-doc) decided by the batch (columnar)
// evaluator over generated cases, against the same rule written by hand over the same columns.
//
//   batch_eval_bench [--rows N] [--distinct D] [--threads T] [--reps R]
//                    [--export-cedar DIR --cedar-cases M] [--only requested|all|handwritten]
//                    [--chunk C]
//
// Builds D distinct generated cases (default min(N, 1,000,000); generator -> JSON -> decoder, on
// every core), adds them to per-thread column stores (one per policy version), repeats the rows
// until there are N, then times, R times each (the best is reported):
//   batch      eval::batch::evaluate_columns over all rows, T threads (every action decided)
//   handwritten bench::cols::decide over the same rows and columns, T threads (outcome only)
// Before timing, the two must agree on every row's outcome, and the batch evaluator must agree
// with the per-case evaluator (eval::evaluate) on every case of the first block. Prints one
// key=value line per measure. Evaluation only: building the columns is reported apart.
// With --export-cedar, also writes the first M cases as JSON Lines for bench/cedar/run.mjs (the
// facts Cedar is given, and Writ's decision).
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "calendar/civil.h"
#include "cases/case_decoder.h"
#include "engine/engine_impl.h"
#include "eval/batch_evaluator.h"
#include "nyc_doc_cases.h"
#include "nyc_doc_columns_handwritten.h"
#include "writ/engine.h"

#ifndef WRIT_SOURCE_DIR
#error "WRIT_SOURCE_DIR (the repository root) must be defined; see bench/CMakeLists.txt"
#endif

namespace {

namespace eval = writ::eval;
namespace eb = writ::eval::batch;
namespace cols = writ::bench::cols;

constexpr uint64_t kSeed = 20141214;
constexpr size_t kBlock = 4096;

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "batch_eval_bench: %s\n", m.c_str());
  std::exit(1);
}

struct Part {
  const eb::BatchProgram* bp = nullptr;
  std::unique_ptr<eb::ColumnStore> store;
  cols::Plan plan;
  eb::BatchOutput out;
  std::vector<uint8_t> hand;
};

struct Worker {
  std::map<const eval::Program*, Part> parts;
  eb::BatchScratch scratch;
  size_t cases = 0;
};

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Runs f on every worker, one thread each; returns the wall time and adds the threads' CPU time
// to *cpu (on a machine shared with other work, CPU time is what one core spent).
template <class F>
double timed(std::vector<Worker>& ws, F f, double* cpu = nullptr) {
  double t0 = now();
  std::vector<std::thread> th;
  std::vector<double> used(ws.size(), 0);
  for (size_t i = 0; i < ws.size(); ++i) {
    th.emplace_back([&ws, &f, &used, i] {
      double c0 = thread_cpu();
      f(ws[i]);
      used[i] = thread_cpu() - c0;
    });
  }
  for (auto& t : th) t.join();
  if (cpu) {
    *cpu = 0;
    for (double u : used) *cpu += u;
  }
  return now() - t0;
}

const char* outcome_name(int o) {
  return o == 0 ? "honor" : o == 1 ? "decline" : "review";
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = 1000000, distinct = 0, threads = 2, reps = 3, cedar_cases = 3000;
  size_t chunk = eb::kDefaultChunk;  // cases per batch chunk
  std::string cedar_dir;
  std::string only;  // time only "requested", "all" or "handwritten" (for callgrind)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--rows") {
      rows = std::stoull(next());
    } else if (a == "--distinct") {
      distinct = std::stoull(next());
    } else if (a == "--threads") {
      threads = std::stoull(next());
    } else if (a == "--reps") {
      reps = std::stoull(next());
    } else if (a == "--chunk") {
      chunk = std::stoull(next());
    } else if (a == "--only") {
      only = next();
    } else if (a == "--export-cedar") {
      cedar_dir = next();
    } else if (a == "--cedar-cases") {
      cedar_cases = std::stoull(next());
    } else {
      die("unknown argument " + a);
    }
  }
  if (distinct == 0) distinct = std::min<size_t>(rows, 1000000);
  if (rows % distinct) die("--rows must be a multiple of --distinct");
  if (threads == 0) threads = 1;

  writ::EngineOptions options;
  options.home = WRIT_SOURCE_DIR;
  auto engine = writ::Engine::open(options);
  if (!engine) die("cannot open the engine: " + engine.error().message);
  const auto& impl = (*engine)->impl();
  const writ::LoadedPolicy* pol = impl.find("nyc-doc");
  if (!pol) die("no policy nyc-doc");
  std::map<const eval::Program*, std::unique_ptr<eb::BatchProgram>> compiled;
  for (const auto& p : pol->programs) {
    compiled[p.get()] = eb::compile_batch(*p);
    if (!compiled[p.get()]->unsupported.empty())
      die(p->version + ": not supported by the batch evaluator: " + compiled[p.get()]->unsupported);
  }

  if (std::getenv("WRIT_BATCH_SHAPE")) {  // the lowered programs, for profiling
    for (const auto& [prog, bp] : compiled) {
      std::map<uint32_t, size_t> per_frame;
      std::map<int, size_t> per_op;
      for (const auto& n : bp->nodes) {
        ++per_frame[n.frame];
        ++per_op[static_cast<int>(n.op)];
      }
      std::fprintf(stderr, "%s: %zu nodes, %zu frames, %zu columns\n", prog->version.c_str(),
                   bp->nodes.size(), bp->frame_parent.size(), bp->layout.cols.size());
      for (auto [f, c] : per_frame)
        std::fprintf(stderr, "  frame %u (parent %u): %zu nodes\n", f, bp->frame_parent[f], c);
      for (auto [o, c] : per_op) std::fprintf(stderr, "  op %d: %zu\n", o, c);
    }
  }

  // ---- build: generate, encode, decode, add to the columns. Blocks of cases are built on every
  // core (at least T threads, whatever T is: building is not timed) and block b goes to worker
  // b % T, which owns its rows for the timed passes.
  std::vector<Worker> ws(threads);
  std::vector<std::mutex> worker_mu(threads);
  std::atomic<size_t> next_block{0};
  const size_t blocks = (distinct + kBlock - 1) / kBlock;
  const size_t builders =
      std::max<size_t>(threads, std::max(1u, std::thread::hardware_concurrency()));
  std::mutex mu;
  std::vector<std::pair<std::string, int>> first_block;  // per-case evaluator on block 0
  std::map<std::string, nlohmann::json> cedar;           // id -> exported case (block 0)
  size_t json_bytes = 0;
  double gen_cpu = 0, json_cpu = 0, decode_cpu = 0, add_cpu = 0;
  std::vector<Worker> builder_slots(builders);
  double build = timed(builder_slots, [&](Worker&) {
    eval::Scratch s;
    eval::Verdict v;
    size_t bytes = 0;
    double t_gen = 0, t_json = 0, t_decode = 0, t_add = 0;
    std::vector<std::pair<const eval::Program*, std::unique_ptr<eval::CaseData>>> decoded;
    for (size_t b; (b = next_block++) < blocks;) {
      const size_t n = std::min(kBlock, distinct - b * kBlock);
      double c0 = thread_cpu();
      auto gen = writ::bench::generate_nyc_doc_cases(n, kSeed + b);
      double c1 = thread_cpu();
      t_gen += c1 - c0;
      decoded.clear();
      for (const auto& g : gen) {
        c0 = thread_cpu();
        std::string text = writ::bench::to_case_json(g);
        c1 = thread_cpu();
        t_json += c1 - c0;
        bytes += text.size();
        auto data = writ::cases::decode_case(text, *pol->checked, {}, &impl.catalog);
        if (!data) die(g.id + ": " + data.error().message);
        t_decode += thread_cpu() - c1;
        auto day = writ::decision_date(*pol->checked, **data, std::nullopt);
        if (!day) die(g.id + ": " + day.error().message);
        const eval::Program* prog = pol->program_for(*day);
        if (!prog) die(g.id + ": no version in force");
        if (b == 0) {
          auto r = eval::evaluate_into(*prog, **data, s, v, eval::Actions::kAll);
          if (!r) die(g.id + ": " + r.error().message);
          std::lock_guard<std::mutex> lock(mu);
          first_block.emplace_back(g.id, static_cast<int>(v.outcome));
        }
        decoded.emplace_back(prog, std::move(*data));
      }
      c0 = thread_cpu();
      {
        std::lock_guard<std::mutex> lock(worker_mu[b % threads]);
        Worker& w = ws[b % threads];
        for (auto& [prog, data] : decoded) {
          Part& part = w.parts[prog];
          if (!part.store) {
            part.bp = compiled[prog].get();
            part.store = std::make_unique<eb::ColumnStore>(part.bp->make_store());
          }
          part.store->add(*data);
          ++w.cases;
        }
      }
      t_add += thread_cpu() - c0;
    }
    std::lock_guard<std::mutex> lock(mu);
    json_bytes += bytes;
    gen_cpu += t_gen;
    json_cpu += t_json;
    decode_cpu += t_decode;
    add_cpu += t_add;
  });
  const size_t times = rows / distinct;
  size_t bytes = 0;
  for (auto& w : ws) {
    for (auto& [prog, part] : w.parts) {
      part.store->repeat(times);
      std::string error;
      if (!cols::make_plan(*part.bp, *part.store, impl.catalog, part.plan, error))
        die(prog->version + ": " + error);
      part.hand.assign(part.store->cases(), 0);
      bytes += part.store->bytes();
    }
  }

  // ---- cross-checks
  size_t total = 0, fallback = 0, disagree = 0;
  std::map<std::string, size_t> outcomes;
  for (auto& w : ws) {
    for (auto& [prog, part] : w.parts) {
      eb::evaluate_columns(*part.bp, *part.store, 0, part.store->cases(), w.scratch, part.out);
      cols::decide(part.plan, *part.store, 0, part.store->cases(), part.hand.data());
      for (size_t r = 0; r < part.store->cases(); ++r) {
        ++total;
        fallback += part.out.fallback[r];
        const int o = static_cast<int>(part.out.outcome[r]);
        ++outcomes[outcome_name(o)];
        if (o != part.hand[r] && ++disagree <= 5)
          std::fprintf(stderr, "row %zu (version %s): batch %s, hand-written %s\n", r,
                       prog->version.c_str(), outcome_name(o), outcome_name(part.hand[r]));
      }
    }
  }
  if (disagree) die(std::to_string(disagree) + " rows where batch and hand-written disagree");
  if (fallback) die(std::to_string(fallback) + " rows sent to the per-case evaluator");
  // The first block again, through the batch evaluator case by case, against evaluate_into.
  {
    const size_t n = std::min(kBlock, distinct);
    auto gen = writ::bench::generate_nyc_doc_cases(n, kSeed);
    std::map<const eval::Program*, std::vector<std::unique_ptr<eval::CaseData>>> by_prog;
    std::map<const eval::Program*, std::vector<size_t>> index;
    for (size_t i = 0; i < n; ++i) {
      auto data = writ::cases::decode_case(writ::bench::to_case_json(gen[i]), *pol->checked, {},
                                           &impl.catalog);
      auto day = writ::decision_date(*pol->checked, **data, std::nullopt);
      const eval::Program* prog = pol->program_for(*day);
      by_prog[prog].push_back(std::move(*data));
      index[prog].push_back(i);
    }
    std::map<std::string, int> per_case(first_block.begin(), first_block.end());
    size_t bad = 0;
    for (auto& [prog, cases] : by_prog) {
      std::vector<const eval::CaseData*> ptrs;
      for (auto& c : cases) ptrs.push_back(c.get());
      eb::BatchOutput out;
      eb::decide_cases(*compiled[prog], ptrs, out);
      eb::ColumnStore store = compiled[prog]->make_store();
      for (auto* c : ptrs) store.add(*c);
      cols::Plan plan;
      std::string error;
      if (!cols::make_plan(*compiled[prog], store, impl.catalog, plan, error)) die(error);
      for (size_t i = 0; i < ptrs.size(); ++i) {
        const std::string& id = gen[index[prog][i]].id;
        if (static_cast<int>(out.outcome[i]) != per_case[id]) ++bad;
        if (!cedar_dir.empty() && cedar.size() < cedar_cases && index[prog][i] < cedar_cases) {
          cols::Facts f = cols::facts(plan, store, i);
          const writ::bench::GenCase& g = gen[index[prog][i]];
          nlohmann::json j;
          j["id"] = id;
          j["from"] = g.from;
          j["decision_day"] = *writ::decision_date(*pol->checked, *ptrs[i], std::nullopt);
          j["judicial_warrant"] = f.judicial_warrant == cols::kYes;
          j["watchlist_match"] = f.watchlist;
          j["any_counting"] = f.any_counting;
          j["latest_counting_judgment"] = f.latest_counting;
          j["window_start"] = f.window_start;
          j["writ"] = outcome_name(static_cast<int>(out.outcome[i]));
          if (f.judicial_warrant == cols::kMaybe || f.convicted == cols::kMaybe)
            die(id + ": an unknown fact in a case for Cedar");
          cedar[id] = j;
        }
      }
    }
    if (bad) die(std::to_string(bad) + " cases where batch and per-case evaluators disagree");
  }
  if (!cedar_dir.empty()) {
    std::filesystem::create_directories(cedar_dir);
    std::ofstream f(std::filesystem::path(cedar_dir) / "cases.jsonl");
    for (const auto& [id, j] : cedar) f << j.dump() << "\n";
    std::fprintf(stderr, "batch_eval_bench: wrote %zu cases to %s/cases.jsonl\n", cedar.size(),
                 cedar_dir.c_str());
  }

  // ---- timing (evaluation only)
  // batch: the requested actions (all a detainer's outcome needs, as the hand-written rule);
  // batch_all: every action of the policy, as eval::evaluate.
  double best_batch = 1e300, best_all = 1e300, best_hand = 1e300;
  double cpu_batch = 1e300, cpu_hand = 1e300, cpu = 0;
  for (size_t rep = 0; rep < reps; ++rep) {
    if (only.empty() || only == "requested") {
      best_batch = std::min(best_batch, timed(
                                            ws,
                                            [chunk](Worker& w) {
                                              for (auto& [prog, part] : w.parts)
                                                eb::evaluate_columns(*part.bp, *part.store, 0,
                                                                     part.store->cases(), w.scratch,
                                                                     part.out, chunk,
                                                                     eval::Actions::kRequested);
                                            },
                                            &cpu));
      cpu_batch = std::min(cpu_batch, cpu);
    }
    if (only.empty() || only == "all")
      best_all = std::min(best_all, timed(ws, [chunk](Worker& w) {
                            for (auto& [prog, part] : w.parts)
                              eb::evaluate_columns(*part.bp, *part.store, 0, part.store->cases(),
                                                   w.scratch, part.out, chunk);
                          }));
    if (only.empty() || only == "handwritten") {
      best_hand = std::min(best_hand, timed(
                                          ws,
                                          [](Worker& w) {
                                            for (auto& [prog, part] : w.parts)
                                              cols::decide(part.plan, *part.store, 0,
                                                           part.store->cases(), part.hand.data());
                                          },
                                          &cpu));
      cpu_hand = std::min(cpu_hand, cpu);
    }
  }
  const double batch_rate = static_cast<double>(total) / best_batch;
  const double hand_rate = static_cast<double>(total) / best_hand;
  std::printf("rows=%zu\n", total);
  std::printf("distinct_cases=%zu\n", distinct);
  std::printf("threads=%zu\n", threads);
  std::printf("build_s=%.1f\n", build);
  std::printf("build_threads=%zu\n", builders);
  std::printf("build_cpu_s=generate:%.1f,json:%.1f,decode:%.1f,columns:%.1f\n", gen_cpu, json_cpu,
              decode_cpu, add_cpu);
  std::printf("json_bytes_per_case=%.0f\n", static_cast<double>(json_bytes) / distinct);
  std::printf("column_bytes_per_row=%.0f\n",
              static_cast<double>(bytes) / static_cast<double>(total));
  std::printf("outcomes=honor:%zu,decline:%zu,review:%zu\n", outcomes["honor"], outcomes["decline"],
              outcomes["review"]);
  std::printf("fallback_fraction=%.6f\n",
              static_cast<double>(fallback) / static_cast<double>(total));
  std::printf("batch_s=%.4f\n", best_batch);
  std::printf("handwritten_s=%.4f\n", best_hand);
  std::printf("batch_all_actions_s=%.4f\n", best_all);
  std::printf("batch_decisions_per_s=%.0f\n", batch_rate);
  std::printf("batch_all_actions_decisions_per_s=%.0f\n", static_cast<double>(total) / best_all);
  std::printf("batch_decisions_per_s_per_core=%.0f\n", batch_rate / static_cast<double>(threads));
  std::printf("handwritten_decisions_per_s=%.0f\n", hand_rate);
  std::printf("batch_vs_handwritten_ratio=%.2f\n", best_batch / best_hand);
  // CPU time (all threads): what the work costs a core, whatever else shares the machine.
  std::printf("batch_cpu_ns_per_decision=%.1f\n", cpu_batch * 1e9 / static_cast<double>(total));
  std::printf("handwritten_cpu_ns_per_decision=%.1f\n",
              cpu_hand * 1e9 / static_cast<double>(total));
  std::printf("batch_cpu_decisions_per_s_per_core=%.0f\n", static_cast<double>(total) / cpu_batch);
  std::printf("batch_vs_handwritten_cpu_ratio=%.2f\n", cpu_batch / cpu_hand);
  return 0;
}
