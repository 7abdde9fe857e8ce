// `writ lint`: static checks of loaded policies beyond type checking. Every finding is a warning
// in the project's diagnostic style; none changes what the engine decides.
//
//   W0601 a rule whose `when` can never be true (contradictory comparisons of one fact)
//   W0602 an exception whose `when` can never be true
//   W0603 a rule, definition or notice in force in no version of its policy
//   W0604 two exceptions to one rule that can both apply with different values (with a witness
//         case, decided to confirm the conflict)
//   W0605 an input or record field a policy file declares that no loaded policy reads
//   W0606 a citation that is missing where it is shown (says texts without cite) or empty
//
// The reasoning is sound and incomplete: a condition is reported only when the conjunction of its
// comparisons of the same fact with constants (==, !=, <, <=, >, >=, in, not in, a bare or negated
// boolean fact) has no solution; anything it cannot read is assumed satisfiable.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "writ/engine.h"

namespace writ::lint {

struct LintResult {
  Diagnostics diags;
  // Informational: prelude fields no loaded policy reads ("subject.prior_removal").
  std::vector<std::string> unread_prelude_fields;
};

LintResult lint(const Engine& engine);

}  // namespace writ::lint
