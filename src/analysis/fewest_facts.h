// The smallest case: a model of the domain and a goal with the fewest facts set (the measure of
// CaseSpace::cost), found by asking for at most 0, 1, 2, ... facts in turn on one incremental
// solver. Each bound below the answer is refuted, so the answer is a true minimum; small bounds
// are refuted quickly (the cardinality constraint fixes most facts absent at once). After a few
// bounds without a case, one unbounded query decides whether there is any, and caps the search.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <z3++.h>

#include "analysis/case_space.h"
#include "writ/result.h"

namespace writ::analysis {

// Times of the solver's queries on stderr when WRIT_ANALYSIS_TRACE is set (to see where the time
// of an analysis goes).
class SolverTrace {
 public:
  SolverTrace();
  void step(std::string_view what, z3::check_result r);

 private:
  bool on_ = false;
  std::chrono::steady_clock::time_point last_;
};

// A model of `solver`'s assertions and `goal` with the fewest facts set, or nullopt when there is
// none. `known` (optional) is a model of the assertions found earlier: when it satisfies `goal`
// too, it bounds the search and the unbounded query is skipped. `solver` is left with the
// assertions it had. An error when the solver gives up.
Result<std::optional<z3::model>> fewest_facts(z3::solver& solver, const z3::expr& goal,
                                              const CaseSpace& space, SolverTrace& trace,
                                              std::string_view what,
                                              const std::optional<z3::model>& known = {});

// The same search for any measure: the fewest of `indicators` true (fewest_facts uses
// CaseSpace::facts_set; `writ explain` the facts changed).
Result<std::optional<z3::model>> fewest_true(z3::solver& solver, const z3::expr& goal,
                                             const std::vector<z3::expr>& indicators,
                                             SolverTrace& trace, std::string_view what,
                                             const std::optional<z3::model>& known = {});

}  // namespace writ::analysis
