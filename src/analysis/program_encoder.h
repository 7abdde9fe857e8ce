// Translates a compiled policy version (eval::Program) into Z3 terms over a CaseSpace: for every
// action, whether it is requested, its permission and its time bound, the outcome, and whether
// deciding fails with a conflict. The translation follows the evaluator node by node (Kleene
// logic, `none`, default-logic rule trees), so a model of the terms is a case the engine decides
// the way the terms say. Constructs it does not cover raise Unsupported.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

#include "analysis/case_space.h"
#include "analysis/symbolic.h"
#include "eval/program.h"

namespace writ::analysis {

struct SymAction {
  std::string name;
  z3::expr requested;
  SVal permitted;
  SVal until;  // meaningful when permitted is true
};

struct SymVerdict {
  z3::expr error;    // deciding stops with a conflict between exceptions
  z3::expr outcome;  // 0 honor, 1 decline, 2 review (when !error)
  std::vector<SymAction> actions;
};

inline constexpr int kHonor = 0, kDecline = 1, kReview = 2;
const char* outcome_name(int64_t o);

// Tri-valued views of a symbolic boolean.
z3::expr is_true(const SVal& b);
z3::expr is_false(const SVal& b);
// Two known values are the same (the evaluator's same_value).
z3::expr same_value(const SVal& a, const SVal& b);

class ProgramEncoder {
 public:
  // Side conditions the abstraction of business_hours_after adds go to `axioms`.
  // Fields the translation reads are added to `reads` when given.
  ProgramEncoder(const eval::Program& p, const CaseSpace& space, std::vector<z3::expr>& axioms,
                 Reads* reads = nullptr);
  SymVerdict verdict();

 private:
  struct Tree {
    z3::expr applies_true, applies_unknown;
    SVal value;
    z3::expr conflict;
  };

  SVal run(uint32_t n);
  SVal constant(const eval::Value& v);
  SVal unknown(SK kind = SK::kAny) const;
  SVal boolean(const z3::expr& known, const z3::expr& v) const;
  SVal merge(const z3::expr& c, const SVal& x, const SVal& y) const;
  SVal field(const SVal& obj, uint32_t k, bool subdivision_ok = false);
  void find_subdivision_positions();
  SVal def(uint32_t g);
  SVal call_def(const eval::Node& node);
  SVal logic(const eval::Node& node, bool is_or);
  SVal compare(const eval::Node& node);
  SVal arith(const eval::Node& node);
  SVal shift(const SVal& a, const eval::Duration& d, int sign);
  SVal member(const eval::Node& node);
  SVal quantify(const eval::Node& node, bool is_exists);
  SVal aggregate(const eval::Node& node);
  SVal comprehension(const eval::Node& node);
  void comp_level(const eval::Node& node, uint32_t level, const z3::expr& path, SList& out,
                  z3::expr& unknown);
  SVal builtin(const eval::Node& node);
  SVal listed(const eval::Node& node);
  SVal covered_days(const eval::Node& node);
  SVal business_hours_after(const eval::Node& node);
  Tree target(uint32_t t);
  Tree rule(uint32_t idx);
  Tree combine(const std::vector<uint32_t>& kids, const eval::RuleCode* self);
  SVal condition(const eval::RuleCode& rc);
  SVal target_value(const Tree& t) const;

  const eval::Program& p_;
  const CaseSpace& space_;
  z3::context& c_;
  std::vector<z3::expr>& axioms_;
  Reads* reads_;
  std::vector<std::optional<SVal>> locals_;
  std::map<uint32_t, SVal> defs_;
  std::map<uint32_t, SVal> conds_;
  // Nodes whose value only ever reaches the subdivision argument of listed() (which the
  // evaluator does not decide on): a subdivision may be read there.
  std::vector<char> subdivision_ok_;
};

}  // namespace writ::analysis
