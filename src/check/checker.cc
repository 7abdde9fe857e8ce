#include "check/checker.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "calendar/civil.h"

namespace writ::check {
namespace {

using syntax::Expr;
using syntax::ExprId;
using syntax::ExprKind;
using syntax::kNoExpr;
using syntax::Module;

// Edit distance, for "did you mean" hints.
size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string suggest(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? std::string() : fmt::format("did you mean '{}'?", best);
}

struct Builtins {
  std::unordered_map<std::string, Builtin> by_name = {
      {"date", Builtin::kDate},
      {"listed", Builtin::kListed},
      {"business_hours_after", Builtin::kBusinessHoursAfter},
      {"days_between", Builtin::kDaysBetween},
      {"covered_days", Builtin::kCoveredDays},
      {"known", Builtin::kKnown},
      {"length", Builtin::kLength},
      {"max", Builtin::kMaxOf},
      {"min", Builtin::kMinOf},
  };
};

class Checker {
 public:
  Checker(CheckedPolicy& out, const CheckEnv& env, Diagnostics& diags)
      : p_(out), env_(env), diags_(diags) {}

  void run() {
    p_.info.resize(p_.modules.size());
    for (size_t m = 0; m < p_.modules.size(); ++m) p_.info[m].resize(p_.modules[m].exprs.size());
    check_header();
    declare_types();
    declare_inputs();
    declare_actions();
    declare_defs();
    declare_targets();
    for (size_t m = 0; m < p_.modules.size(); ++m) check_defs(static_cast<uint32_t>(m));
    check_rules();
    check_notices();
    check_cycles();
    for (uint32_t i = 0; i < p_.inputs.size(); ++i) {
      const auto& ti = p_.schema.info(p_.inputs[i].second);
      if (p_.inputs[i].first != "request" || ti.kind != TypeKind::kRecord) continue;
      p_.request_input = static_cast<int>(i);
      p_.presented_at_field = p_.schema.records[ti.ref].field_index("presented_at");
    }
  }

 private:
  void err(const char* code, Span s, std::string msg, std::string hint = {}) {
    diags_.error(code, s, std::move(msg), std::move(hint));
  }

  // ---- header and versions ----
  void check_header() {
    const Module& pol = p_.modules.back();
    if (!pol.header) {
      err("E0201", Span{pol.file, 0, 0}, "this file has no policy header",
          "start the first writ block with `policy <id>` and at least one `version <date>`");
      return;
    }
    const auto& h = *pol.header;
    if (h.versions.empty()) {
      err("E0202", h.span, fmt::format("policy '{}' declares no version", h.id),
          "add `version YYYY-MM-DD \"what brought it into force\"`");
    }
    std::string prev;
    for (const auto& v : h.versions) {
      if (!cal::parse_date(v.date)) {
        err("E0203", v.span, fmt::format("'{}' is not a real date", v.date));
      } else if (!prev.empty() && v.date <= prev) {
        err("E0204", v.span, fmt::format("version {} does not come after version {}", v.date, prev),
            "list versions in the order they came into force");
      }
      prev = v.date;
      version_dates_.insert(v.date);
    }
    if (!h.ends.empty()) {
      if (!cal::parse_date(h.ends)) {
        err("E0203", h.span, fmt::format("'ends {}' is not a real date", h.ends));
      } else if (!prev.empty() && h.ends <= prev) {
        err("E0204", h.span,
            fmt::format("the policy ends ({}) before its last version ({}) starts", h.ends, prev),
            "'ends' is the first day no version is in force; it must come after the last version");
      } else {
        version_dates_.insert(h.ends);
      }
    }
    if (h.timezone.empty()) {
      err("E0205", h.span, fmt::format("policy '{}' has no time zone", h.id),
          "add `timezone \"America/New_York\"` (an IANA zone name)");
    } else if (env_.has_time_zone && !env_.has_time_zone(h.timezone)) {
      err("E0206", h.span, fmt::format("unknown time zone '{}'", h.timezone),
          "use an IANA name such as America/New_York");
    }
    if (!h.holidays.empty() && env_.has_calendar && !env_.has_calendar(h.holidays)) {
      err("E0207", h.span, fmt::format("no holiday calendar '{}' in calendars/", h.holidays));
    }
    if (h.sources.empty()) {
      diags_.warning("W0201", h.span, fmt::format("policy '{}' names no source", h.id),
                     "add `source \"the law\" \"https://...\"`");
    }
  }

  void check_in_force(const syntax::InForce& f) {
    for (const std::string* d : {&f.since, &f.until}) {
      if (d->empty()) continue;
      if (!cal::parse_date(*d)) {
        err("E0203", f.span, fmt::format("'{}' is not a real date", *d));
      } else if (!version_dates_.count(*d)) {
        err("E0208", f.span, fmt::format("{} is not the date of a version of this policy", *d),
            "a rule or definition may start or stop only where a declared version starts");
      }
    }
    if (!f.since.empty() && !f.until.empty() && f.until <= f.since) {
      err("E0209", f.span, "'until' must come after 'since'");
    }
  }

  // ---- types ----
  void declare_types() {
    // Enums and records of every module share one namespace.
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      for (const auto& e : p_.modules[m].enums) {
        if (type_names_.count(e.name) || is_primitive(e.name)) {
          err("E0210", e.span, fmt::format("type '{}' is declared twice", e.name));
          continue;
        }
        EnumInfo info{e.name, {}};
        std::set<std::string> seen;
        for (const auto& [mem, span] : e.members) {
          if (!seen.insert(mem).second) {
            err("E0211", span, fmt::format("'{}' appears twice in enum {}", mem, e.name));
          }
          info.members.push_back(mem);
        }
        p_.schema.enums.push_back(std::move(info));
        type_names_[e.name] =
            p_.schema.enum_type(static_cast<uint32_t>(p_.schema.enums.size() - 1));
      }
      for (const auto& r : p_.modules[m].records) {
        if (type_names_.count(r.name) || is_primitive(r.name)) {
          err("E0210", r.span, fmt::format("type '{}' is declared twice", r.name));
          continue;
        }
        p_.schema.records.push_back(RecordInfo{r.name, {}});
        type_names_[r.name] =
            p_.schema.record_type(static_cast<uint32_t>(p_.schema.records.size() - 1));
      }
    }
    // Fields, now that every name is known.
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      for (const auto& r : p_.modules[m].records) {
        auto it = type_names_.find(r.name);
        if (it == type_names_.end()) continue;
        uint32_t idx = p_.schema.info(it->second).ref;
        std::set<std::string> seen;
        for (const auto& f : r.fields) {
          if (!seen.insert(f.name).second) {
            err("E0212", f.span,
                fmt::format("field '{}' appears twice in record {}", f.name, r.name));
            continue;
          }
          p_.schema.records[idx].fields.push_back(FieldInfo{f.name, resolve_type(f.type)});
        }
      }
    }
  }

  static bool is_primitive(const std::string& n) {
    return n == "bool" || n == "int" || n == "string" || n == "date" || n == "datetime" ||
           n == "duration" || n == "citation";
  }

  TypeId resolve_type(const syntax::TypeRef& t) {
    if (t.is_list()) return p_.schema.list_of(resolve_type(t.elem[0]));
    static const std::unordered_map<std::string, TypeId> prim = {
        {"bool", Schema::kBoolT},         {"int", Schema::kIntT},
        {"string", Schema::kStringT},     {"date", Schema::kDateT},
        {"datetime", Schema::kDateTimeT}, {"duration", Schema::kDurationT},
        {"citation", Schema::kCitationT}};
    if (auto it = prim.find(t.name); it != prim.end()) return it->second;
    if (auto it = type_names_.find(t.name); it != type_names_.end()) return it->second;
    std::vector<std::string> names = {"bool",     "int",      "string",  "date",
                                      "datetime", "duration", "citation"};
    for (const auto& [n, _] : type_names_) names.push_back(n);
    err("E0213", t.span, fmt::format("unknown type '{}'", t.name), suggest(t.name, names));
    return Schema::kErrorT;
  }

  void declare_inputs() {
    p_.schema.records.push_back(RecordInfo{"<case>", {}});
    p_.schema.root_record = static_cast<uint32_t>(p_.schema.records.size() - 1);
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      for (const auto& in : p_.modules[m].inputs) {
        if (input_index_.count(in.name)) {
          err("E0214", in.span, fmt::format("input '{}' is declared twice", in.name));
          continue;
        }
        TypeId t = resolve_type(in.type);
        input_index_[in.name] = static_cast<uint32_t>(p_.inputs.size());
        p_.inputs.emplace_back(in.name, t);
        p_.schema.records[p_.schema.root_record].fields.push_back(FieldInfo{in.name, t});
      }
    }
  }

  void declare_actions() {
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      for (const auto& a : p_.modules[m].actions) {
        if (action_index_.count(a.name)) {
          err("E0215", a.span, fmt::format("action '{}' is declared twice", a.name));
          continue;
        }
        action_index_[a.name] = static_cast<uint32_t>(p_.actions.size());
        p_.actions.push_back(ActionInfo{a.name, a.title, a.requested_by});
      }
    }
  }

  void declare_defs() {
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      const auto& defs = p_.modules[m].defs;
      for (uint32_t d = 0; d < defs.size(); ++d) {
        const auto& decl = defs[d];
        check_in_force(decl.in_force);
        if (input_index_.count(decl.name) || action_index_.count(decl.name)) {
          err("E0216", decl.span,
              fmt::format("definition '{}' has the name of an input or action", decl.name));
          continue;
        }
        auto it = def_index_.find(decl.name);
        TypeId t = resolve_type(decl.type);
        std::vector<TypeId> params;
        for (const auto& prm : decl.params) params.push_back(resolve_type(prm.type));
        if (decl.params.size() > kMaxParams) {
          err("E0225", decl.span,
              fmt::format("'{}' has {} parameters; a definition takes at most {}", decl.name,
                          decl.params.size(), kMaxParams),
              "pass a record instead of many separate values");
        }
        DefGroup::Variant v{m, d, {}};
        for (size_t i = 0; i < decl.params.size(); ++i) v.param_slots.push_back(p_.local_slots++);
        if (it == def_index_.end()) {
          def_index_[decl.name] = static_cast<uint32_t>(p_.defs.size());
          DefGroup g;
          g.name = decl.name;
          g.type = t;
          g.params = params;
          g.rule_defined = decl.body == kNoExpr;
          g.variants.push_back(std::move(v));
          p_.defs.push_back(std::move(g));
        } else {
          DefGroup& g = p_.defs[it->second];
          const auto& first = p_.def_decl(g.variants[0]);
          if (g.type != t || g.params != params) {
            err("E0217", decl.span,
                fmt::format("'{}' is defined again with a different type", decl.name),
                "versions of one definition must keep its parameters and type");
          } else if ((decl.body == kNoExpr) != g.rule_defined) {
            err("E0217", decl.span, fmt::format("'{}' is defined again in another way", decl.name));
          } else if (!disjoint(first.in_force, decl.in_force, g, decl)) {
            err("E0218", decl.span,
                fmt::format("'{}' is defined twice for the same dates", decl.name),
                "give each definition of the same name `since`/`until` dates that do not overlap");
          }
          g.variants.push_back(std::move(v));
        }
      }
    }
  }

  bool disjoint(const syntax::InForce&, const syntax::InForce& b, const DefGroup& g,
                const syntax::DefDecl&) {
    auto overlap = [](const syntax::InForce& x, const syntax::InForce& y) {
      std::string xs = x.since, ys = y.since;
      std::string xu = x.until.empty() ? "9999-12-31" : x.until;
      std::string yu = y.until.empty() ? "9999-12-31" : y.until;
      return std::max(xs, ys) < std::min(xu, yu);
    };
    for (const auto& v : g.variants) {
      if (overlap(p_.def_decl(v).in_force, b)) return false;
    }
    return true;
  }

  void declare_targets() {
    for (uint32_t a = 0; a < p_.actions.size(); ++a) {
      target_index_[p_.actions[a].name] = static_cast<uint32_t>(p_.targets.size());
      p_.targets.push_back(
          TargetInfo{p_.actions[a].name, Schema::kBoolT, static_cast<int>(a), false, -1});
      target_index_[p_.actions[a].name + ".until"] = static_cast<uint32_t>(p_.targets.size());
      p_.targets.push_back(TargetInfo{p_.actions[a].name + ".until", Schema::kDateTimeT,
                                      static_cast<int>(a), true, -1});
    }
    for (uint32_t g = 0; g < p_.defs.size(); ++g) {
      if (!p_.defs[g].rule_defined) continue;
      target_index_[p_.defs[g].name] = static_cast<uint32_t>(p_.targets.size());
      p_.targets.push_back(
          TargetInfo{p_.defs[g].name, p_.defs[g].type, -1, false, static_cast<int>(g)});
    }
  }

  // ---- expressions ----
  struct Scope {
    std::vector<std::pair<std::string, std::pair<uint32_t, TypeId>>> vars;  // name -> slot, type
    const std::pair<uint32_t, TypeId>* find(const std::string& n) const {
      for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
        if (it->first == n) return &it->second;
      }
      return nullptr;
    }
  };

  void check_defs(uint32_t m) {
    const auto& defs = p_.modules[m].defs;
    for (uint32_t d = 0; d < defs.size(); ++d) {
      const auto& decl = defs[d];
      if (decl.body == kNoExpr) continue;
      auto it = def_index_.find(decl.name);
      if (it == def_index_.end()) continue;
      const DefGroup& g = p_.defs[it->second];
      if (decl.params.size() != g.params.size()) continue;  // E0217 already reported
      const DefGroup::Variant* var = nullptr;
      for (const auto& v : g.variants) {
        if (v.module == m && v.decl == d) var = &v;
      }
      if (!var) continue;
      Scope scope;
      for (size_t i = 0; i < decl.params.size(); ++i) {
        scope.vars.push_back({decl.params[i].name, {var->param_slots[i], g.params[i]}});
      }
      cur_module_ = m;
      TypeId t = check_expr(decl.body, scope, g.type);
      expect_type(decl.body, t, g.type, fmt::format("the body of '{}'", decl.name));
    }
  }

  void check_rules() {
    std::map<std::string, size_t> labels;
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      const auto& rules = p_.modules[m].rules;
      for (uint32_t r = 0; r < rules.size(); ++r) {
        const auto& rule = rules[r];
        if (labels.count(rule.label)) {
          err("E0219", rule.span, fmt::format("rule label '{}' is used twice", rule.label),
              "give every rule its own label");
          continue;
        }
        labels[rule.label] = p_.rules.size();
        p_.rules.push_back(RuleRef{m, r});
      }
    }
    for (size_t i = 0; i < p_.rules.size(); ++i) {
      const auto& rule = p_.rule(i);
      cur_module_ = p_.rules[i].module;
      if (rule.cite.empty()) {
        err("E0301", rule.span, fmt::format("rule '{}' has no citation", rule.label),
            "every rule must say which provision it applies: add `cite \"Admin. Code § "
            "9-131(b)\"`");
      }
      check_in_force(rule.in_force);
      Scope scope;
      if (rule.when != kNoExpr) {
        TypeId t = check_expr(rule.when, scope, Schema::kBoolT);
        expect_type(rule.when, t, Schema::kBoolT, "a rule's 'when' condition");
      }
      std::set<std::string> targets_set;
      for (const auto& a : rule.assignments) {
        auto it = target_index_.find(a.target);
        if (it == target_index_.end()) {
          std::vector<std::string> names;
          for (const auto& t : p_.targets) names.push_back(t.name);
          err("E0302", a.span,
              fmt::format("'{}' is not an action or a rule-defined definition", a.target),
              suggest(a.target, names));
          continue;
        }
        if (!targets_set.insert(a.target).second) {
          err("E0303", a.span, fmt::format("rule '{}' sets '{}' twice", rule.label, a.target));
        }
        TypeId want = p_.targets[it->second].type;
        TypeId t = check_expr(a.value, scope, want);
        expect_type(a.value, t, want, fmt::format("'{}'", a.target));
      }
      if (!rule.exception_to.empty()) {
        auto it = labels.find(rule.exception_to);
        if (it == labels.end()) {
          std::vector<std::string> names;
          names.reserve(labels.size());
          for (const auto& [n, _] : labels) names.push_back(n);
          err("E0304", rule.exception_span,
              fmt::format("no rule is labelled '{}'", rule.exception_to),
              suggest(rule.exception_to, names));
          continue;
        }
        const auto& base = p_.rule(it->second);
        for (const auto& a : rule.assignments) {
          bool found =
              std::any_of(base.assignments.begin(), base.assignments.end(),
                          [&](const syntax::Assignment& b) { return b.target == a.target; });
          if (!found) {
            err("E0305", a.span,
                fmt::format("'{}' is an exception to '{}', which does not set '{}'", rule.label,
                            rule.exception_to, a.target),
                "an exception overrides a rule for the same target; add the target to the base "
                "rule "
                "or make this a base rule");
          }
        }
      }
    }
    // Exception chains must not loop.
    for (size_t i = 0; i < p_.rules.size(); ++i) {
      std::set<std::string> seen;
      const syntax::RuleDecl* r = &p_.rule(i);
      while (r && !r->exception_to.empty()) {
        if (!seen.insert(r->label).second) {
          err("E0306", p_.rule(i).span,
              fmt::format("rule '{}' is, through its exceptions, an exception to itself",
                          p_.rule(i).label));
          break;
        }
        auto it = labels.find(r->exception_to);
        r = it == labels.end() ? nullptr : &p_.rule(it->second);
      }
    }
    // Every action with rules needs a base rule, checked by the compiler per version.
  }

  // Notices: a citation, a unique id, in-force dates of versions, a boolean condition over the
  // inputs and definitions.
  void check_notices() {
    std::map<std::string, Span> ids;
    for (uint32_t m = 0; m < p_.modules.size(); ++m) {
      const auto& notices = p_.modules[m].notices;
      for (uint32_t i = 0; i < notices.size(); ++i) {
        const auto& n = notices[i];
        cur_module_ = m;
        if (auto it = ids.find(n.id); it != ids.end()) {
          err("E0308", n.span, fmt::format("notice '{}' is declared twice", n.id),
              "give every notice its own id");
          continue;
        }
        ids.emplace(n.id, n.span);
        p_.notices.push_back(NoticeRef{m, i});
        if (n.cite.empty()) {
          err("E0307", n.span, fmt::format("notice '{}' has no citation", n.id),
              "every notice must say which provision requires it: add `cite \"Cal. Gov. Code "
              "§ 7283.1(b)\"` after the title");
        }
        check_in_force(n.in_force);
        if (n.when != kNoExpr) {
          Scope scope;
          TypeId t = check_expr(n.when, scope, Schema::kBoolT);
          expect_type(n.when, t, Schema::kBoolT, "a notice's 'when' condition");
        }
      }
    }
  }

  void check_cycles() {
    // Definitions may not depend on themselves (directly or through others).
    std::vector<std::set<uint32_t>> deps(p_.defs.size());
    for (uint32_t g = 0; g < p_.defs.size(); ++g) {
      for (const auto& v : p_.defs[g].variants) {
        const auto& decl = p_.def_decl(v);
        if (decl.body != kNoExpr) collect_def_refs(v.module, decl.body, deps[g]);
      }
    }
    for (size_t i = 0; i < p_.rules.size(); ++i) {
      const auto& rule = p_.rule(i);
      for (const auto& a : rule.assignments) {
        auto it = target_index_.find(a.target);
        if (it == target_index_.end() || p_.targets[it->second].def_group < 0) continue;
        auto g = static_cast<uint32_t>(p_.targets[it->second].def_group);
        if (rule.when != kNoExpr) collect_def_refs(p_.rules[i].module, rule.when, deps[g]);
        collect_def_refs(p_.rules[i].module, a.value, deps[g]);
      }
    }
    std::vector<int> state(p_.defs.size(), 0);
    std::function<bool(uint32_t)> visit = [&](uint32_t g) -> bool {
      if (state[g] == 1) return false;
      if (state[g] == 2) return true;
      state[g] = 1;
      for (uint32_t d : deps[g]) {
        if (!visit(d)) {
          if (state[g] == 1) {
            const auto& decl = p_.def_decl(p_.defs[g].variants[0]);
            err("E0220", decl.span, fmt::format("'{}' depends on itself", decl.name),
                "definitions may not be circular; split the definition");
          }
          state[g] = 2;
          return true;  // report once
        }
      }
      state[g] = 2;
      return true;
    };
    for (uint32_t g = 0; g < p_.defs.size(); ++g) visit(g);
  }

  void collect_def_refs(uint32_t m, ExprId e, std::set<uint32_t>& out) {
    if (e == kNoExpr) return;
    const Expr& x = p_.modules[m].exprs[e];
    const ExprInfo& inf = p_.info[m][e];
    if (inf.ref.kind == RefKind::kDef) out.insert(inf.ref.index);
    for (ExprId c : {x.a, x.b, x.c}) collect_def_refs(m, c, out);
    for (ExprId c : x.args) collect_def_refs(m, c, out);
  }

  void expect_type(ExprId e, TypeId got, TypeId want, const std::string& what) {
    if (p_.schema.compatible(got, want)) return;
    err("E0401", expr(e).span,
        fmt::format("{} must be {}, but this is {}", what, p_.schema.name(want),
                    p_.schema.name(got)));
  }

  const Expr& expr(ExprId e) const { return p_.modules[cur_module_].exprs[e]; }
  ExprInfo& info(ExprId e) { return p_.info[cur_module_][e]; }

  TypeId set(ExprId e, TypeId t) {
    info(e).type = t;
    return t;
  }

  bool is_kind(TypeId t, TypeKind k) const { return p_.schema.info(t).kind == k; }
  bool is_err(TypeId t) const {
    auto k = p_.schema.info(t).kind;
    return k == TypeKind::kError || k == TypeKind::kAny;
  }

  // Resolves a bare name as an enum member, using `hint` (an expected enum type) when given.
  bool resolve_enum_member(ExprId e, TypeId hint) {
    const Expr& x = expr(e);
    if (x.kind != ExprKind::kName) return false;
    if (hint != Schema::kErrorT && is_kind(hint, TypeKind::kEnum)) {
      uint32_t en = p_.schema.info(hint).ref;
      int mi = p_.schema.enums[en].member_index(x.text);
      if (mi >= 0) {
        info(e).ref = Ref{RefKind::kEnumConst, en, static_cast<uint32_t>(mi)};
        set(e, hint);
        return true;
      }
      err("E0402", x.span,
          fmt::format("'{}' is not a value of {}", x.text, p_.schema.enums[en].name),
          suggest(x.text, p_.schema.enums[en].members).empty()
              ? fmt::format("the values are: {}", fmt::join(p_.schema.enums[en].members, ", "))
              : suggest(x.text, p_.schema.enums[en].members));
      set(e, Schema::kErrorT);
      return true;
    }
    int found = -1, mem = -1, count = 0;
    for (size_t i = 0; i < p_.schema.enums.size(); ++i) {
      int mi = p_.schema.enums[i].member_index(x.text);
      if (mi >= 0) {
        found = static_cast<int>(i);
        mem = mi;
        ++count;
      }
    }
    if (count == 1) {
      info(e).ref =
          Ref{RefKind::kEnumConst, static_cast<uint32_t>(found), static_cast<uint32_t>(mem)};
      set(e, p_.schema.enum_type(static_cast<uint32_t>(found)));
      return true;
    }
    if (count > 1) {
      err("E0403", x.span, fmt::format("'{}' is a value of several enums", x.text),
          "compare it with a field of the enum you mean, e.g. `d.issuer == " + x.text + "`");
      set(e, Schema::kErrorT);
      return true;
    }
    return false;
  }

  TypeId check_name(ExprId e, const Scope& scope, TypeId hint) {
    const Expr& x = expr(e);
    if (const auto* v = scope.find(x.text)) {
      info(e).ref = Ref{RefKind::kLocal, v->first, 0};
      return set(e, v->second);
    }
    if (auto it = input_index_.find(x.text); it != input_index_.end()) {
      info(e).ref = Ref{RefKind::kInput, it->second, 0};
      return set(e, p_.inputs[it->second].second);
    }
    if (auto it = def_index_.find(x.text); it != def_index_.end()) {
      const DefGroup& g = p_.defs[it->second];
      if (!g.params.empty()) {
        err("E0404", x.span, fmt::format("'{}' takes {} argument(s)", x.text, g.params.size()),
            fmt::format("call it: {}(...)", x.text));
        return set(e, Schema::kErrorT);
      }
      info(e).ref = Ref{RefKind::kDef, it->second, 0};
      return set(e, g.type);
    }
    if (resolve_enum_member(e, hint)) return info(e).type;
    std::vector<std::string> names;
    for (const auto& [n, _] : scope.vars) names.push_back(n);
    for (const auto& [n, _] : input_index_) names.push_back(n);
    for (const auto& [n, _] : def_index_) names.push_back(n);
    std::string hint_text = suggest(x.text, names);
    if (hint_text.empty() && x.text.find('-') != std::string::npos) {
      hint_text = "for subtraction put spaces around '-'";
    }
    err("E0405", x.span, fmt::format("unknown name '{}'", x.text), hint_text);
    return set(e, Schema::kErrorT);
  }

  TypeId check_expr(ExprId e, const Scope& scope, TypeId hint = Schema::kErrorT) {
    const Expr& x = expr(e);
    switch (x.kind) {
      case ExprKind::kBool:
        return set(e, Schema::kBoolT);
      case ExprKind::kInt:
        return set(e, Schema::kIntT);
      case ExprKind::kString:
        return set(e, Schema::kStringT);
      case ExprKind::kDate:
        if (!cal::parse_date(x.text))
          err("E0406", x.span, fmt::format("'{}' is not a real date", x.text));
        return set(e, Schema::kDateT);
      case ExprKind::kDateTime:
        if (!cal::parse_datetime(x.text)) {
          err("E0406", x.span, fmt::format("'{}' is not a valid date-time", x.text),
              "write e.g. 2024-03-01T10:15:00-05:00 (the UTC offset is required)");
        }
        return set(e, Schema::kDateTimeT);
      case ExprKind::kDuration:
        if (x.num > 1000000) {
          err("E0110", x.span, fmt::format("a duration of {} is too large", x.num),
              "durations are at most 1,000,000 of their unit");
        }
        return set(e, Schema::kDurationT);
      case ExprKind::kNone:
      case ExprKind::kUnknown:
        return set(e, Schema::kAnyT);
      case ExprKind::kName:
        return check_name(e, scope, hint);
      case ExprKind::kField: {
        // Enum.member: a qualified enum value.
        if (const Expr& base = expr(x.a); base.kind == ExprKind::kName && !scope.find(base.text) &&
                                          !input_index_.count(base.text) &&
                                          !def_index_.count(base.text)) {
          auto tn = type_names_.find(base.text);
          if (tn != type_names_.end() && is_kind(tn->second, TypeKind::kEnum)) {
            uint32_t en = p_.schema.info(tn->second).ref;
            int mi = p_.schema.enums[en].member_index(x.text);
            if (mi < 0) {
              err("E0402", x.span, fmt::format("'{}' is not a value of {}", x.text, base.text),
                  fmt::format("the values are: {}", fmt::join(p_.schema.enums[en].members, ", ")));
              return set(e, Schema::kErrorT);
            }
            info(e).ref = Ref{RefKind::kEnumConst, en, static_cast<uint32_t>(mi)};
            return set(e, tn->second);
          }
        }
        TypeId t = check_expr(x.a, scope);
        if (is_err(t)) return set(e, Schema::kErrorT);
        if (!is_kind(t, TypeKind::kRecord)) {
          err("E0407", x.span,
              fmt::format("{} has no fields (it is {})", "this", p_.schema.name(t)));
          return set(e, Schema::kErrorT);
        }
        const RecordInfo& r = p_.schema.records[p_.schema.info(t).ref];
        int fi = r.field_index(x.text);
        if (fi < 0) {
          std::vector<std::string> names;
          for (const auto& f : r.fields) names.push_back(f.name);
          err("E0408", x.span, fmt::format("{} has no field '{}'", r.name, x.text),
              suggest(x.text, names));
          return set(e, Schema::kErrorT);
        }
        info(e).ref = Ref{RefKind::kField, static_cast<uint32_t>(fi), 0};
        return set(e, r.fields[fi].type);
      }
      case ExprKind::kCall:
        return check_call(e, scope);
      case ExprKind::kNot: {
        TypeId t = check_expr(x.a, scope, Schema::kBoolT);
        expect_type(x.a, t, Schema::kBoolT, "the operand of 'not'");
        return set(e, Schema::kBoolT);
      }
      case ExprKind::kNeg: {
        TypeId t = check_expr(x.a, scope);
        if (!is_err(t) && t != Schema::kIntT)
          expect_type(x.a, t, Schema::kIntT, "the operand of '-'");
        return set(e, Schema::kIntT);
      }
      case ExprKind::kAnd:
      case ExprKind::kOr: {
        for (ExprId c : {x.a, x.b}) {
          TypeId t = check_expr(c, scope, Schema::kBoolT);
          expect_type(c, t, Schema::kBoolT,
                      x.kind == ExprKind::kAnd ? "an operand of 'and'" : "an operand of 'or'");
        }
        return set(e, Schema::kBoolT);
      }
      case ExprKind::kEq:
      case ExprKind::kNe: {
        auto [l, r] = check_pair(x.a, x.b, scope);
        if (!is_err(l) && !is_err(r) && !p_.schema.compatible(l, r)) {
          err("E0409", x.span,
              fmt::format("cannot compare {} with {}", p_.schema.name(l), p_.schema.name(r)));
        }
        return set(e, Schema::kBoolT);
      }
      case ExprKind::kLt:
      case ExprKind::kLe:
      case ExprKind::kGt:
      case ExprKind::kGe: {
        auto [l, r] = check_pair(x.a, x.b, scope);
        if (!is_err(l) && !is_err(r)) {
          bool ordered =
              l == r && (l == Schema::kIntT || l == Schema::kDateT || l == Schema::kDateTimeT);
          if (!ordered) {
            err("E0410", x.span,
                fmt::format("cannot order {} and {}", p_.schema.name(l), p_.schema.name(r)),
                "'<' and the like compare two ints, two dates or two date-times");
          }
        }
        return set(e, Schema::kBoolT);
      }
      case ExprKind::kIn: {
        TypeId l = check_expr(x.a, scope);
        TypeId want_list = is_err(l) ? Schema::kErrorT : p_.schema.list_of(l);
        TypeId r = check_list_with_hint(x.b, scope, l);
        if (!is_err(r) && !is_kind(r, TypeKind::kList)) {
          err("E0411", expr(x.b).span,
              fmt::format("'in' needs a list on its right, not {}", p_.schema.name(r)));
        } else if (!is_err(l) && !is_err(r) && !p_.schema.compatible(want_list, r)) {
          err("E0409", x.span,
              fmt::format("cannot look for {} in {}", p_.schema.name(l), p_.schema.name(r)));
        }
        return set(e, Schema::kBoolT);
      }
      case ExprKind::kAdd:
      case ExprKind::kSub:
        return check_arith(e, scope);
      case ExprKind::kMul: {
        for (ExprId c : {x.a, x.b}) {
          TypeId t = check_expr(c, scope, Schema::kIntT);
          expect_type(c, t, Schema::kIntT, "an operand of '*'");
        }
        return set(e, Schema::kIntT);
      }
      case ExprKind::kList: {
        TypeId elem = hint != Schema::kErrorT && is_kind(hint, TypeKind::kList)
                          ? p_.schema.info(hint).elem
                          : Schema::kErrorT;
        TypeId first = Schema::kAnyT;
        for (ExprId c : x.args) {
          TypeId t = check_expr(c, scope, elem);
          if (first == Schema::kAnyT || is_err(first)) {
            first = t;
          } else if (!p_.schema.compatible(first, t)) {
            err("E0412", expr(c).span,
                fmt::format("list items must have one type: {} and {}", p_.schema.name(first),
                            p_.schema.name(t)));
          }
        }
        return set(e, p_.schema.list_of(first));
      }
      case ExprKind::kExists:
      case ExprKind::kAll:
      case ExprKind::kCount:
      case ExprKind::kSum:
      case ExprKind::kMax:
      case ExprKind::kMin:
        return check_quantifier(e, scope);
      case ExprKind::kComprehension:
        return check_comprehension(e, scope);
      case ExprKind::kIf: {
        TypeId c = check_expr(x.a, scope, Schema::kBoolT);
        expect_type(x.a, c, Schema::kBoolT, "the condition of 'if'");
        TypeId a = check_expr(x.b, scope, hint);
        TypeId b = check_expr(x.c, scope, is_err(a) ? hint : a);
        if (!p_.schema.compatible(a, b)) {
          err("E0413", x.span,
              fmt::format("the branches of 'if' differ: {} and {}", p_.schema.name(a),
                          p_.schema.name(b)));
        }
        return set(e, is_err(a) ? b : a);
      }
    }
    return set(e, Schema::kErrorT);
  }

  TypeId check_list_with_hint(ExprId e, const Scope& scope, TypeId elem) {
    const Expr& x = expr(e);
    if (x.kind == ExprKind::kList) {
      TypeId first = Schema::kAnyT;
      for (ExprId c : x.args) {
        TypeId t = check_expr(c, scope, elem);
        if (first == Schema::kAnyT) {
          first = t;
        } else if (!p_.schema.compatible(first, t)) {
          err("E0412", expr(c).span,
              fmt::format("list items must have one type: {} and {}", p_.schema.name(first),
                          p_.schema.name(t)));
        }
      }
      return set(
          e, p_.schema.list_of(first == Schema::kAnyT && elem != Schema::kErrorT ? elem : first));
    }
    return check_expr(e, scope);
  }

  std::pair<TypeId, TypeId> check_pair(ExprId a, ExprId b, const Scope& scope) {
    // Check the side that is not a bare enum member first, so the member resolves by its type.
    bool a_bare = expr(a).kind == ExprKind::kName && !scope.find(expr(a).text) &&
                  !input_index_.count(expr(a).text) && !def_index_.count(expr(a).text);
    if (a_bare) {
      TypeId r = check_expr(b, scope);
      TypeId l = check_expr(a, scope, r);
      return {l, r};
    }
    TypeId l = check_expr(a, scope);
    TypeId r = check_expr(b, scope, l);
    return {l, r};
  }

  TypeId check_arith(ExprId e, const Scope& scope) {
    const Expr& x = expr(e);
    TypeId l = check_expr(x.a, scope);
    TypeId r = check_expr(x.b, scope);
    if (is_err(l) || is_err(r)) return set(e, is_err(l) ? r : l);
    bool add = x.kind == ExprKind::kAdd;
    if (l == Schema::kIntT && r == Schema::kIntT) return set(e, Schema::kIntT);
    if (l == Schema::kDateT && r == Schema::kIntT) return set(e, Schema::kDateT);  // +/- days
    if ((l == Schema::kDateT || l == Schema::kDateTimeT) && r == Schema::kDurationT) {
      return set(e, l);
    }
    if (add && l == Schema::kDurationT && (r == Schema::kDateT || r == Schema::kDateTimeT)) {
      return set(e, r);
    }
    if (l == Schema::kDurationT && r == Schema::kDurationT) return set(e, Schema::kDurationT);
    err("E0414", x.span,
        fmt::format("cannot {} {} and {}", add ? "add" : "subtract", p_.schema.name(l),
                    p_.schema.name(r)),
        l == Schema::kDateT && r == Schema::kDateT
            ? "use days_between(a, b) for the days between two dates"
            : "dates and date-times take durations such as `5 years`");
    return set(e, Schema::kErrorT);
  }

  TypeId check_quantifier(ExprId e, const Scope& scope) {
    const Expr& x = expr(e);
    TypeId lt = check_expr(x.a, scope);
    TypeId elem = Schema::kErrorT;
    if (is_kind(lt, TypeKind::kList)) {
      elem = p_.schema.info(lt).elem;
    } else if (!is_err(lt)) {
      err("E0415", expr(x.a).span,
          fmt::format("expected a list to range over, found {}", p_.schema.name(lt)));
    }
    uint32_t slot = p_.local_slots++;
    info(e).locals = {slot};
    Scope inner = scope;
    inner.vars.push_back({x.text, {slot, elem}});
    if (x.b != kNoExpr) {
      TypeId c = check_expr(x.b, inner, Schema::kBoolT);
      expect_type(x.b, c, Schema::kBoolT, "the condition after 'where'");
    }
    switch (x.kind) {
      case ExprKind::kExists:
      case ExprKind::kAll:
        return set(e, Schema::kBoolT);
      case ExprKind::kCount:
        return set(e, Schema::kIntT);
      default:
        break;
    }
    TypeId v = check_expr(x.c, inner);
    if (x.kind == ExprKind::kSum) {
      expect_type(x.c, v, Schema::kIntT, "the value after 'of'");
      return set(e, Schema::kIntT);
    }
    if (!is_err(v) && v != Schema::kIntT && v != Schema::kDateT && v != Schema::kDateTimeT) {
      err("E0416", expr(x.c).span,
          fmt::format("max and min take ints, dates or date-times, not {}", p_.schema.name(v)));
    }
    return set(e, v);
  }

  TypeId check_comprehension(ExprId e, const Scope& scope) {
    const Expr& x = expr(e);
    Scope inner = scope;
    for (size_t i = 0; i < x.args.size(); ++i) {
      TypeId lt = check_expr(x.args[i], inner);
      TypeId elem = Schema::kErrorT;
      if (is_kind(lt, TypeKind::kList)) {
        elem = p_.schema.info(lt).elem;
      } else if (!is_err(lt)) {
        err("E0415", expr(x.args[i]).span,
            fmt::format("expected a list to range over, found {}", p_.schema.name(lt)));
      }
      uint32_t slot = p_.local_slots++;
      info(e).locals.push_back(slot);
      inner.vars.push_back({x.vars[i], {slot, elem}});
    }
    if (x.b != kNoExpr) {
      TypeId c = check_expr(x.b, inner, Schema::kBoolT);
      expect_type(x.b, c, Schema::kBoolT, "the condition after 'where'");
    }
    TypeId v = check_expr(x.a, inner);
    return set(e, p_.schema.list_of(v));
  }

  TypeId check_call(ExprId e, const Scope& scope) {
    const Expr& x = expr(e);
    if (auto it = def_index_.find(x.text); it != def_index_.end()) {
      const DefGroup& g = p_.defs[it->second];
      if (g.params.size() != x.args.size()) {
        err("E0417", x.span,
            fmt::format("'{}' takes {} argument(s), given {}", x.text, g.params.size(),
                        x.args.size()));
        return set(e, g.type);
      }
      for (size_t i = 0; i < x.args.size(); ++i) {
        TypeId t = check_expr(x.args[i], scope, g.params[i]);
        expect_type(x.args[i], t, g.params[i], fmt::format("argument {} of '{}'", i + 1, x.text));
      }
      info(e).ref = Ref{RefKind::kDef, it->second, 0};
      return set(e, g.type);
    }
    static const Builtins builtins;
    auto bit = builtins.by_name.find(x.text);
    if (bit == builtins.by_name.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : builtins.by_name) names.push_back(n);
      for (const auto& [n, _] : def_index_) names.push_back(n);
      err("E0418", x.span, fmt::format("unknown function '{}'", x.text), suggest(x.text, names));
      return set(e, Schema::kErrorT);
    }
    Builtin b = bit->second;
    info(e).ref = Ref{RefKind::kBuiltin, static_cast<uint32_t>(b), 0};
    std::vector<TypeId> at;
    for (ExprId a : x.args) at.push_back(check_expr(a, scope));
    auto arity = [&](size_t lo, size_t hi) {
      if (x.args.size() < lo || x.args.size() > hi) {
        err("E0417", x.span,
            fmt::format("'{}' takes {} argument(s), given {}", x.text,
                        lo == hi ? std::to_string(lo) : fmt::format("{} to {}", lo, hi),
                        x.args.size()));
        return false;
      }
      return true;
    };
    auto want = [&](size_t i, TypeId t, const char* what) {
      if (i < at.size()) expect_type(x.args[i], at[i], t, what);
    };
    switch (b) {
      case Builtin::kDate:
        if (arity(1, 1)) want(0, Schema::kDateTimeT, "the argument of date()");
        return set(e, Schema::kDateT);
      case Builtin::kListed:
        if (arity(2, 3)) {
          const Expr& l = expr(x.args[0]);
          if (l.kind != ExprKind::kString) {
            err("E0419", l.span, "the first argument of listed() must be a list id in quotes",
                "e.g. listed(\"nyc-vsc\", c.statute)");
          } else if (env_.has_catalog_list && !env_.has_catalog_list(l.text)) {
            err("E0420", l.span, fmt::format("no catalog defines the list '{}'", l.text),
                "lists come from the `lists` column of catalogs/**/*.csv");
          }
          want(1, Schema::kCitationT, "the second argument of listed()");
          if (x.args.size() == 3) want(2, Schema::kStringT, "the subdivision argument of listed()");
        }
        return set(e, Schema::kBoolT);
      case Builtin::kBusinessHoursAfter:
        if (arity(2, 2)) {
          want(0, Schema::kDateTimeT, "the first argument of business_hours_after()");
          want(1, Schema::kIntT, "the number of hours");
          const auto& h = p_.modules.back().header;
          if (h && h->holidays.empty()) {
            err("E0421", x.span, "business_hours_after() needs the policy's holiday calendar",
                "add `holidays \"us-ny-gcl-24\"` to the policy header");
          }
        }
        return set(e, Schema::kDateTimeT);
      case Builtin::kDaysBetween:
        if (arity(2, 2)) {
          want(0, Schema::kDateT, "the first argument of days_between()");
          want(1, Schema::kDateT, "the second argument of days_between()");
        }
        return set(e, Schema::kIntT);
      case Builtin::kCoveredDays:
        if (arity(2, 2)) {
          bool ok = false;
          if (is_kind(at[0], TypeKind::kList)) {
            TypeId el = p_.schema.info(at[0]).elem;
            if (is_kind(el, TypeKind::kRecord)) {
              const RecordInfo& r = p_.schema.records[p_.schema.info(el).ref];
              int f = r.field_index("from"), t = r.field_index("to");
              ok = f >= 0 && t >= 0 && r.fields[f].type == Schema::kDateT &&
                   r.fields[t].type == Schema::kDateT;
            }
          }
          if (!ok && !is_err(at[0])) {
            err("E0422", expr(x.args[0]).span,
                "covered_days() needs a list of records with `from: date` and `to: date`");
          }
          want(1, Schema::kDateT, "the second argument of covered_days()");
        }
        return set(e, Schema::kIntT);
      case Builtin::kKnown:
        arity(1, 1);
        return set(e, Schema::kBoolT);
      case Builtin::kLength:
        if (arity(1, 1) && !is_err(at[0]) && !is_kind(at[0], TypeKind::kList)) {
          err("E0415", expr(x.args[0]).span, "length() takes a list");
        }
        return set(e, Schema::kIntT);
      case Builtin::kMaxOf:
      case Builtin::kMinOf:
        if (arity(2, 2)) {
          if (!is_err(at[0]) && at[0] != Schema::kIntT && at[0] != Schema::kDateT &&
              at[0] != Schema::kDateTimeT) {
            err("E0416", expr(x.args[0]).span,
                fmt::format("{}() takes ints, dates or date-times", x.text));
          }
          want(1, at[0], "the second argument");
          return set(e, at[0]);
        }
        return set(e, Schema::kErrorT);
    }
    return set(e, Schema::kErrorT);
  }

  CheckedPolicy& p_;
  const CheckEnv& env_;
  Diagnostics& diags_;
  uint32_t cur_module_ = 0;
  std::set<std::string> version_dates_;
  std::map<std::string, TypeId> type_names_;
  std::map<std::string, uint32_t> input_index_;
  std::map<std::string, uint32_t> action_index_;
  std::map<std::string, uint32_t> def_index_;
  std::map<std::string, uint32_t> target_index_;
};

}  // namespace

std::unique_ptr<CheckedPolicy> check_policy(std::shared_ptr<const SourceMap> sources,
                                            syntax::Module prelude,
                                            std::vector<syntax::Module> libraries,
                                            syntax::Module policy, const CheckEnv& env,
                                            Diagnostics& diags) {
  auto out = std::make_unique<CheckedPolicy>();
  out->sources = std::move(sources);
  out->modules.push_back(std::move(prelude));
  for (auto& l : libraries) out->modules.push_back(std::move(l));
  out->modules.push_back(std::move(policy));
  Diagnostics local;
  Checker(*out, env, local).run();
  bool failed = local.has_errors();
  diags.append(local);
  if (failed) return nullptr;
  return out;
}

}  // namespace writ::check
