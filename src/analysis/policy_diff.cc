#include "analysis/policy_diff.h"

#include <fmt/format.h>

#include "analysis/fewest_facts.h"
#include "analysis/program_encoder.h"

namespace writ::analysis {

using json = nlohmann::json;

Decided decide_as(const Engine& engine, const VersionRef& v, const json& c) {
  DecideOptions opts;
  opts.as_of = v.as_of;
  auto d = engine.decide(v.policy->id, c.dump(), opts);
  Decided out;
  if (d)
    out.decision = std::move(*d);
  else
    out.error = d.error().message;
  return out;
}

namespace {

const ActionDecision* find_action(const Decision& d, const std::string& name) {
  for (const auto& a : d.actions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string action_text(const ActionDecision& a) {
  std::string s = fmt::format("{} {}", a.name,
                              !a.permitted   ? "unknown"
                              : *a.permitted ? "true"
                                             : "false");
  if (a.permitted && *a.permitted && a.has_until)
    s += a.until ? fmt::format(" until {}", *a.until) : " until (unknown)";
  if (!a.requested) s += " (not requested)";
  return s;
}

std::string verdict_text(const Decided& d, const std::string& what) {
  if (!d.decision) return fmt::format("error: {}", d.error);
  std::string s = d.decision->outcome;
  if (what != "error") {
    if (const auto* a = find_action(*d.decision, what)) s += "; " + action_text(*a);
  }
  return s;
}

// The reasons that bear on `what`: every cited definition evaluated and the rules deciding it.
std::vector<std::string> reasons_for(const Decided& d, const std::string& what) {
  std::vector<std::string> out;
  if (!d.decision) return out;
  for (const auto& r : d.decision->reasons) {
    bool decides = r.kind != "rule";
    for (const auto& x : r.decides) decides |= x == what || x == what + ".until";
    if (!decides) continue;
    std::string value = r.kind == "rule"   ? "applies"
                        : !r.value.empty() ? r.value
                        : !r.holds         ? "unknown"
                        : *r.holds         ? "true"
                                           : "false";
    out.push_back(fmt::format("{} ({}): {} [{}]", r.rule, value, r.because, r.cite));
  }
  return out;
}

}  // namespace

std::string describe_difference(const std::string& what, const Decided& a, const Decided& b) {
  if (!a.decision || !b.decision) {
    if (!a.decision && !b.decision) return "";
    return what == "error" ? fmt::format("{} / {}", verdict_text(a, what), verdict_text(b, what))
                           : "";
  }
  if (what == "error") return "";
  const auto* x = find_action(*a.decision, what);
  const auto* y = find_action(*b.decision, what);
  if (!x || !y) return "";
  if (!x->requested && !y->requested) return "";
  bool differ =
      x->requested != y->requested || x->permitted != y->permitted ||
      (x->permitted && *x->permitted && (x->has_until != y->has_until || x->until != y->until));
  if (!differ) return "";
  return fmt::format("{} / {}", action_text(*x), action_text(*y));
}

Result<DiffReport> diff_versions(const Engine& engine, const VersionRef& a, const VersionRef& b,
                                 const DiffOptions& options) {
  auto same = same_inputs(*a.policy->checked, *b.policy->checked);
  if (!same) return same.error();
  DiffReport report;
  report.a = a.label;
  report.b = b.label;
  try {
    configure_solver();
    z3::context ctx;
    std::vector<const eval::Program*> programs{a.program, b.program};
    StringTable strings = collect_strings(programs);
    CitationClasses cites(engine.impl().catalog, collect_lists(programs));
    const int k = std::max(0, options.max_elements);
    CaseSpace space(ctx, *a.policy->checked, strings, cites, [k](const std::string&) { return k; });
    report.domain = describe_domain(cites, strings, k);
    std::vector<z3::expr> axioms;
    Reads reads;
    SymVerdict va = ProgramEncoder(*a.program, space, axioms, &reads).verdict();
    SymVerdict vb = ProgramEncoder(*b.program, space, axioms, &reads).verdict();
    const std::vector<z3::expr> domain = space.domain(reads);

    struct Category {
      std::string what;
      z3::expr differs;
    };
    std::vector<Category> cats;
    cats.push_back({"error", va.error != vb.error});
    z3::expr both_ok = !va.error && !vb.error;
    auto cls = [&](const SVal& p) {
      return z3::ite(is_true(p), ctx.int_val(0),
                     z3::ite(is_false(p), ctx.int_val(1), ctx.int_val(2)));
    };
    for (size_t i = 0; i < va.actions.size(); ++i) {
      const SymAction& x = va.actions[i];
      const SymAction& y = vb.actions[i];
      z3::expr until_alike = x.until.known == y.until.known &&
                             z3::implies(x.until.known, same_value(x.until, y.until));
      z3::expr d = x.requested != y.requested || cls(x.permitted) != cls(y.permitted) ||
                   (is_true(x.permitted) && is_true(y.permitted) && !until_alike);
      cats.push_back({x.name, both_ok && (x.requested || y.requested) && d});
    }

    // One solver for every query: the domain and axioms are asserted once, each action's
    // difference is pushed in turn, and the learned facts carry over.
    z3::solver solver(ctx);
    for (const auto& e : domain) solver.add(e);
    for (const auto& e : axioms) solver.add(e);
    SolverTrace trace;
    z3::expr some = ctx.bool_val(false);
    for (const auto& c : cats) some = some || c.differs;
    // First the smallest case of any difference: small bounds find one quickly when the versions
    // differ; only when none has few facts does one unbounded query decide equivalence.
    auto first = fewest_facts(solver, some, space, trace, "any difference");
    if (!first) return first.error();
    if (!*first) {
      report.equivalent = true;
      return report;
    }
    // Each smallest case found may show other actions differing too: it bounds their search.
    std::vector<z3::model> seen{**first};
    for (const auto& c : cats) {
      std::optional<z3::model> known;
      for (const auto& m : seen) {
        if (m.eval(c.differs, true).is_true() &&
            (!known || m.eval(space.cost(), true).get_numeral_int64() <
                           known->eval(space.cost(), true).get_numeral_int64()))
          known = m;
      }
      auto found = fewest_facts(solver, c.differs, space, trace, c.what, known);
      if (!found) return found.error();
      if (!*found) continue;
      const z3::model& m = **found;
      seen.push_back(m);
      DiffCase dc;
      dc.what = c.what;
      dc.case_json = space.to_json(m, fmt::format("diff-{}", c.what));
      dc.facts = static_cast<int>(m.eval(space.cost(), true).get_numeral_int64());
      dc.a = decide_as(engine, a, dc.case_json);
      dc.b = decide_as(engine, b, dc.case_json);
      dc.reproduced = !describe_difference(c.what, dc.a, dc.b).empty();
      report.cases.push_back(std::move(dc));
    }
  } catch (const Unsupported& e) {
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("writ diff cannot analyse this policy: {}", e.what()));
  } catch (const z3::exception& e) {
    return make_error(ErrorCode::kInternal, fmt::format("solver error: {}", e.msg()));
  }
  return report;
}

std::string render_diff(const DiffReport& r, const std::vector<std::string>& files) {
  std::string out;
  if (r.equivalent) {
    out += fmt::format("{} and {} decide every case the same way (proved).\n", r.a, r.b);
    out += fmt::format("Domain: {}.\n", r.domain);
    return out;
  }
  out += fmt::format("{} and {} differ: {} decision{} with a counterexample.\n", r.a, r.b,
                     r.cases.size(), r.cases.size() == 1 ? "" : "s");
  out += fmt::format("Domain: {}.\n", r.domain);
  for (size_t i = 0; i < r.cases.size(); ++i) {
    const auto& c = r.cases[i];
    out += fmt::format("\n{} — a smallest case ({} fact{} set){}:\n", c.what, c.facts,
                       c.facts == 1 ? "" : "s",
                       c.reproduced ? "" : " [NOT reproduced by the engine: an abstraction]");
    out += "  " + c.case_json.dump() + "\n";
    for (int side = 0; side < 2; ++side) {
      const Decided& d = side == 0 ? c.a : c.b;
      out += fmt::format("  {}: {}\n", side == 0 ? r.a : r.b, verdict_text(d, c.what));
      for (const auto& reason : reasons_for(d, c.what)) out += "      " + reason + "\n";
    }
    if (i < files.size() && !files[i].empty()) out += fmt::format("  written to {}\n", files[i]);
  }
  return out;
}

}  // namespace writ::analysis
