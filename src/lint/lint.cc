#include "lint/lint.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "calendar/civil.h"
#include "cases/case_decoder.h"
#include "engine/engine_impl.h"

namespace writ::lint {
namespace {

using check::CheckedPolicy;
using check::RefKind;
using syntax::Expr;
using syntax::ExprId;
using syntax::ExprKind;
using syntax::kNoExpr;

// A constant a fact is compared with: a number (int, or a date as days) or a discrete value.
struct Lit {
  bool numeric = false;
  int64_t n = 0;
  std::string s;        // discrete: "true", "false", "\"text\"", or an enum member name
  nlohmann::json json;  // the value as a case would carry it
};

// What the conjuncts of a condition require of one fact.
struct Range {
  std::optional<int64_t> lo, hi;  // inclusive
  std::set<int64_t> ne_num;
  std::optional<std::set<std::string>> allowed;  // discrete values it may take
  std::set<std::string> ne;
  std::optional<std::set<int64_t>> allowed_num;
  std::vector<std::string> why;  // the comparisons, as written
  bool bad_mix = false;          // compared as a number and as a discrete value: give up
};

struct Atom {
  std::string path;
  std::vector<std::string> path_parts;
  ExprKind op;            // kEq kNe kLt kLe kGt kGe kIn (negated in -> kNe per member)
  std::vector<Lit> lits;  // one, or the list of `in`
  bool negated_in = false;
  Span span;
};

class ConditionReader {
 public:
  ConditionReader(const CheckedPolicy& p, uint32_t module) : p_(p), m_(module) {}

  // Splits `e` into conjuncts; returns false if some conjunct is not a readable atom (the
  // readable ones are still in `atoms`).
  bool read(ExprId e, std::vector<Atom>& atoms, bool negate = false) {
    const Expr& x = ex(e);
    if (!negate && x.kind == ExprKind::kAnd) {
      bool a = read(x.a, atoms);
      bool b = read(x.b, atoms);
      return a && b;
    }
    if (negate && x.kind == ExprKind::kOr) {  // not (a or b) = not a and not b
      bool a = read(x.a, atoms, true);
      bool b = read(x.b, atoms, true);
      return a && b;
    }
    if (x.kind == ExprKind::kNot) return read(x.a, atoms, !negate);
    Atom at;
    at.span = x.span;
    switch (x.kind) {
      case ExprKind::kEq:
      case ExprKind::kNe:
      case ExprKind::kLt:
      case ExprKind::kLe:
      case ExprKind::kGt:
      case ExprKind::kGe: {
        ExprKind op = x.kind;
        std::optional<Lit> lit;
        if (path(x.a, at) && (lit = literal(x.b))) {
        } else if (path(x.b, at) && (lit = literal(x.a))) {
          op = flip(op);
        } else {
          return false;
        }
        at.op = negate ? negation(op) : op;
        at.lits.push_back(*lit);
        atoms.push_back(std::move(at));
        return true;
      }
      case ExprKind::kIn: {
        if (!path(x.a, at)) return false;
        const Expr& l = ex(x.b);
        if (l.kind != ExprKind::kList) return false;
        for (ExprId item : l.args) {
          auto lit = literal(item);
          if (!lit) return false;
          at.lits.push_back(*lit);
        }
        at.op = ExprKind::kIn;
        at.negated_in = negate;
        atoms.push_back(std::move(at));
        return true;
      }
      default:
        break;
    }
    // A bare boolean fact.
    if (path(e, at) && p_.info[m_][e].type == check::Schema::kBoolT) {
      Lit l;
      l.s = negate ? "false" : "true";
      l.json = !negate;
      at.op = ExprKind::kEq;
      at.lits.push_back(l);
      atoms.push_back(std::move(at));
      return true;
    }
    return false;
  }

  // Whether the path is an input field chain (a witness case can set it).
  bool input_path(const Atom& a) const { return a.path_parts.size() >= 2 && input_root_; }

 private:
  const Expr& ex(ExprId e) const { return p_.modules[m_].exprs[e]; }

  static ExprKind flip(ExprKind k) {
    switch (k) {
      case ExprKind::kLt:
        return ExprKind::kGt;
      case ExprKind::kLe:
        return ExprKind::kGe;
      case ExprKind::kGt:
        return ExprKind::kLt;
      case ExprKind::kGe:
        return ExprKind::kLe;
      default:
        return k;
    }
  }
  static ExprKind negation(ExprKind k) {
    switch (k) {
      case ExprKind::kEq:
        return ExprKind::kNe;
      case ExprKind::kNe:
        return ExprKind::kEq;
      case ExprKind::kLt:
        return ExprKind::kGe;
      case ExprKind::kLe:
        return ExprKind::kGt;
      case ExprKind::kGt:
        return ExprKind::kLe;
      case ExprKind::kGe:
        return ExprKind::kLt;
      default:
        return k;
    }
  }

  // A fact: an input, a definition without parameters, or fields of one.
  bool path(ExprId e, Atom& at) {
    const Expr& x = ex(e);
    const auto& inf = p_.info[m_][e];
    if (x.kind == ExprKind::kName) {
      if (inf.ref.kind == RefKind::kInput) {
        input_root_ = true;
      } else if (inf.ref.kind == RefKind::kDef) {
        input_root_ = false;
      } else {
        return false;
      }
      at.path = x.text;
      at.path_parts = {x.text};
      return true;
    }
    if (x.kind == ExprKind::kField && inf.ref.kind == RefKind::kField) {
      if (!path(x.a, at)) return false;
      at.path += "." + x.text;
      at.path_parts.push_back(x.text);
      return true;
    }
    return false;
  }

  std::optional<Lit> literal(ExprId e) const {
    const Expr& x = ex(e);
    const auto& inf = p_.info[m_][e];
    Lit l;
    switch (x.kind) {
      case ExprKind::kInt:
        l.numeric = true;
        l.n = x.num;
        l.json = x.num;
        return l;
      case ExprKind::kDate: {
        auto d = cal::parse_date(x.text);
        if (!d) return std::nullopt;
        l.numeric = true;
        l.n = *d;
        l.json = x.text;
        return l;
      }
      case ExprKind::kBool:
        l.s = x.num ? "true" : "false";
        l.json = x.num != 0;
        return l;
      case ExprKind::kString:
        l.s = "\"" + x.text + "\"";
        l.json = x.text;
        return l;
      case ExprKind::kName:
      case ExprKind::kField:
        if (inf.ref.kind != RefKind::kEnumConst) return std::nullopt;
        l.s = p_.schema.enums[inf.ref.index].members[inf.ref.member];
        l.json = l.s;
        return l;
      default:
        return std::nullopt;
    }
  }

  const CheckedPolicy& p_;
  uint32_t m_;
  bool input_root_ = false;
};

// The facts the atoms constrain, and the first one that cannot be satisfied (empty if none).
std::string contradiction(const std::vector<Atom>& atoms, std::map<std::string, Range>& ranges) {
  for (const Atom& a : atoms) {
    Range& r = ranges[a.path];
    for (const Lit& l : a.lits) {
      if (l.numeric != a.lits[0].numeric) r.bad_mix = true;
    }
    bool numeric = a.lits[0].numeric;
    if (a.op == ExprKind::kIn) {
      if (a.negated_in) {
        for (const Lit& l : a.lits) numeric ? (void)r.ne_num.insert(l.n) : (void)r.ne.insert(l.s);
      } else if (numeric) {
        std::set<int64_t> s;
        for (const Lit& l : a.lits) {
          if (!r.allowed_num || r.allowed_num->count(l.n)) s.insert(l.n);
        }
        r.allowed_num = s;
      } else {
        std::set<std::string> s;
        for (const Lit& l : a.lits) {
          if (!r.allowed || r.allowed->count(l.s)) s.insert(l.s);
        }
        r.allowed = s;
      }
      continue;
    }
    const Lit& l = a.lits[0];
    if (!numeric) {
      if (a.op == ExprKind::kEq) {
        std::set<std::string> s;
        if (!r.allowed || r.allowed->count(l.s)) s.insert(l.s);
        r.allowed = s;
      } else if (a.op == ExprKind::kNe) {
        r.ne.insert(l.s);
      } else {
        r.bad_mix = true;  // ordering on strings or enums: not reasoned about
      }
      continue;
    }
    auto lo = [&](int64_t v) { r.lo = r.lo ? std::max(*r.lo, v) : v; };
    auto hi = [&](int64_t v) { r.hi = r.hi ? std::min(*r.hi, v) : v; };
    switch (a.op) {
      case ExprKind::kEq:
        lo(l.n);
        hi(l.n);
        break;
      case ExprKind::kNe:
        r.ne_num.insert(l.n);
        break;
      case ExprKind::kLt:
        hi(l.n - 1);
        break;
      case ExprKind::kLe:
        hi(l.n);
        break;
      case ExprKind::kGt:
        lo(l.n + 1);
        break;
      case ExprKind::kGe:
        lo(l.n);
        break;
      default:
        break;
    }
  }
  for (auto& [path, r] : ranges) {
    if (r.bad_mix) continue;
    if (r.lo && r.hi && *r.lo > *r.hi) return path;
    if (r.lo && r.hi && *r.lo == *r.hi && r.ne_num.count(*r.lo)) return path;
    if (r.allowed_num) {
      bool any = false;
      for (int64_t v : *r.allowed_num) {
        any |= (!r.lo || v >= *r.lo) && (!r.hi || v <= *r.hi) && !r.ne_num.count(v);
      }
      if (!any) return path;
    }
    if (r.allowed) {
      bool any = false;
      for (const auto& v : *r.allowed) any |= !r.ne.count(v);
      if (!any) return path;
    }
    if (r.ne.count("true") && r.ne.count("false")) return path;
  }
  return {};
}

// A value for each constrained fact, as JSON at its path.
bool witness_values(const std::map<std::string, Range>& ranges, const std::vector<Atom>& atoms,
                    nlohmann::json& c) {
  for (const auto& [path, r] : ranges) {
    if (r.bad_mix) return false;
    const Atom* a = nullptr;
    for (const auto& at : atoms) {
      if (at.path == path) a = &at;
    }
    if (!a) return false;
    nlohmann::json v;
    if (a->lits[0].numeric) {
      int64_t n = r.lo ? *r.lo : r.hi ? *r.hi : 0;
      if (r.allowed_num && !r.allowed_num->empty()) n = *r.allowed_num->begin();
      while (r.ne_num.count(n)) ++n;
      if (a->lits[0].json.is_string()) {
        v = cal::format_date(static_cast<cal::Days>(n));
      } else {
        v = n;
      }
    } else if (r.allowed) {
      for (const auto& s : *r.allowed) {
        if (r.ne.count(s)) continue;
        for (const auto& at : atoms) {
          for (const auto& l : at.lits) {
            if (at.path == path && l.s == s) v = l.json;
          }
        }
        break;
      }
      if (v.is_null()) return false;
    } else if (!r.ne.count("true") && a->lits[0].json.is_boolean()) {
      v = true;
    } else {
      return false;
    }
    nlohmann::json* at = &c;
    for (size_t i = 0; i < a->path_parts.size(); ++i) {
      at = &(*at)[a->path_parts[i]];
    }
    *at = v;
  }
  return true;
}

std::string describe_range(const std::string& path, const std::vector<Atom>& atoms,
                           const SourceMap& sources) {
  std::vector<std::string> parts;
  for (const auto& a : atoms) {
    if (a.path != path) continue;
    const auto& f = sources.file(a.span.file);
    parts.push_back("`" + f.text().substr(a.span.begin, a.span.end - a.span.begin) + "`");
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

class Linter {
 public:
  explicit Linter(const Engine& e) : impl_(e.impl()) {}

  LintResult run() {
    for (const auto& lp : impl_.policies) {
      conditions(*lp);
      in_force(*lp);
      conflicts(*lp);
      citations(*lp);
      reads(*lp->checked);
    }
    unread();
    return std::move(out_);
  }

 private:
  void warn(const char* code, Span sp, std::string msg, std::string hint) {
    if (!reported_.insert({code, sp.file, sp.begin}).second) return;
    out_.diags.warning(code, sp, std::move(msg), std::move(hint));
  }

  void conditions(const LoadedPolicy& lp) {
    const auto& p = *lp.checked;
    for (size_t i = 0; i < p.rules.size(); ++i) {
      const auto& r = p.rule(i);
      if (r.when == kNoExpr || p.rules[i].module == 0) continue;
      ConditionReader reader(p, p.rules[i].module);
      std::vector<Atom> atoms;
      reader.read(r.when, atoms);
      std::map<std::string, Range> ranges;
      std::string bad = contradiction(atoms, ranges);
      if (bad.empty()) continue;
      bool exc = !r.exception_to.empty();
      warn(exc ? "W0602" : "W0601", p.modules[p.rules[i].module].exprs[r.when].span,
           fmt::format("{} '{}' can never {}: {} cannot all hold", exc ? "exception" : "rule",
                       r.label, exc ? "fire" : "apply", describe_range(bad, atoms, *impl_.sources)),
           fmt::format("no value of {} satisfies these comparisons together; check the operators "
                       "and constants, or remove the {}",
                       bad, exc ? "exception" : "rule"));
    }
  }

  // Versions of the policy, as [from, to) date strings.
  static bool any_version(const CheckedPolicy& p, const syntax::InForce& f) {
    const auto& h = p.header();
    for (const auto& v : h.versions) {
      if (!h.ends.empty() && v.date >= h.ends) continue;
      if (!f.since.empty() && v.date < f.since) {
        // The version may still be in force on `since` if the next one starts later.
        continue;
      }
      if (!f.until.empty() && v.date >= f.until) continue;
      return true;
    }
    return false;
  }

  void in_force(const LoadedPolicy& lp) {
    const auto& p = *lp.checked;
    const auto& m = p.policy();
    auto check = [&](const syntax::InForce& f, Span sp, const std::string& what) {
      if (f.since.empty() && f.until.empty()) return;
      if (any_version(p, f)) return;
      warn("W0603", f.span.end ? f.span : sp,
           fmt::format("{} is in force in no version of policy '{}'", what, p.header().id),
           "its since/until dates leave no version in force; fix the dates or remove it");
    };
    for (const auto& r : m.rules) check(r.in_force, r.span, fmt::format("rule '{}'", r.label));
    for (const auto& d : m.defs) check(d.in_force, d.span, fmt::format("definition '{}'", d.name));
    for (const auto& n : m.notices) check(n.in_force, n.span, fmt::format("notice '{}'", n.id));
  }

  void conflicts(const LoadedPolicy& lp) {
    const auto& p = *lp.checked;
    for (size_t i = 0; i < p.rules.size(); ++i) {
      for (size_t j = i + 1; j < p.rules.size(); ++j) {
        const auto& a = p.rule(i);
        const auto& b = p.rule(j);
        if (a.exception_to.empty() || a.exception_to != b.exception_to) continue;
        for (const auto& x : a.assignments) {
          for (const auto& y : b.assignments) {
            if (x.target != y.target) continue;
            auto lit_a = literal_text(p, p.rules[i].module, x.value);
            auto lit_b = literal_text(p, p.rules[j].module, y.value);
            if (lit_a.empty() || lit_b.empty() || lit_a == lit_b) continue;
            if (lit_a == "unknown" || lit_b == "unknown") continue;
            witness(lp, i, j, x.target);
          }
        }
      }
    }
  }

  static std::string literal_text(const CheckedPolicy& p, uint32_t m, ExprId e) {
    const Expr& x = p.modules[m].exprs[e];
    if (x.kind == ExprKind::kBool) return x.num ? "true" : "false";
    if (x.kind == ExprKind::kUnknown) return "unknown";
    if (x.kind == ExprKind::kNone) return "none";
    return {};
  }

  // Builds a case where both exceptions apply and decides it; reports only a confirmed conflict.
  void witness(const LoadedPolicy& lp, size_t i, size_t j, const std::string& target) {
    const auto& p = *lp.checked;
    std::vector<Atom> atoms;
    for (size_t k : {i, j}) {
      const auto& r = p.rule(k);
      if (r.when == kNoExpr) continue;
      ConditionReader reader(p, p.rules[k].module);
      std::vector<Atom> mine;
      if (!reader.read(r.when, mine)) return;  // a condition it cannot read: no witness
      for (const auto& a : mine) {
        if (!reader.input_path(a)) return;
      }
      atoms.insert(atoms.end(), mine.begin(), mine.end());
    }
    std::map<std::string, Range> ranges;
    if (!contradiction(atoms, ranges).empty()) return;
    nlohmann::json c = {{"format", "writ-case/1"}, {"id", "lint-witness"}};
    if (!witness_values(ranges, atoms, c)) return;
    const auto& h = p.header();
    for (const auto& v : h.versions) {
      DecideOptions o;
      o.as_of = v.date;
      o.explain = false;
      auto d = decide(lp, c.dump(), o);
      if (d) continue;
      const auto& ri = p.rule(i);
      const auto& rj = p.rule(j);
      nlohmann::json shown = c;
      warn("W0604", rj.span,
           fmt::format("exceptions '{}' and '{}' to '{}' can both apply and set '{}' differently "
                       "(version {})",
                       ri.label, rj.label, ri.exception_to, target, v.date),
           fmt::format("make one an exception to the other; a case where both apply: {}",
                       shown.dump()));
      return;
    }
  }

  Result<Decision> decide(const LoadedPolicy& lp, const std::string& json, const DecideOptions& o) {
    auto data = cases::decode_case(json, *lp.checked, {}, &impl_.catalog);
    if (!data) return Decision{};  // not a conflict
    auto day = decision_date(*lp.checked, **data, o.as_of);
    if (!day) return Decision{};
    const eval::Program* prog = lp.program_for(*day);
    if (!prog) return Decision{};
    eval::Scratch s;
    auto v = eval::evaluate(*prog, **data, s);
    if (!v && v.error().code == ErrorCode::kConflict) return v.error();
    return Decision{};
  }

  void citations(const LoadedPolicy& lp) {
    const auto& p = *lp.checked;
    for (size_t m = 1; m < p.modules.size(); ++m) {
      for (const auto& d : p.modules[m].defs) {
        bool blank = !d.cite.empty() && d.cite.find_first_not_of(" \t") == std::string::npos;
        if (blank) {
          warn("W0606", d.cite_span, fmt::format("the citation of '{}' is empty", d.name),
               "cite the provision the definition applies");
        } else if (d.cite.empty() && !d.says.empty()) {
          warn("W0606", d.span,
               fmt::format("'{}' has says texts but no citation, so they are never shown", d.name),
               "a definition appears among a decision's reasons only with `cite \"...\"`");
        }
      }
      for (const auto& r : p.modules[m].rules) {
        if (!r.cite.empty() && r.cite.find_first_not_of(" \t") == std::string::npos)
          warn("W0606", r.cite_span, fmt::format("the citation of rule '{}' is empty", r.label),
               "cite the provision the rule applies");
      }
      for (const auto& n : p.modules[m].notices) {
        if (!n.cite.empty() && n.cite.find_first_not_of(" \t") == std::string::npos)
          warn("W0606", n.cite_span, fmt::format("the citation of notice '{}' is empty", n.id),
               "cite the provision that requires the notice");
      }
    }
  }

  // Field reads, by (record name, field name); inputs are fields of "<case>".
  void reads(const CheckedPolicy& p) {
    read_.insert({"<case>", "request"});
    read_.insert({"Request", "kind"});          // which actions are asked for
    read_.insert({"Request", "presented_at"});  // the as-of date
    for (size_t m = 0; m < p.modules.size(); ++m) {
      const auto& exprs = p.modules[m].exprs;
      for (size_t e = 0; e < exprs.size(); ++e) {
        const Expr& x = exprs[e];
        const auto& inf = p.info[m][e];
        if (x.kind == ExprKind::kName && inf.ref.kind == RefKind::kInput) {
          read_.insert({"<case>", x.text});
        } else if (x.kind == ExprKind::kField && inf.ref.kind == RefKind::kField) {
          const auto& ti = p.schema.info(p.info[m][x.a].type);
          if (ti.kind == check::TypeKind::kRecord)
            read_.insert({p.schema.records[ti.ref].name, x.text});
        } else if (x.kind == ExprKind::kCall && x.text == "covered_days" && !x.args.empty()) {
          const auto& lt = p.schema.info(p.info[m][x.args[0]].type);
          if (lt.kind == check::TypeKind::kList) {
            const auto& et = p.schema.info(lt.elem);
            if (et.kind == check::TypeKind::kRecord) {
              read_.insert({p.schema.records[et.ref].name, "from"});
              read_.insert({p.schema.records[et.ref].name, "to"});
            }
          }
        }
      }
    }
    for (size_t m = 0; m < p.modules.size(); ++m) {
      const auto& mod = p.modules[m];
      for (const auto& in : mod.inputs) declared_.push_back({"<case>", in.name, in.span, m == 0});
      for (const auto& r : mod.records) {
        for (const auto& f : r.fields) declared_.push_back({r.name, f.name, f.span, m == 0});
      }
    }
  }

  void unread() {
    std::set<std::pair<uint32_t, uint32_t>> seen;
    for (const auto& d : declared_) {
      if (read_.count({d.record, d.field})) continue;
      if (!seen.insert({d.span.file, d.span.begin}).second) continue;
      std::string name = d.record == "<case>" ? d.field : d.record + "." + d.field;
      if (d.prelude) {
        out_.unread_prelude_fields.push_back(name);
        continue;
      }
      warn("W0605", d.span, fmt::format("'{}' is declared but no loaded policy reads it", name),
           "remove it, or write the rule that needs it");
    }
  }

  struct Declared {
    std::string record, field;
    Span span;
    bool prelude = false;
  };

  const Engine::Impl& impl_;
  LintResult out_;
  std::set<std::tuple<std::string, uint32_t, uint32_t>> reported_;
  std::set<std::pair<std::string, std::string>> read_;
  std::vector<Declared> declared_;
};

}  // namespace

LintResult lint(const Engine& engine) {
  return Linter(engine).run();
}

}  // namespace writ::lint
