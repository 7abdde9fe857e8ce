// Differential test of the batch (columnar) evaluator against the per-case evaluator.
//
// For every bundled NYC policy, generated NYC detainer cases (bench/nyc_doc_cases.h) are perturbed
// (request kinds and agencies varied, fields removed or set to null at random, so that many facts
// are unknown) and decided both ways: eval::evaluate on each decoded case, and
// batch::decide_cases over the columns of all the cases a policy version decides. Outcome and
// every action's `permitted` must agree on every case. WRIT_BATCH_TEST_CASES sets the number of
// cases per policy (default 100,000).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cases/case_decoder.h"
#include "engine/engine_impl.h"
#include "eval/batch_evaluator.h"
#include "nyc_doc_cases.h"
#include "writ/engine.h"

namespace writ {
namespace {

namespace batch = eval::batch;
using nlohmann::json;

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// Removes fields or sets them to null with probability p (never the format, id or the request's
// presentation time, which pick the policy version), recursively.
void perturb(json& j, Rng& r, double p, bool top) {
  if (j.is_object()) {
    std::vector<std::string> drop, nulls;
    for (auto& [k, v] : j.items()) {
      if (top && (k == "format" || k == "id" || k == "request")) {
        perturb(v, r, p, false);
        continue;
      }
      if (k == "presented_at" && top == false && j.contains("kind")) continue;
      if (r.chance(p)) {
        (r.chance(0.5) ? drop : nulls).push_back(k);
      } else {
        perturb(v, r, p, false);
      }
    }
    for (const auto& k : drop) j.erase(k);
    for (const auto& k : nulls) j[k] = nullptr;
  } else if (j.is_array()) {
    for (auto& v : j) {
      if (r.chance(p / 4)) {
        v = nullptr;
      } else {
        perturb(v, r, p, false);
      }
    }
  }
}

json vary(const std::string& text, Rng& r) {
  json j = json::parse(text);
  static const char* kinds[] = {"detainer", "notification", "transfer", "information", "interview"};
  static const char* agencies[] = {"ICE", "CBP", "DHS", "USCIS", "FBI", ""};
  if (r.chance(0.3)) j["request"]["kind"] = kinds[r.below(5)];
  if (r.chance(0.2)) j["request"]["from"] = agencies[r.below(6)];
  if (r.chance(0.6)) perturb(j, r, r.chance(0.5) ? 0.02 : 0.1, true);
  return j;
}

eval::Tri tri(const eval::Value& v) {
  using eval::Tri;
  return v.kind == eval::VKind::kBool ? (v.b ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
}

// 100,000 per policy in the optimized build; the sanitizer build (10-30x slower) checks fewer,
// since the release build has already compared the full set. WRIT_BATCH_TEST_CASES overrides.
#ifndef WRIT_BATCH_TEST_DEFAULT_CASES
#define WRIT_BATCH_TEST_DEFAULT_CASES 100000
#endif
size_t cases_per_policy() {
  const char* e = std::getenv("WRIT_BATCH_TEST_CASES");
  return e && *e ? static_cast<size_t>(std::strtoull(e, nullptr, 10))
                 : WRIT_BATCH_TEST_DEFAULT_CASES;
}

struct Totals {
  size_t decided = 0, fallback = 0, undecodable = 0, disagree = 0;
  std::map<eval::Outcome, size_t> outcomes;
};

// Decides `cases` (all in force under `prog`) both ways and compares.
void compare(const eval::Program& prog, const batch::BatchProgram& bp,
             const std::vector<std::unique_ptr<eval::CaseData>>& cases, Totals& t, size_t chunk,
             eval::Actions which) {
  std::vector<const eval::CaseData*> ptrs;
  for (const auto& c : cases) ptrs.push_back(c.get());
  batch::BatchOutput out;
  if (chunk == batch::kDefaultChunk && which == eval::Actions::kAll) {
    t.fallback += batch::decide_cases(bp, ptrs, out);
  } else {
    batch::ColumnStore store = bp.make_store();
    for (const auto* c : ptrs) store.add(*c);
    batch::BatchScratch scratch;
    batch::evaluate_columns(bp, store, 0, store.cases(), scratch, out, chunk, which);
  }
  eval::Scratch s;
  for (size_t i = 0; i < cases.size(); ++i) {
    auto v = eval::evaluate(prog, *cases[i], s);
    ++t.decided;
    if (!v) {
      EXPECT_TRUE(out.fallback[i]) << cases[i]->id << ": " << v.error().message;
      continue;
    }
    if (out.fallback[i] && (chunk != batch::kDefaultChunk || which != eval::Actions::kAll))
      continue;
    ++t.outcomes[v->outcome];
    bool same = out.outcome[i] == v->outcome;
    for (size_t a = 0; a < out.actions; ++a) {
      // With Actions::kRequested only the actions the case asks for are compared.
      if (which == eval::Actions::kRequested && !v->actions[a].requested) continue;
      same = same && out.permitted[i * out.actions + a] == tri(v->actions[a].permitted.value);
    }
    if (!same) {
      ++t.disagree;
      if (t.disagree <= 5) {
        std::string acts;
        for (size_t a = 0; a < out.actions; ++a) {
          acts += " " + prog.policy->actions[a].name + "=" +
                  std::to_string(static_cast<int>(out.permitted[i * out.actions + a])) + "/" +
                  std::to_string(static_cast<int>(tri(v->actions[a].permitted.value)));
        }
        ADD_FAILURE() << cases[i]->id << " (version " << prog.version << "): batch outcome "
                      << static_cast<int>(out.outcome[i]) << ", per-case "
                      << static_cast<int>(v->outcome) << ";" << acts;
      }
    }
  }
}

class BatchEval : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions o;
    o.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(o);
    ASSERT_TRUE(e) << e.error().message;
    engine_ = (*e).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }

  // Runs `n` perturbed cases through each policy of `ids` (the same cases for each), in groups
  // of 4096, deciding by column in chunks of `chunk`.
  static std::map<std::string, Totals> run(const std::vector<std::string>& ids, size_t n,
                                           uint64_t seed, size_t chunk,
                                           eval::Actions which = eval::Actions::kAll) {
    const auto& impl = engine_->impl();
    std::map<std::string, Totals> totals;
    std::vector<const LoadedPolicy*> pols;
    std::map<const eval::Program*, std::unique_ptr<batch::BatchProgram>> compiled;
    for (const auto& id : ids) {
      const LoadedPolicy* pol = impl.find(id);
      EXPECT_NE(pol, nullptr) << id;
      if (!pol) return totals;
      pols.push_back(pol);
      for (const auto& prog : pol->programs) {
        auto bp = batch::compile_batch(*prog);
        EXPECT_EQ(bp->unsupported, "") << id << " " << prog->version;
        compiled[prog.get()] = std::move(bp);
      }
    }
    Rng r{seed};
    constexpr size_t kGroup = 4096;
    for (size_t done = 0; done < n; done += kGroup) {
      const size_t m = std::min(kGroup, n - done);
      std::vector<std::string> texts;
      for (const auto& g : bench::generate_nyc_doc_cases(m, seed + done)) {
        texts.push_back(vary(bench::to_case_json(g), r).dump());
      }
      for (const LoadedPolicy* pol : pols) {
        Totals& t = totals[pol->id];
        std::map<const eval::Program*, std::vector<std::unique_ptr<eval::CaseData>>> by_prog;
        for (const auto& text : texts) {
          auto data = cases::decode_case(text, *pol->checked, {}, &impl.catalog);
          if (!data) {
            ++t.undecodable;
            continue;
          }
          auto day = decision_date(*pol->checked, **data, std::nullopt);
          const eval::Program* prog = day ? pol->program_for(*day) : nullptr;
          if (!prog) {
            ++t.undecodable;
            continue;
          }
          by_prog[prog].push_back(std::move(*data));
        }
        for (auto& [prog, cases] : by_prog) compare(*prog, *compiled[prog], cases, t, chunk, which);
      }
    }
    return totals;
  }

  static void report(const std::string& id, const Totals& t) {
    std::printf(
        "%s: %zu cases decided both ways (%zu honor, %zu decline, %zu review), %zu (%.3f%%) "
        "by the per-case fallback, %zu perturbed cases not decodable or before the policy; %zu "
        "disagreements\n",
        id.c_str(), t.decided,
        t.outcomes.count(eval::Outcome::kHonor) ? t.outcomes.at(eval::Outcome::kHonor) : 0,
        t.outcomes.count(eval::Outcome::kDecline) ? t.outcomes.at(eval::Outcome::kDecline) : 0,
        t.outcomes.count(eval::Outcome::kReview) ? t.outcomes.at(eval::Outcome::kReview) : 0,
        t.fallback,
        t.decided ? 100.0 * static_cast<double>(t.fallback) / static_cast<double>(t.decided) : 0.0,
        t.undecodable, t.disagree);
  }

  static Engine* engine_;
};

Engine* BatchEval::engine_ = nullptr;

TEST_F(BatchEval, EveryNycPolicyAgreesWithThePerCaseEvaluator) {
  std::vector<std::string> ids;
  for (const auto& p : engine_->impl().policies) {
    if (p->id.rfind("nyc-", 0) == 0) ids.push_back(p->id);
  }
  ASSERT_GE(ids.size(), 3u);
  const size_t n = cases_per_policy();
  auto totals = run(ids, n, 20260129, batch::kDefaultChunk);
  for (const auto& id : ids) {
    const Totals& t = totals[id];
    report(id, t);
    EXPECT_EQ(t.disagree, 0u) << id;
    // Probation's policy starts in force on 2017-12-01: earlier requests have no version.
    EXPECT_GE(t.decided, n / 2) << id;
    // All three outcomes and many unknowns are exercised.
    EXPECT_GT(t.outcomes.at(eval::Outcome::kHonor), 0u) << id;
    EXPECT_GT(t.outcomes.at(eval::Outcome::kDecline), 0u) << id;
    EXPECT_GT(t.outcomes.at(eval::Outcome::kReview), n / 20) << id;
  }
}

// Chunk boundaries (odd sizes, one case per chunk) change nothing; neither does deciding only the
// requested actions (Actions::kRequested: outcome and requested actions compared).
TEST_F(BatchEval, ChunkSizeAndRequestedActionsDoNotMatter) {
  for (size_t chunk : {1u, 7u, 100u}) {
    for (auto which : {eval::Actions::kAll, eval::Actions::kRequested}) {
      Totals t = run({"nyc-doc"}, 2000, 77 + chunk, chunk, which)["nyc-doc"];
      EXPECT_EQ(t.disagree, 0u) << "chunk " << chunk;
      EXPECT_GT(t.decided, 1500u);
    }
  }
}

}  // namespace
}  // namespace writ
