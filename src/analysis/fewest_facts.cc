#include "analysis/fewest_facts.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

namespace writ::analysis {

SolverTrace::SolverTrace()
    : on_(std::getenv("WRIT_ANALYSIS_TRACE") != nullptr), last_(std::chrono::steady_clock::now()) {}

void SolverTrace::step(std::string_view what, z3::check_result r) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(now - last_).count();
  last_ = now;
  std::fputs(fmt::format("writ-trace: {:8.1f} ms  {}: {}\n", ms, what,
                         r == z3::sat     ? "sat"
                         : r == z3::unsat ? "unsat"
                                          : "unknown")
                 .c_str(),
             stderr);
}

Result<std::optional<z3::model>> fewest_facts(z3::solver& solver, const z3::expr& goal,
                                              const CaseSpace& space, SolverTrace& trace,
                                              std::string_view what,
                                              const std::optional<z3::model>& known) {
  return fewest_true(solver, goal, space.facts_set(), trace, what, known);
}

Result<std::optional<z3::model>> fewest_true(z3::solver& solver, const z3::expr& goal,
                                             const std::vector<z3::expr>& indicators,
                                             SolverTrace& trace, std::string_view what,
                                             const std::optional<z3::model>& known) {
  z3::context& ctx = solver.ctx();
  auto gave_up = [&] {
    std::string why = solver.reason_unknown();
    solver.pop();
    return make_error(ErrorCode::kInternal, fmt::format("the solver gave up: {}", why));
  };
  solver.push();
  solver.add(goal);
  z3::expr_vector facts(ctx);
  for (const auto& f : indicators) facts.push_back(f);
  auto cost = [&](const z3::model& m) {
    int64_t n = 0;
    for (const auto& f : indicators) n += m.eval(f, true).is_true() ? 1 : 0;
    return n;
  };
  std::optional<z3::model> best;
  if (known && known->eval(goal, true).is_true()) best = *known;
  const int64_t facts_count = static_cast<int64_t>(facts.size());
  // Bounds from 0 up: the first that admits a case is the minimum (every smaller one was
  // refuted). Small bounds are cheap to refute; past kProbe without a case, one unbounded query
  // settles whether there is any case at all, and its cost caps the rest of the search.
  constexpr int64_t kProbe = 8;
  int64_t limit = best ? cost(*best) : facts_count + 1;
  for (int64_t k = 0; k < limit; ++k) {
    if (k == kProbe && !best) {
      z3::check_result r = solver.check();
      trace.step(fmt::format("{}: some case", what), r);
      if (r == z3::unknown) return gave_up();
      if (r == z3::unsat) break;
      best = solver.get_model();
      limit = cost(*best);
      if (k >= limit) break;
    }
    z3::expr bound = ctx.bool_const(fmt::format("at-most|{}|{}", what, k).c_str());
    solver.add(z3::implies(bound, z3::atmost(facts, static_cast<unsigned>(k))));
    z3::check_result r = solver.check(1, &bound);
    trace.step(fmt::format("{}: at most {} facts", what, k), r);
    if (r == z3::unknown) return gave_up();
    if (r == z3::sat) {
      best = solver.get_model();
      break;
    }
  }
  solver.pop();
  return best;
}

}  // namespace writ::analysis
