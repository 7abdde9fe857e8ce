// Lowers a checked policy, for one version, into a flat Program.
#include <algorithm>
#include <atomic>
#include <map>

#include <fmt/format.h>

#include "calendar/civil.h"
#include "catalog/catalog.h"
#include "eval/program.h"

namespace writ::eval {
namespace {

using check::CheckedPolicy;
using check::RefKind;
using syntax::ExprKind;
using syntax::kNoExpr;

bool in_force(const syntax::InForce& f, const std::string& version_date) {
  if (!f.since.empty() && version_date < f.since) return false;
  if (!f.until.empty() && version_date >= f.until) return false;
  return true;
}

class Compiler {
 public:
  Compiler(std::shared_ptr<const CheckedPolicy> p, size_t vi, Diagnostics& diags)
      : p_(*p), diags_(diags) {
    static std::atomic<uint64_t> next_serial{1};
    prog_ = std::make_unique<Program>();
    prog_->serial = next_serial.fetch_add(1);
    prog_->policy = std::move(p);
    const auto& h = p_.header();
    prog_->version = h.versions[vi].date;
    prog_->version_label = h.versions[vi].label;
    prog_->from = *cal::parse_date(prog_->version);
    if (vi + 1 < h.versions.size()) {
      prog_->to = *cal::parse_date(h.versions[vi + 1].date);
    } else if (!h.ends.empty()) {
      prog_->to = *cal::parse_date(h.ends);
    } else {
      prog_->to = INT32_MAX;
    }
    prog_->local_slots = p_.local_slots;
  }

  std::unique_ptr<Program> run() {
    const std::string& v = prog_->version;
    // Definitions in force.
    prog_->defs.resize(p_.defs.size());
    for (uint32_t g = 0; g < p_.defs.size(); ++g) {
      DefCode& d = prog_->defs[g];
      d.name = p_.defs[g].name;
      d.group = g;
      for (const auto& var : p_.defs[g].variants) {
        const auto& decl = p_.def_decl(var);
        if (in_force(decl.in_force, v)) {
          d.decl = &decl;
          d.param_slots = var.param_slots;
          variant_module_[g] = var.module;
        }
      }
    }
    for (uint32_t g = 0; g < p_.defs.size(); ++g) {
      DefCode& d = prog_->defs[g];
      if (d.decl && d.decl->body != kNoExpr) {
        cur_module_ = variant_module_[g];
        d.body = lower(d.decl->body);
      }
    }
    // Rules in force, and their exception trees per target.
    std::map<std::string, uint32_t> label_to_rule;
    for (uint32_t i = 0; i < p_.rules.size(); ++i) label_to_rule[p_.rule(i).label] = i;
    prog_->targets.resize(p_.targets.size());
    for (uint32_t t = 0; t < p_.targets.size(); ++t) prog_->targets[t].target = t;
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> code_of;  // (rule, target) -> RuleCode
    for (uint32_t i = 0; i < p_.rules.size(); ++i) {
      const auto& r = p_.rule(i);
      if (!in_force(r.in_force, v)) continue;
      cur_module_ = p_.rules[i].module;
      uint32_t cond = r.when == kNoExpr ? kNone32 : lower(r.when);
      for (const auto& a : r.assignments) {
        uint32_t t = target_of(a.target);
        RuleCode rc;
        rc.rule = i;
        rc.target = t;
        rc.cond = cond;
        rc.value = lower(a.value);
        prog_->rules.push_back(std::move(rc));
        code_of[{i, t}] = static_cast<uint32_t>(prog_->rules.size() - 1);
      }
    }
    for (const auto& [key, code] : code_of) {
      auto [i, t] = key;
      const auto& r = p_.rule(i);
      if (r.exception_to.empty()) {
        prog_->targets[t].roots.push_back(code);
        continue;
      }
      uint32_t base = label_to_rule[r.exception_to];
      auto it = code_of.find({base, t});
      if (it == code_of.end()) {
        diags_.error(
            "E0501", r.exception_span,
            fmt::format("in version {}, rule '{}' overrides '{}', which is not in force then", v,
                        r.label, r.exception_to),
            "give both rules the same `since`/`until` dates, or make this one a base rule");
        continue;
      }
      prog_->rules[it->second].exceptions.push_back(code);
    }
    // Notices in force.
    for (uint32_t i = 0; i < p_.notices.size(); ++i) {
      const auto& n = p_.notice(i);
      if (!in_force(n.in_force, v)) continue;
      cur_module_ = p_.notices[i].module;
      prog_->notices.push_back(NoticeCode{i, n.when == kNoExpr ? kNone32 : lower(n.when)});
    }
    for (auto& rc : prog_->rules) std::sort(rc.exceptions.begin(), rc.exceptions.end());
    for (auto& tc : prog_->targets) std::sort(tc.roots.begin(), tc.roots.end());
    for (uint32_t g = 0; g < p_.defs.size(); ++g) {
      if (p_.defs[g].rule_defined)
        prog_->defs[g].target = static_cast<int>(target_of(p_.defs[g].name));
    }
    // Every action the policy writes rules for needs a base rule in every version.
    for (uint32_t t = 0; t < p_.targets.size(); ++t) {
      const auto& ti = p_.targets[t];
      if (ti.is_until || ti.action < 0) continue;
      bool any = false;
      for (const auto& rc : prog_->rules) any |= rc.target == t;
      if (any && prog_->targets[t].roots.empty()) {
        diags_.error(
            "E0502", p_.header().versions.front().span,
            fmt::format("in version {}, action '{}' has exceptions but no base rule", v, ti.name));
      }
    }
    for (uint32_t e = 0; e < p_.schema.enums.size(); ++e) {
      if (p_.schema.enums[e].name == "RequestKind") prog_->request_kind_enum = e;
    }
    for (uint32_t i = 0; i < p_.inputs.size(); ++i) {
      if (p_.inputs[i].first != "request") continue;
      const auto& ti = p_.schema.info(p_.inputs[i].second);
      if (ti.kind != check::TypeKind::kRecord) continue;
      int f = p_.schema.records[ti.ref].field_index("kind");
      if (f < 0) continue;
      prog_->request_slot = i;
      prog_->request_kind_field = static_cast<uint32_t>(f);
    }
    const auto& kinds =
        p_.schema.enums.empty() ? check::EnumInfo{} : p_.schema.enums[prog_->request_kind_enum];
    for (const auto& a : p_.actions) {
      uint64_t mask = 0;
      for (const auto& k : a.requested_by) {
        int m = kinds.member_index(k);
        if (m >= 0 && m < 64) mask |= uint64_t{1} << m;
      }
      prog_->requested_by.push_back(mask);
    }
    return std::move(prog_);
  }

 private:
  uint32_t target_of(const std::string& name) const {
    for (uint32_t t = 0; t < p_.targets.size(); ++t) {
      if (p_.targets[t].name == name) return t;
    }
    return 0;
  }
  uint32_t emit(Node n) {
    prog_->nodes.push_back(n);
    return static_cast<uint32_t>(prog_->nodes.size() - 1);
  }
  uint32_t konst(Value v) {
    prog_->consts.push_back(v);
    Node n;
    n.op = Op::kConst;
    n.k = static_cast<uint32_t>(prog_->consts.size() - 1);
    return emit(n);
  }
  uint32_t args(const std::vector<uint32_t>& xs) {
    auto at = static_cast<uint32_t>(prog_->pool.size());
    prog_->pool.insert(prog_->pool.end(), xs.begin(), xs.end());
    return at;
  }

  uint32_t lower(syntax::ExprId id) {
    const auto& x = p_.modules[cur_module_].exprs[id];
    const auto& inf = p_.info[cur_module_][id];
    Node n;
    switch (x.kind) {
      case ExprKind::kBool:
        return konst(Value::boolean(x.num != 0));
      case ExprKind::kInt:
        return konst(Value::integer(x.num));
      case ExprKind::kString:
        prog_->const_strings.push_back(x.text);
        return konst(Value::string(&prog_->const_strings.back()));
      case ExprKind::kDate:
        return konst(Value::day(*cal::parse_date(x.text)));
      case ExprKind::kDateTime: {
        auto dt = *cal::parse_datetime(x.text);
        return konst(Value::datetime(dt.utc_seconds, dt.offset_seconds));
      }
      case ExprKind::kDuration: {
        Duration d;
        int32_t amount = static_cast<int32_t>(x.num);
        if (x.unit == 'y')
          d.years = amount;
        else if (x.unit == 'm')
          d.months = amount;
        else if (x.unit == 'd')
          d.days = amount;
        else
          d.hours = amount;
        return konst(Value::duration(d));
      }
      case ExprKind::kNone:
        return konst(Value::none());
      case ExprKind::kUnknown:
        return konst(Value::unknown());
      case ExprKind::kName:
        switch (inf.ref.kind) {
          case RefKind::kInput:
            n.op = Op::kInput;
            n.k = inf.ref.index;
            return emit(n);
          case RefKind::kLocal:
            n.op = Op::kLocal;
            n.k = inf.ref.index;
            return emit(n);
          case RefKind::kEnumConst:
            return konst(Value::enumeration(inf.ref.member));
          case RefKind::kDef:
            return def_ref(inf.ref.index, x.span, {});
          default:
            return konst(Value::unknown());
        }
      case ExprKind::kField:
        if (inf.ref.kind == RefKind::kEnumConst) return konst(Value::enumeration(inf.ref.member));
        n.op = Op::kField;
        n.a = lower(x.a);
        n.k = inf.ref.index;
        if (prog_->nodes[n.a].op == Op::kLocal) {
          n.op = Op::kLocalField;
          n.a = prog_->nodes[n.a].k;
        } else if (prog_->nodes[n.a].op == Op::kInput) {
          n.op = Op::kInputField;
          n.a = prog_->nodes[n.a].k;
        }
        return emit(n);
      case ExprKind::kCall: {
        std::vector<uint32_t> as;
        for (auto a : x.args) as.push_back(lower(a));
        if (inf.ref.kind == RefKind::kDef) return def_ref(inf.ref.index, x.span, as);
        n.op = Op::kBuiltin;
        n.aux = static_cast<uint8_t>(inf.ref.index);
        n.args = args(as);
        n.nargs = static_cast<uint32_t>(as.size());
        return emit(n);
      }
      case ExprKind::kNot:
        n.op = Op::kNot;
        n.a = lower(x.a);
        return emit(n);
      case ExprKind::kNeg:
        n.op = Op::kNeg;
        n.a = lower(x.a);
        return emit(n);
      case ExprKind::kAnd:
        n.op = Op::kAnd;
        break;
      case ExprKind::kOr:
        n.op = Op::kOr;
        break;
      case ExprKind::kEq:
        n.op = Op::kEq;
        break;
      case ExprKind::kNe:
        n.op = Op::kNe;
        break;
      case ExprKind::kLt:
        n.op = Op::kLt;
        break;
      case ExprKind::kLe:
        n.op = Op::kLe;
        break;
      case ExprKind::kGt:
        n.op = Op::kGt;
        break;
      case ExprKind::kGe:
        n.op = Op::kGe;
        break;
      case ExprKind::kAdd:
        n.op = Op::kAdd;
        break;
      case ExprKind::kSub:
        n.op = Op::kSub;
        break;
      case ExprKind::kMul:
        n.op = Op::kMul;
        break;
      case ExprKind::kIn:
        n.op = Op::kIn;
        break;
      case ExprKind::kList: {
        std::vector<uint32_t> as;
        for (auto a : x.args) as.push_back(lower(a));
        bool constant = std::all_of(as.begin(), as.end(),
                                    [&](uint32_t a) { return prog_->nodes[a].op == Op::kConst; });
        if (constant) {
          // A list of constants is built once, here, not on every evaluation.
          auto& items = prog_->const_lists.emplace_back();
          for (uint32_t a : as) items.push_back(prog_->consts[prog_->nodes[a].k]);
          List& head = prog_->const_list_heads.emplace_back();
          head.items = items.data();
          head.size = static_cast<uint32_t>(items.size());
          return konst(Value::of_list(&head));
        }
        n.op = Op::kList;
        n.args = args(as);
        n.nargs = static_cast<uint32_t>(as.size());
        return emit(n);
      }
      case ExprKind::kExists:
        n.op = Op::kExists;
        return quant(n, x, inf);
      case ExprKind::kAll:
        n.op = Op::kAll;
        return quant(n, x, inf);
      case ExprKind::kCount:
        n.op = Op::kCount;
        return quant(n, x, inf);
      case ExprKind::kSum:
        n.op = Op::kSum;
        return quant(n, x, inf);
      case ExprKind::kMax:
        n.op = Op::kMax;
        return quant(n, x, inf);
      case ExprKind::kMin:
        n.op = Op::kMin;
        return quant(n, x, inf);
      case ExprKind::kComprehension: {
        // pool: [src0, slot0, src1, slot1, ...]
        std::vector<uint32_t> as;
        for (size_t i = 0; i < x.args.size(); ++i) {
          as.push_back(lower(x.args[i]));
          as.push_back(inf.locals[i]);
        }
        n.op = Op::kComp;
        n.a = lower(x.a);
        n.b = x.b == kNoExpr ? kNone32 : lower(x.b);
        n.args = args(as);
        n.nargs = static_cast<uint32_t>(x.args.size());
        return emit(n);
      }
      case ExprKind::kIf:
        n.op = Op::kIf;
        n.a = lower(x.a);
        n.b = lower(x.b);
        n.c = lower(x.c);
        {
          uint32_t at = emit(n);
          prog_->branches.push_back(BranchSite{at, cur_module_, id});
          return at;
        }
    }
    n.a = lower(x.a);
    n.b = lower(x.b);
    if ((n.op == Op::kEq || n.op == Op::kNe) && prog_->nodes[n.b].op == Op::kConst &&
        prog_->consts[prog_->nodes[n.b].k].known()) {
      n.op = n.op == Op::kEq ? Op::kEqConst : Op::kNeConst;
      n.k = prog_->nodes[n.b].k;
      n.b = kNone32;
    }
    return emit(n);
  }

  uint32_t quant(Node n, const syntax::Expr& x, const check::ExprInfo& inf) {
    n.a = lower(x.a);
    n.b = x.b == kNoExpr ? kNone32 : lower(x.b);
    n.c = x.c == kNoExpr ? kNone32 : lower(x.c);
    n.k = inf.locals.at(0);
    return emit(n);
  }

  uint32_t def_ref(uint32_t group, Span span, const std::vector<uint32_t>& as) {
    const DefCode& d = prog_->defs[group];
    if (!d.decl) {
      diags_.error(
          "E0503", span,
          fmt::format("'{}' is used in version {} but no definition of it is in force then", d.name,
                      prog_->version),
          "add a definition of it for that version, or limit this rule with since/until");
      return konst(Value::unknown());
    }
    Node n;
    n.k = group;
    if (as.empty() && d.param_slots.empty()) {
      n.op = Op::kDef;
      return emit(n);
    }
    n.op = Op::kCallDef;
    n.args = args(as);
    n.nargs = static_cast<uint32_t>(as.size());
    return emit(n);
  }

  const CheckedPolicy& p_;
  Diagnostics& diags_;
  std::unique_ptr<Program> prog_;
  uint32_t cur_module_ = 0;
  std::map<uint32_t, uint32_t> variant_module_;
};

}  // namespace

bool link_program(Program& p, std::string& error) {
  for (Node& n : p.nodes) {
    if (n.op != Op::kBuiltin || static_cast<check::Builtin>(n.aux) != check::Builtin::kListed)
      continue;
    const Node& id = p.nodes[p.pool[n.args]];
    if (id.op != Op::kConst || p.consts[id.k].kind != VKind::kString || !p.catalog) {
      error = "listed() needs a list id in quotes";
      return false;
    }
    auto idx = p.catalog->list_index(*p.consts[id.k].str);
    if (!idx) {
      error = fmt::format("no catalog defines the list '{}'", *p.consts[id.k].str);
      return false;
    }
    n.k = idx->value;
  }
  return true;
}

std::unique_ptr<Program> compile_version(std::shared_ptr<const check::CheckedPolicy> policy,
                                         size_t version_index, Diagnostics& diags) {
  Diagnostics local;
  auto prog = Compiler(std::move(policy), version_index, local).run();
  bool failed = local.has_errors();
  diags.append(local);
  if (failed) return nullptr;
  return prog;
}

}  // namespace writ::eval
