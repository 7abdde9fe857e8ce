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
  z3::context& ctx = solver.ctx();
  auto gave_up = [&] {
    std::string why = solver.reason_unknown();
    solver.pop();
    return make_error(ErrorCode::kInternal, fmt::format("the solver gave up: {}", why));
  };
  solver.push();
  solver.add(goal);
  z3::check_result r = z3::sat;
  std::optional<z3::model> start;
  if (known && known->eval(goal, true).is_true()) {
    start = *known;
  } else {
    r = solver.check();
    trace.step(fmt::format("{}: some case", what), r);
    if (r == z3::unknown) return gave_up();
    if (r == z3::unsat) {
      solver.pop();
      return std::optional<z3::model>();
    }
    start = solver.get_model();
  }
  z3::model best = *start;
  const int64_t first = best.eval(space.cost(), true).get_numeral_int64();
  z3::expr_vector facts(ctx);
  for (const auto& f : space.facts_set()) facts.push_back(f);
  // Bounds from 0 up: the first that admits a case is the minimum (every smaller one was refuted).
  for (int64_t k = 0; k < first; ++k) {
    z3::expr bound = ctx.bool_const(fmt::format("at-most|{}|{}", what, k).c_str());
    solver.add(z3::implies(bound, z3::atmost(facts, static_cast<unsigned>(k))));
    r = solver.check(1, &bound);
    trace.step(fmt::format("{}: at most {} facts", what, k), r);
    if (r == z3::unknown) return gave_up();
    if (r == z3::sat) {
      best = solver.get_model();
      break;
    }
  }
  solver.pop();
  return std::optional<z3::model>(std::move(best));
}

}  // namespace writ::analysis
