#include "analysis/counterfactual.h"

#include "analysis/fewest_facts.h"

#include <fmt/format.h>

#include "analysis/analysis_setup.h"
#include "analysis/policy_diff.h"
#include "analysis/program_encoder.h"
#include "catalog/citation.h"

namespace writ::analysis {

using json = nlohmann::json;

std::string pointer_to_path(const std::string& pointer) {
  std::string out;
  size_t i = 1;
  while (i <= pointer.size()) {
    size_t j = pointer.find('/', i);
    if (j == std::string::npos) j = pointer.size();
    std::string part = pointer.substr(i, j - i);
    bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    if (index)
      out += "[" + part + "]";
    else
      out += (out.empty() ? "" : ".") + part;
    i = j + 1;
  }
  return out;
}

namespace {

// The decoder reads a record's `subdivision` as part of its `statute`; the analysis domain keeps
// it there, so fold it in (an unreadable pair stays unreadable).
void fold_subdivisions(json& j) {
  if (j.is_array()) {
    for (auto& x : j) fold_subdivisions(x);
    return;
  }
  if (!j.is_object()) return;
  auto st = j.find("statute");
  auto sub = j.find("subdivision");
  if (st != j.end() && sub != j.end() && st->is_string() && sub->is_string()) {
    if (!sub->get<std::string>().empty()) {
      auto c = catalog::normalize_citation(st->get<std::string>(), sub->get<std::string>());
      *st = c.ok() ? c->canonical() : std::string("unreadable citation");
    }
    j.erase("subdivision");
  }
  for (auto& [k, v] : j.items()) fold_subdivisions(v);
}

void collect_case_strings(const json& j, StringTable& t) {
  if (j.is_string()) {
    if (t.id_of(j.get<std::string>()) < 0) t.values.push_back(j.get<std::string>());
  } else if (j.is_structured()) {
    for (const auto& x : j) collect_case_strings(x, t);
  }
}

const json* at(const json& j, const std::string& pointer) {
  try {
    const json& v = j.at(json::json_pointer(pointer));
    return &v;
  } catch (const json::exception&) {
    return nullptr;
  }
}

// A unit of change: a leaf, or a list becoming known / growing. `same` holds when the model
// keeps the case's value.
struct Unit {
  const SpaceNode* node;
  z3::expr same;
};

class Pinner {
 public:
  Pinner(const CaseSpace& space, const json& c) : space_(space), case_(c) {}
  std::vector<Unit> units;
  std::vector<z3::expr> keep;  // facts that stay known
  std::string outside;         // a fact outside the domain, when not empty

  void visit(const SpaceNode& n) {
    const json* orig = at(case_, n.pointer);
    bool has = orig && !orig->is_null();
    switch (n.kind) {
      case SpaceNode::Kind::kLeaf: {
        if (!has) {
          units.push_back({&n, !n.known});
          return;
        }
        z3::expr v = n.v, off = n.off;
        if (!space_.encode(n, *orig, v, off)) {
          if (outside.empty()) outside = n.pointer;
          return;
        }
        z3::expr same = n.known && n.v == v;
        if (n.sk == SK::kDateTime) same = same && n.off == off;
        // What the request asks for is the question, not a fact that could be otherwise.
        if (n.pointer == "/request/kind") {
          keep.push_back(same);
          return;
        }
        keep.push_back(n.known);
        units.push_back({&n, same});
        return;
      }
      case SpaceNode::Kind::kRecord:
        if (has) keep.push_back(n.known);
        for (const auto& c : n.children) visit(c);
        return;
      case SpaceNode::Kind::kList: {
        int n0 = has && orig->is_array() ? static_cast<int>(orig->size()) : 0;
        if (has) {
          keep.push_back(n.known && n.len >= n0);
          units.push_back({&n, n.len == n0});
        } else {
          units.push_back({&n, !n.known});
        }
        for (const auto& c : n.children) visit(c);
        return;
      }
    }
  }

 private:
  const CaseSpace& space_;
  const json& case_;
};

// The changes a model makes, as pointer/value pairs (a new list or element as one value).
void changes_of(const CaseSpace& space, const SpaceNode& n, const json& c, const z3::model& m,
                std::vector<FactChange>& out) {
  const json* orig = at(c, n.pointer);
  bool has = orig && !orig->is_null();
  auto subtree = [&](const SpaceNode& x) { return space.node_json(x, m); };
  switch (n.kind) {
    case SpaceNode::Kind::kLeaf: {
      json now = space.leaf_json(n, m);
      if (!has && now.is_null()) return;
      if (has) {
        z3::expr v = n.v, off = n.off;
        if (space.encode(n, *orig, v, off)) {
          bool same = m.eval(n.known, true).is_true() && m.eval(n.v == v, true).is_true() &&
                      (n.sk != SK::kDateTime || m.eval(n.off == off, true).is_true());
          if (same) return;
        }
      }
      out.push_back({n.pointer, now});
      return;
    }
    case SpaceNode::Kind::kRecord:
      for (const auto& ch : n.children) changes_of(space, ch, c, m, out);
      return;
    case SpaceNode::Kind::kList: {
      if (!m.eval(n.known, true).is_true()) return;
      int64_t len = m.eval(n.len, true).get_numeral_int64();
      if (!has) {
        json arr = json::array();
        for (int64_t i = 0; i < len; ++i)
          arr.push_back(subtree(n.children[static_cast<size_t>(i)]));
        out.push_back({n.pointer, arr});
        return;
      }
      int64_t n0 = orig->is_array() ? static_cast<int64_t>(orig->size()) : 0;
      for (int64_t i = 0; i < len; ++i) {
        const SpaceNode& el = n.children[static_cast<size_t>(i)];
        if (i < n0)
          changes_of(space, el, c, m, out);
        else
          out.push_back({el.pointer, subtree(el)});
      }
      return;
    }
  }
}

json apply_changes(json c, const std::vector<FactChange>& changes) {
  for (const auto& ch : changes) c[json::json_pointer(ch.pointer)] = ch.value;
  return c;
}

}  // namespace

Result<ExplainReport> explain_case(const Engine& engine, const std::string& policy_id,
                                   const std::string& case_json, const ExplainOptions& options) {
  DecideOptions dopts;
  dopts.as_of = options.as_of;
  auto decision = engine.decide(policy_id, case_json, dopts);
  if (!decision) return decision.error();
  ExplainReport report;
  report.decision = *decision;
  auto v = resolve_version(engine, policy_id + "@" + decision->as_of, std::nullopt);
  if (!v) return v.error();
  json c;
  try {
    c = json::parse(case_json);
  } catch (const json::exception& e) {
    return make_error(ErrorCode::kInvalidInput, fmt::format("/: not valid JSON: {}", e.what()));
  }
  fold_subdivisions(c);
  try {
    configure_solver();
    z3::context ctx;
    StringTable strings = collect_strings({v->program});
    collect_case_strings(c, strings);
    CitationClasses cites(engine.impl().catalog, collect_lists({v->program}));
    CaseSpace space(ctx, *v->policy->checked, strings, cites, [&](const std::string& p) {
      const json* x = at(c, p);
      return (x && x->is_array() ? static_cast<int>(x->size()) : 0) + 1;
    });
    report.domain = describe_domain(cites, strings, 1);
    std::vector<z3::expr> axioms;
    SymVerdict sv = ProgramEncoder(*v->program, space, axioms).verdict();
    const std::vector<z3::expr> domain = space.domain();
    Pinner pin(space, c);
    pin.visit(space.tree());
    if (!pin.outside.empty()) {
      // Outside the modelled domain (e.g. a date before 1900): no counterfactuals, only the
      // decision.
      report.domain = fmt::format(
          "the case's {} lies outside the analysis domain; no "
          "counterfactuals were computed",
          pin.outside);
      return report;
    }
    const std::string& now = decision->outcome;
    // One solver for every query (the case pinned, each outcome pushed in turn); the fewest
    // changes by the upward cardinality search of fewest_true.
    z3::solver solver(ctx);
    z3::params params(ctx);
    params.set("timeout", 10000u);
    solver.set(params);
    for (const auto& e : domain) solver.add(e);
    for (const auto& e : axioms) solver.add(e);
    for (const auto& e : pin.keep) solver.add(e);
    std::vector<z3::expr> changed;
    for (const auto& u : pin.units) changed.push_back(!u.same);
    SolverTrace trace;
    for (int target : {kHonor, kDecline, kReview}) {
      if (outcome_name(target) == now) continue;
      z3::expr goal = !sv.error && sv.outcome == target;
      for (int alt = 0; alt < options.per_outcome; ++alt) {
        auto found = fewest_true(solver, goal, changed, trace, outcome_name(target));
        if (!found || !*found) break;  // none, or the solver gave up: no more alternatives
        z3::model m = **found;
        Counterfactual cf;
        cf.outcome = outcome_name(target);
        changes_of(space, space.tree(), c, m, cf.changes);
        // The next alternative is not a superset of this one: it keeps one of these facts.
        z3::expr block = ctx.bool_val(false);
        for (const auto& u : pin.units) {
          if (!m.eval(u.same, true).is_true()) block = block || u.same;
        }
        goal = goal && block;
        Decided d = decide_as(engine, *v, apply_changes(c, cf.changes));
        cf.reproduced = d.decision && d.decision->outcome == cf.outcome;
        report.counterfactuals.push_back(std::move(cf));
      }
    }
  } catch (const Unsupported& e) {
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("writ explain cannot analyse this policy: {}", e.what()));
  } catch (const z3::exception& e) {
    return make_error(ErrorCode::kInternal, fmt::format("solver error: {}", e.msg()));
  }
  return report;
}

std::string explain_json(const ExplainReport& r) {
  nlohmann::ordered_json out;
  out["decision"] = nlohmann::ordered_json::parse(to_json(r.decision, -1));
  auto arr = nlohmann::ordered_json::array();
  for (const auto& cf : r.counterfactuals) {
    nlohmann::ordered_json x;
    x["outcome"] = cf.outcome;
    auto changes = nlohmann::ordered_json::array();
    for (const auto& ch : cf.changes) {
      nlohmann::ordered_json y;
      y["pointer"] = ch.pointer;
      y["value"] = ch.value;
      changes.push_back(y);
    }
    x["changes"] = changes;
    x["reproduced"] = cf.reproduced;
    arr.push_back(x);
  }
  out["counterfactuals"] = arr;
  out["domain"] = r.domain;
  return out.dump(2) + "\n";
}

std::string explain_text(const ExplainReport& r) {
  std::string out = to_memo(r.decision);
  out += "\nWhat would change the outcome (smallest changes of fact, computed and re-decided):\n";
  if (r.counterfactuals.empty()) out += "  nothing within the analysis domain\n";
  for (const auto& cf : r.counterfactuals) {
    std::string parts;
    for (const auto& ch : cf.changes) {
      parts += fmt::format("{}{} were {}", parts.empty() ? "" : " and ",
                           pointer_to_path(ch.pointer), ch.value.dump());
    }
    out += fmt::format("  - {} if {}{}\n", cf.outcome, parts.empty() ? "nothing changed" : parts,
                       cf.reproduced ? "" : " [not reproduced by the engine]");
  }
  return out;
}

}  // namespace writ::analysis
