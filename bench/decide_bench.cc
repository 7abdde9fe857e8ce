// Decision benchmarks for the NYC Department of Correction policy (nyc-doc, Admin. Code § 9-131).
//
//   BM_decide_nyc_doc                 version selection + eval::evaluate_into (fast path): outcome
//                                     and the requested actions, over 1024 pre-decoded generated
//                                     cases, one Scratch and one Verdict reused
//   BM_decide_nyc_doc_explained       the same with eval::evaluate_explained + build_decision
//                                     (reasons with citations and facts, explain = true)
//   BM_decide_nyc_doc_handwritten     the rule written by hand in C++ over plain structs
//                                     (nyc_doc_handwritten.h), catalog looked up per evaluation
//   ..._handwritten_all_actions       the hand-written rule deciding every action, as the engine
//   does
//   ..._handwritten_preresolved       the hand-written rule with listings looked up in advance
//   BM_engine_decide_json             Engine::decide end to end: JSON in, explained Decision out
//   BM_decode_case                    cases::decode_case of one case
//   BM_engine_open                    Engine::open: load, check and compile every bundled policy
//
// Before any benchmark runs, the engine (fast and explained) and the hand-written rule are run on
// all 1024 cases and must agree on the outcome and on every action they both decide; the program
// exits with status 1 and names the cases when they do not. Set WRIT_BENCH_DUMP=<dir> to write the
// generated cases there as writ-case/1 files (e.g. to run them through `writ decide`).
// Run via scripts/bench.sh (`make bench`); see docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calendar/civil.h"
#include "cases/case_decoder.h"
#include "engine/engine_impl.h"
#include "eval/evaluator.h"
#include "nyc_doc_cases.h"
#include "nyc_doc_handwritten.h"
#include "writ/engine.h"

#ifndef WRIT_SOURCE_DIR
#error "WRIT_SOURCE_DIR (the repository root) must be defined; see bench/CMakeLists.txt"
#endif

namespace {

using writ::bench::GenCase;
namespace hw = writ::bench::hw;
namespace eval = writ::eval;

constexpr size_t kCases = 1024;       // a power of two: the benchmarks cycle with a mask
constexpr uint64_t kSeed = 20141214;  // the day Local Law 58 of 2014 came into force
constexpr const char* kPolicy = "nyc-doc";

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "decide_bench: %s\n", message.c_str());
  std::exit(1);
}

const char* name_of(eval::Outcome o) {
  switch (o) {
    case eval::Outcome::kHonor:
      return "honor";
    case eval::Outcome::kDecline:
      return "decline";
    case eval::Outcome::kReview:
      return "review";
  }
  return "?";
}

hw::Tri tri_of(const eval::Value& v) {
  if (v.kind != eval::VKind::kBool) return hw::Tri::kUnknown;
  return v.b ? hw::Tri::kTrue : hw::Tri::kFalse;
}

hw::Tri tri_of(const std::optional<bool>& b) {
  if (!b) return hw::Tri::kUnknown;
  return *b ? hw::Tri::kTrue : hw::Tri::kFalse;
}

// Everything the benchmarks share, built (and cross-checked) once.
struct World {
  std::unique_ptr<writ::Engine> engine;
  const writ::LoadedPolicy* policy = nullptr;
  const writ::catalog::Catalog* catalog = nullptr;
  hw::Lists lists;
  std::vector<GenCase> generated;
  std::vector<std::string> json;
  size_t json_bytes = 0;
  std::vector<std::unique_ptr<eval::CaseData>> decoded;
  std::vector<hw::Case> plain;        // catalog looked up at each evaluation
  std::vector<hw::Case> preresolved;  // listings looked up in advance
  std::string summary;
};

std::unique_ptr<writ::Engine> open_engine() {
  writ::EngineOptions options;
  options.home = WRIT_SOURCE_DIR;
  auto engine = writ::Engine::open(options);
  if (!engine) die("cannot open the engine: " + engine.error().message);
  return std::move(*engine);
}

size_t action_index(const writ::check::CheckedPolicy& pol, const char* name) {
  for (size_t a = 0; a < pol.actions.size(); ++a) {
    if (pol.actions[a].name == name) return a;
  }
  die(std::string("the policy has no action ") + name);
}

// Runs the engine (fast and explained) and the hand-written rule on every case; exits naming the
// cases on which they disagree.
void cross_check(World& w) {
  const auto& pol = *w.policy->checked;
  const size_t hold = action_index(pol, "hold"), notify = action_index(pol, "notify_release"),
               transfer = action_index(pol, "transfer"),
               share = action_index(pol, "share_information");
  eval::Scratch scratch;
  std::map<std::string, size_t> outcomes, versions;
  size_t disagreements = 0;
  size_t convictions = 0;
  for (size_t i = 0; i < kCases; ++i) {
    const eval::CaseData& data = *w.decoded[i];
    std::vector<std::string> problems;
    auto day = writ::decision_date(pol, data, std::nullopt);
    if (!day) die(w.generated[i].id + ": " + day.error().message);
    const eval::Program* prog = w.policy->program_for(*day);
    if (!prog) die(w.generated[i].id + ": no version in force on " + writ::cal::format_date(*day));
    ++versions[prog->version];

    auto fast = eval::evaluate(*prog, data, scratch);
    if (!fast) die(w.generated[i].id + ": " + fast.error().message);
    const eval::Verdict engine = *fast;
    auto explained = eval::evaluate_explained(*prog, data, scratch);
    if (!explained) die(w.generated[i].id + ": " + explained.error().message);
    writ::Decision decision = writ::build_decision(*w.policy, *prog, data, scratch, *explained,
                                                   writ::cal::format_date(*day), true);

    const hw::Verdict h = hw::decide(w.plain[i], *w.catalog, w.lists);
    const hw::Verdict hp = hw::decide_preresolved(w.preresolved[i], *w.catalog, w.lists);
    const hw::Verdict ha = hw::decide_all_actions(w.plain[i], *w.catalog, w.lists);

    auto expect = [&](const char* what, const std::string& engine_says,
                      const std::string& hand_says) {
      if (engine_says != hand_says) {
        problems.push_back(std::string(what) + ": engine " + engine_says + ", hand-written " +
                           hand_says);
      }
    };
    const std::string eo = name_of(engine.outcome);
    expect("outcome", eo, hw::name_of(h.outcome));
    expect("outcome (pre-resolved)", eo, hw::name_of(hp.outcome));
    expect("outcome (all actions)", eo, hw::name_of(ha.outcome));
    expect("outcome (explained)", eo, decision.outcome);
    expect("hold", hw::name_of(tri_of(engine.actions[hold].permitted.value)), hw::name_of(h.hold));
    expect("notify_release", hw::name_of(tri_of(engine.actions[notify].permitted.value)),
           hw::name_of(h.notify_release));
    expect("transfer", hw::name_of(tri_of(engine.actions[transfer].permitted.value)),
           hw::name_of(ha.transfer));
    expect("share_information", hw::name_of(tri_of(engine.actions[share].permitted.value)),
           hw::name_of(ha.share_information));
    expect("hold (explained)", hw::name_of(tri_of(decision.actions[hold].permitted)),
           hw::name_of(h.hold));
    expect("hold (pre-resolved)", hw::name_of(h.hold), hw::name_of(hp.hold));
    if (engine.outcome == eval::Outcome::kReview) {
      problems.push_back("outcome is review, but every fact was meant to be known");
    }
    if (!problems.empty()) {
      if (++disagreements <= 10) {
        std::fprintf(stderr, "decide_bench: case %s (policy version %s):\n",
                     w.generated[i].id.c_str(), prog->version.c_str());
        for (const auto& p : problems) std::fprintf(stderr, "  %s\n", p.c_str());
        std::fprintf(stderr, "  case: %s\n", w.json[i].c_str());
      }
    }
    ++outcomes[eo];
    convictions += w.plain[i].convictions.size();
  }
  if (disagreements > 0) {
    die(std::to_string(disagreements) + " of " + std::to_string(kCases) +
        " cases decided differently by the engine and the hand-written rule (see above)");
  }
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%zu cases (%zu honor, %zu decline), %zu convictions, %.0f bytes of JSON each",
                kCases, outcomes["honor"], outcomes["decline"], convictions,
                static_cast<double>(w.json_bytes) / kCases);
  w.summary = buf;
  std::string v;
  for (const auto& [version, n] : versions)
    v += (v.empty() ? "" : ", ") + version + ": " + std::to_string(n);
  w.summary += "; by policy version " + v;
}

World build_world() {
  World w;
  w.engine = open_engine();
  const auto& impl = w.engine->impl();
  w.policy = impl.find(kPolicy);
  if (!w.policy) die(std::string("no policy ") + kPolicy + " (loaded: " + impl.known_ids() + ")");
  w.catalog = &impl.catalog;
  w.lists = hw::resolve_lists(*w.catalog);

  w.generated = writ::bench::generate_nyc_doc_cases(kCases, kSeed);
  const char* dump = std::getenv("WRIT_BENCH_DUMP");
  for (const GenCase& g : w.generated) {
    w.json.push_back(writ::bench::to_case_json(g));
    w.json_bytes += w.json.back().size();
    if (dump && *dump) {
      std::filesystem::create_directories(dump);
      std::ofstream(std::filesystem::path(dump) / (g.id + ".json")) << w.json.back() << "\n";
    }
    auto data = writ::cases::decode_case(w.json.back(), *w.policy->checked, {}, w.catalog);
    if (!data) die(g.id + ": " + data.error().message + "\n  case: " + w.json.back());
    w.decoded.push_back(std::move(*data));
    w.plain.push_back(hw::from_generated(g));
    w.preresolved.push_back(hw::from_generated(g, w.catalog, &w.lists));
  }
  cross_check(w);
  return w;
}

World& world() {
  static World w = build_world();
  return w;
}

// ---------------------------------------------------------------- benchmarks

void BM_decide_nyc_doc(benchmark::State& state) {
  const World& w = world();
  const auto& pol = *w.policy->checked;
  eval::Scratch scratch;
  eval::Verdict verdict;
  size_t i = 0;
  for (auto _ : state) {
    const eval::CaseData& data = *w.decoded[i++ & (kCases - 1)];
    // What Engine::decide does after decoding: pick the version in force, then evaluate. The hot
    // path decides the actions the request asks for (all the outcome needs), into reused storage.
    auto day = writ::decision_date(pol, data, std::nullopt);
    const eval::Program* prog = w.policy->program_for(*day);
    auto ok = eval::evaluate_into(*prog, data, scratch, verdict, eval::Actions::kRequested);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_decide_nyc_doc_explained(benchmark::State& state) {
  const World& w = world();
  const auto& pol = *w.policy->checked;
  eval::Scratch scratch;
  size_t i = 0;
  for (auto _ : state) {
    const eval::CaseData& data = *w.decoded[i++ & (kCases - 1)];
    auto day = writ::decision_date(pol, data, std::nullopt);
    const eval::Program* prog = w.policy->program_for(*day);
    auto verdict = eval::evaluate_explained(*prog, data, scratch);
    writ::Decision decision = writ::build_decision(*w.policy, *prog, data, scratch, *verdict,
                                                   writ::cal::format_date(*day), true);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

template <hw::Verdict (*Decide)(const hw::Case&, const writ::catalog::Catalog&, const hw::Lists&)>
void handwritten(benchmark::State& state, const std::vector<hw::Case>& cases) {
  const World& w = world();
  size_t i = 0;
  for (auto _ : state) {
    hw::Verdict v = Decide(cases[i++ & (kCases - 1)], *w.catalog, w.lists);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_decide_nyc_doc_handwritten(benchmark::State& state) {
  handwritten<hw::decide>(state, world().plain);
}

void BM_decide_nyc_doc_handwritten_all_actions(benchmark::State& state) {
  handwritten<hw::decide_all_actions>(state, world().plain);
}

void BM_decide_nyc_doc_handwritten_preresolved(benchmark::State& state) {
  handwritten<hw::decide_preresolved>(state, world().preresolved);
}

void BM_engine_decide_json(benchmark::State& state) {
  const World& w = world();
  size_t i = 0;
  for (auto _ : state) {
    auto decision = w.engine->decide(kPolicy, w.json[i++ & (kCases - 1)]);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_decode_case(benchmark::State& state) {
  const World& w = world();
  const auto& pol = *w.policy->checked;
  size_t i = 0;
  for (auto _ : state) {
    auto data = writ::cases::decode_case(w.json[i++ & (kCases - 1)], pol, {}, w.catalog);
    benchmark::DoNotOptimize(data);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (w.json_bytes / kCases)));
}

void BM_engine_open(benchmark::State& state) {
  world();  // not timed; keeps the output order stable
  for (auto _ : state) {
    auto engine = open_engine();
    benchmark::DoNotOptimize(engine);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

struct Registration {
  const char* name;
  void (*fn)(benchmark::State&);
  benchmark::TimeUnit unit;
};
constexpr Registration kBenchmarks[] = {
    {"BM_decide_nyc_doc", BM_decide_nyc_doc, benchmark::kNanosecond},
    {"BM_decide_nyc_doc_explained", BM_decide_nyc_doc_explained, benchmark::kNanosecond},
    {"BM_decide_nyc_doc_handwritten", BM_decide_nyc_doc_handwritten, benchmark::kNanosecond},
    {"BM_decide_nyc_doc_handwritten_all_actions", BM_decide_nyc_doc_handwritten_all_actions,
     benchmark::kNanosecond},
    {"BM_decide_nyc_doc_handwritten_preresolved", BM_decide_nyc_doc_handwritten_preresolved,
     benchmark::kNanosecond},
    {"BM_engine_decide_json", BM_engine_decide_json, benchmark::kMicrosecond},
    {"BM_decode_case", BM_decode_case, benchmark::kMicrosecond},
    {"BM_engine_open", BM_engine_open, benchmark::kMillisecond},
};

}  // namespace

int main(int argc, char** argv) {
  // Medians need repetitions: default to 5 unless the command line says otherwise.
  std::vector<char*> args(argv, argv + argc);
  bool has_repetitions = false;
  for (int i = 1; i < argc; ++i)
    has_repetitions |= std::strncmp(argv[i], "--benchmark_repetitions", 23) == 0;
  static char repetitions[] = "--benchmark_repetitions=5";
  if (!has_repetitions) args.push_back(repetitions);
  int n = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  // WRIT_BENCH_ITERATIONS=N runs every benchmark exactly N times (once): for instruction counts
  // under callgrind, where N / 1024 whole passes over the cases make the count per item exact.
  int64_t fixed = 0;
  if (const char* it = std::getenv("WRIT_BENCH_ITERATIONS"); it && *it) fixed = std::atoll(it);
  for (const Registration& r : kBenchmarks) {
    auto* b = benchmark::RegisterBenchmark(r.name, r.fn)->Unit(r.unit);
    if (fixed > 0) b->Iterations(fixed)->Repetitions(1);
  }
  // Generate, decode and cross-check before timing anything.
  const World& w = world();
  benchmark::AddCustomContext("nyc_doc_cases", w.summary);
  benchmark::AddCustomContext("nyc_doc_seed", std::to_string(kSeed));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
