#include "analysis/program_encoder.h"

#include <fmt/format.h>

#include "analysis/civil_terms.h"
#include "calendar/civil.h"
#include "calendar/holiday_calendar.h"
#include "calendar/time_zone.h"

namespace writ::analysis {

using check::Builtin;
using eval::Op;
using eval::VKind;

const char* outcome_name(int64_t o) {
  return o == kHonor ? "honor" : o == kDecline ? "decline" : "review";
}

z3::expr is_true(const SVal& b) {
  if (b.kind != SK::kBool) return b.known.ctx().bool_val(false);
  return b.typed() && b.v;
}

z3::expr is_false(const SVal& b) {
  if (b.kind != SK::kBool) return b.known.ctx().bool_val(false);
  return b.typed() && !b.v;
}

z3::expr same_value(const SVal& a, const SVal& b) {
  z3::context& c = a.known.ctx();
  z3::expr both_none = a.none && b.none;
  if (a.kind == SK::kAny || b.kind == SK::kAny || a.kind != b.kind) return both_none;
  z3::expr eq = c.bool_val(false);
  switch (a.kind) {
    case SK::kDuration:
      eq = c.bool_val(a.dur.years == b.dur.years && a.dur.months == b.dur.months &&
                      a.dur.days == b.dur.days && a.dur.hours == b.dur.hours);
      break;
    case SK::kRecord:
      if (a.rec != b.rec) throw Unsupported("comparing two records is not modelled");
      eq = c.bool_val(true);
      break;
    case SK::kList:
      if (a.list != b.list) throw Unsupported("comparing two lists is not modelled");
      eq = c.bool_val(true);
      break;
    case SK::kCitation: {
      // Each citation field holds one class; two fields of the same class may still be two
      // different citations. So two fields are the same citation when they are of one class and
      // a free choice for that pair of fields says so (shared by both policies' translations).
      // Every real case is covered; a counterexample that rests on two different citations of
      // one class is re-decided by the engine and marked when not reproduced.
      if (z3::eq(a.v, b.v)) {
        eq = c.bool_val(true);
      } else if (a.v.is_const() && b.v.is_const() && !a.v.is_numeral() && !b.v.is_numeral()) {
        std::string x = a.v.decl().name().str(), y = b.v.decl().name().str();
        if (y < x) std::swap(x, y);
        eq = c.bool_const(("same-citation|" + x + "|" + y).c_str()) && a.v == b.v;
      } else {
        throw Unsupported(
            "comparing citations other than two case fields, or with listed(), is not modelled");
      }
      break;
    }
    default:
      eq = a.v == b.v;
      break;
  }
  return both_none || (!a.none && !b.none && eq);
}

ProgramEncoder::ProgramEncoder(const eval::Program& p, const CaseSpace& space,
                               std::vector<z3::expr>& axioms, Reads* reads)
    : p_(p), space_(space), c_(space.root().known.ctx()), axioms_(axioms), reads_(reads) {
  locals_.resize(p.local_slots);
  find_subdivision_positions();
}

// The evaluator's listed() reads its third argument (a subdivision) only to name facts: the
// decoder has already merged a case's subdivision into its citation. So a subdivision read whose
// value can only reach that argument — directly, through the branches of an `if`, or through a
// definition's parameter used only there — does not bear on any decision, and the domain, which
// folds subdivisions into the citations, still covers every case. Any other read is refused.
void ProgramEncoder::find_subdivision_positions() {
  const auto& nodes = p_.nodes;
  subdivision_ok_.assign(nodes.size(), 0);
  auto mark = [&](uint32_t n, bool& changed) {
    if (n < nodes.size() && !subdivision_ok_[n]) {
      subdivision_ok_[n] = 1;
      changed = true;
    }
  };
  bool changed = false;
  for (const auto& n : nodes) {
    if (n.op == Op::kBuiltin && static_cast<Builtin>(n.aux) == Builtin::kListed && n.nargs > 2)
      mark(p_.pool[n.args + 2], changed);
  }
  while (changed) {
    changed = false;
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      if (subdivision_ok_[i] && nodes[i].op == Op::kIf) {
        mark(nodes[i].b, changed);
        mark(nodes[i].c, changed);
      }
    }
    // A parameter slot every read of which is in such a position.
    std::vector<char> ok(p_.local_slots, 1);
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      const auto& n = nodes[i];
      if (n.op == Op::kLocal && n.k < ok.size() && !subdivision_ok_[i]) ok[n.k] = 0;
      if (n.op == Op::kLocalField && n.a < ok.size()) ok[n.a] = 0;
    }
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      const auto& n = nodes[i];
      if (n.op != Op::kCallDef) continue;
      const auto& slots = p_.defs[n.k].param_slots;
      for (uint32_t a = 0; a < n.nargs && a < slots.size(); ++a) {
        if (slots[a] < ok.size() && ok[slots[a]]) mark(p_.pool[n.args + a], changed);
      }
    }
  }
}

SVal ProgramEncoder::unknown(SK kind) const {
  SVal s(c_);
  s.kind = kind;
  if (kind == SK::kBool) s.v = c_.bool_val(false);
  return s;
}

SVal ProgramEncoder::boolean(const z3::expr& known, const z3::expr& v) const {
  SVal s(c_);
  s.kind = SK::kBool;
  s.known = known;
  s.v = v;
  return s;
}

SVal ProgramEncoder::merge(const z3::expr& cond, const SVal& x, const SVal& y) const {
  SVal s(c_);
  if (x.kind != SK::kAny && y.kind != SK::kAny && x.kind != y.kind)
    throw Unsupported("a conditional with branches of different types is not modelled");
  s.kind = x.kind == SK::kAny ? y.kind : x.kind;
  s.known = z3::ite(cond, x.known, y.known);
  s.none = z3::ite(cond, x.none, y.none);
  if (x.kind == SK::kAny) {
    s.v = y.v;
    s.off = y.off;
  } else if (y.kind == SK::kAny) {
    s.v = x.v;
    s.off = x.off;
  } else {
    s.v = z3::ite(cond, x.v, y.v);
    s.off = z3::ite(cond, x.off, y.off);
  }
  if (x.kind == SK::kDuration && y.kind == SK::kDuration &&
      (x.dur.years != y.dur.years || x.dur.months != y.dur.months || x.dur.days != y.dur.days ||
       x.dur.hours != y.dur.hours))
    throw Unsupported("a duration chosen by a condition is not modelled");
  s.dur = x.kind == SK::kAny ? y.dur : x.dur;
  if (x.rec && y.rec && x.rec != y.rec)
    throw Unsupported("a record chosen by a condition is not modelled");
  if (x.list && y.list && x.list != y.list)
    throw Unsupported("a list chosen by a condition is not modelled");
  s.rec = x.rec ? x.rec : y.rec;
  s.list = x.list ? x.list : y.list;
  if (x.kind == SK::kAny) {
    s.civil = y.civil;
  } else if (y.kind == SK::kAny) {
    s.civil = x.civil;
  } else if (x.civil && y.civil) {
    s.civil = std::make_shared<CivilParts>(
        CivilParts{z3::ite(cond, x.civil->a, y.civil->a), z3::ite(cond, x.civil->b, y.civil->b),
                   z3::ite(cond, x.civil->m, y.civil->m), z3::ite(cond, x.civil->d, y.civil->d)});
  }
  return s;
}

SVal ProgramEncoder::constant(const eval::Value& v) {
  SVal s(c_);
  s.known = c_.bool_val(v.known());
  switch (v.kind) {
    case VKind::kUnknown:
      return s;
    case VKind::kNone:
      s.none = c_.bool_val(true);
      return s;
    case VKind::kBool:
      s.kind = SK::kBool;
      s.v = c_.bool_val(v.b);
      return s;
    case VKind::kInt:
      s.kind = SK::kInt;
      s.v = c_.int_val(v.i);
      return s;
    case VKind::kDate: {
      s.kind = SK::kDate;
      s.v = c_.int_val(v.date);
      auto ymd = cal::ymd_from_days(v.date);
      if (ymd.year >= kPartsFirstYear && ymd.year <= kPartsLastYear)
        s.civil = std::make_shared<CivilParts>(
            parts_of(c_, ymd.year, static_cast<int>(ymd.month), static_cast<int>(ymd.day)));
      return s;
    }
    case VKind::kDateTime:
      s.kind = SK::kDateTime;
      s.v = c_.int_val(v.dt.utc);
      s.off = c_.int_val(v.dt.offset);
      return s;
    case VKind::kDuration:
      s.kind = SK::kDuration;
      s.dur = v.dur;
      return s;
    case VKind::kString: {
      s.kind = SK::kString;
      int id = space_.strings().id_of(*v.str);
      if (id < 0) throw Unsupported("internal: a string constant missing from the string table");
      s.v = c_.int_val(id);
      return s;
    }
    case VKind::kEnum:
      s.kind = SK::kEnum;
      s.v = c_.int_val(v.member);
      return s;
    case VKind::kList: {
      s.kind = SK::kList;
      auto l = std::make_shared<SList>();
      for (uint32_t i = 0; i < v.list->size; ++i) {
        l->present.push_back(c_.bool_val(true));
        l->items.push_back(constant(v.list->items[i]));
      }
      s.list = l;
      return s;
    }
    default:
      throw Unsupported("constants of this type are not modelled");
  }
}

SVal ProgramEncoder::field(const SVal& obj, uint32_t k, bool subdivision_ok) {
  if (obj.kind == SK::kAny) {
    SVal s = unknown();
    s.known = obj.known && obj.none;
    s.none = obj.none;
    return s;
  }
  if (obj.kind != SK::kRecord || !obj.rec) throw Unsupported("a field of a non-record");
  const auto& ri = space_.schema().records[obj.rec->type];
  if (!subdivision_ok && ri.fields[k].name == "subdivision" && ri.field_index("statute") >= 0)
    throw Unsupported(
        "a policy that reads a subdivision other than through listed() is not modelled (the "
        "domain folds the subdivision into the citation)");
  if (reads_) reads_->insert({obj.rec.get(), k});
  SVal s = obj.rec->fields[k];
  s.known = obj.known && s.known;
  return s;
}

SVal ProgramEncoder::def(uint32_t g) {
  auto it = defs_.find(g);
  if (it != defs_.end()) return it->second;
  const eval::DefCode& d = p_.defs[g];
  SVal v = unknown();
  if (d.body != eval::kNone32) {
    v = run(d.body);
  } else if (d.target >= 0) {
    throw Unsupported(fmt::format("rule-defined definition '{}' is not modelled", d.name));
  }
  defs_.emplace(g, v);
  return v;
}

SVal ProgramEncoder::call_def(const eval::Node& node) {
  const eval::DefCode& d = p_.defs[node.k];
  std::vector<SVal> args;
  for (uint32_t i = 0; i < node.nargs; ++i) args.push_back(run(p_.pool[node.args + i]));
  std::vector<std::optional<SVal>> saved;
  for (uint32_t i = 0; i < node.nargs; ++i) {
    saved.push_back(locals_[d.param_slots[i]]);
    locals_[d.param_slots[i]] = args[i];
  }
  SVal v = run(d.body);
  for (uint32_t i = 0; i < node.nargs; ++i) locals_[d.param_slots[i]] = saved[i];
  return v;
}

SVal ProgramEncoder::logic(const eval::Node& node, bool is_or) {
  SVal a = run(node.a);
  SVal b = run(node.b);
  // Kleene: for 'and' false absorbs, for 'or' true absorbs; both booleans give the other value.
  z3::expr absorb = is_or ? (is_true(a) || is_true(b)) : (is_false(a) || is_false(b));
  z3::expr both = (a.kind == SK::kBool ? a.typed() : c_.bool_val(false)) &&
                  (b.kind == SK::kBool ? b.typed() : c_.bool_val(false));
  return boolean(absorb || both, is_or ? absorb : !absorb);
}

SVal ProgramEncoder::compare(const eval::Node& node) {
  SVal a = run(node.a);
  SVal b = node.op == Op::kEqConst || node.op == Op::kNeConst ? constant(p_.consts[node.k])
                                                              : run(node.b);
  switch (node.op) {
    case Op::kEq:
    case Op::kEqConst:
      return boolean(a.known && b.known, same_value(a, b));
    case Op::kNe:
    case Op::kNeConst:
      return boolean(a.known && b.known, !same_value(a, b));
    default:
      break;
  }
  bool ordered =
      a.kind == b.kind && (a.kind == SK::kInt || a.kind == SK::kDate || a.kind == SK::kDateTime);
  if (!ordered) return boolean(c_.bool_val(false), c_.bool_val(false));
  z3::expr r = node.op == Op::kLt   ? a.v < b.v
               : node.op == Op::kLe ? a.v <= b.v
               : node.op == Op::kGt ? a.v > b.v
                                    : a.v >= b.v;
  return boolean(a.typed() && b.typed(), r);
}

namespace {
constexpr int64_t kMinDay = -719162;  // 0001-01-01
constexpr int64_t kMaxDay = 2932896;  // 9999-12-31
}  // namespace

SVal ProgramEncoder::shift(const SVal& a, const eval::Duration& d, int sign) {
  // Dates of the domain stay within the years the calendar terms cover (1600..2499).
  if (std::abs(int64_t{d.years} * 12 + d.months) > 12 * 290 || std::abs(int64_t{d.days}) > 100000 ||
      std::abs(int64_t{d.hours}) > 2400000)
    throw Unsupported("date shifts of more than 290 years are not modelled");
  SVal s = a;
  if (a.kind == SK::kDate) {
    // Years first, then months, each with its own end-of-month clamp (as the evaluator).
    int64_t days = sign * (int64_t{d.days} + d.hours / 24);
    z3::expr r = a.v;
    if (a.civil) {
      CivilParts parts = add_months_parts(add_months_parts(*a.civil, sign * int64_t{d.years} * 12),
                                          sign * int64_t{d.months});
      r = days_from_parts(parts) + c_.int_val(days);
      s.civil = days == 0 ? std::make_shared<CivilParts>(parts) : nullptr;
    } else {
      r = add_months_term(add_months_term(a.v, sign * int64_t{d.years} * 12),
                          sign * int64_t{d.months}) +
          c_.int_val(days);
      s.civil = nullptr;
    }
    s.v = r;
    s.known = a.known && (a.none || (r >= c_.int_val(kMinDay) && r <= c_.int_val(kMaxDay)));
    return s;
  }
  // Date-times: years and months move the local calendar date; days and hours are elapsed.
  z3::expr local = a.v + a.off;
  z3::expr day = local / 86400;
  z3::expr tod = local - day * 86400;
  z3::expr nd =
      add_months_term(add_months_term(day, sign * int64_t{d.years} * 12), sign * int64_t{d.months});
  int64_t elapsed = int64_t{d.days} * 86400 + int64_t{d.hours} * 3600;
  z3::expr utc = nd * 86400 + tod - a.off + c_.int_val(sign * elapsed);
  s.v = utc;
  z3::expr rday = (utc + a.off) / 86400;
  s.known = a.known && (a.none || (rday >= c_.int_val(kMinDay) && rday <= c_.int_val(kMaxDay)));
  return s;
}

SVal ProgramEncoder::arith(const eval::Node& node) {
  SVal a = run(node.a);
  SVal b = run(node.b);
  int sign = node.op == Op::kSub ? -1 : 1;
  z3::expr known = a.known && b.known;
  z3::expr none = a.none || b.none;
  auto result = [&](SK kind, const z3::expr& v, const z3::expr& ok) {
    SVal s(c_);
    s.kind = kind;
    s.known = known && (none || ok);
    s.none = none;
    s.v = v;
    return s;
  };
  if (a.kind == SK::kDate && b.kind == SK::kInt) {
    z3::expr r = sign > 0 ? a.v + b.v : a.v - b.v;
    return result(SK::kDate, r, r >= c_.int_val(kMinDay) && r <= c_.int_val(kMaxDay));
  }
  if (a.kind == SK::kInt && b.kind == SK::kInt) {
    z3::expr r = node.op == Op::kMul ? a.v * b.v : sign > 0 ? a.v + b.v : a.v - b.v;
    return result(SK::kInt, r, c_.bool_val(true));
  }
  if (a.kind == SK::kDuration && b.kind == SK::kDuration) {
    SVal s = result(SK::kDuration, c_.int_val(0), c_.bool_val(true));
    s.dur.years = a.dur.years + sign * b.dur.years;
    s.dur.months = a.dur.months + sign * b.dur.months;
    s.dur.days = a.dur.days + sign * b.dur.days;
    s.dur.hours = a.dur.hours + sign * b.dur.hours;
    return s;
  }
  const SVal& x = a.kind == SK::kDuration ? b : a;
  const SVal& dur = a.kind == SK::kDuration ? a : b;
  if (dur.kind == SK::kDuration && (x.kind == SK::kDate || x.kind == SK::kDateTime)) {
    SVal s = shift(x, dur.dur, sign);
    s.known = s.known && dur.known;
    s.none = none;
    return s;
  }
  if (a.kind == SK::kAny || b.kind == SK::kAny) {
    SVal s = unknown();
    s.known = known && none;
    s.none = none;
    return s;
  }
  throw Unsupported("this arithmetic is not modelled");
}

SVal ProgramEncoder::member(const eval::Node& node) {
  SVal x = run(node.a);
  SVal l = run(node.b);
  if (!l.list) return boolean(c_.bool_val(false), c_.bool_val(false));
  z3::expr found = c_.bool_val(false), unk = c_.bool_val(false);
  for (size_t i = 0; i < l.list->items.size(); ++i) {
    const SVal& it = l.list->items[i];
    const z3::expr& p = l.list->present[i];
    found = found || (p && it.known && same_value(x, it));
    unk = unk || (p && !it.known);
  }
  return boolean(l.typed() && x.known && (found || !unk), found);
}

SVal ProgramEncoder::quantify(const eval::Node& node, bool is_exists) {
  SVal l = run(node.a);
  z3::expr none_list = l.known && l.none;
  z3::expr witness = c_.bool_val(false), unk = c_.bool_val(false);
  if (l.list) {
    for (size_t i = 0; i < l.list->items.size(); ++i) {
      auto saved = locals_[node.k];
      locals_[node.k] = l.list->items[i];
      SVal c =
          node.b == eval::kNone32 ? boolean(c_.bool_val(true), c_.bool_val(true)) : run(node.b);
      locals_[node.k] = saved;
      const z3::expr& p = l.list->present[i];
      witness = witness || (p && (is_exists ? is_true(c) : is_false(c)));
      unk = unk || (p && !is_true(c) && !is_false(c));
    }
  }
  z3::expr over_list = l.list ? l.typed() : c_.bool_val(false);
  z3::expr known = none_list || (over_list && (witness || !unk));
  z3::expr value = z3::ite(none_list, c_.bool_val(!is_exists), is_exists ? witness : !witness);
  return boolean(known, value);
}

SVal ProgramEncoder::aggregate(const eval::Node& node) {
  SVal l = run(node.a);
  SVal s(c_);
  z3::expr none_list = l.known && l.none;
  if (!l.list) {
    s.known = none_list;
    s.none = none_list;
    return s;
  }
  z3::expr any_unknown = c_.bool_val(false);
  z3::expr total = c_.int_val(0);
  z3::expr have = c_.bool_val(false);
  SVal best(c_);
  for (size_t i = 0; i < l.list->items.size(); ++i) {
    auto saved = locals_[node.k];
    locals_[node.k] = l.list->items[i];
    SVal c = node.b == eval::kNone32 ? boolean(c_.bool_val(true), c_.bool_val(true)) : run(node.b);
    const z3::expr& p = l.list->present[i];
    z3::expr ct = is_true(c), cu = !is_true(c) && !is_false(c);
    if (node.op == Op::kCount) {
      locals_[node.k] = saved;
      any_unknown = any_unknown || (p && cu);
      total = total + z3::ite(p && ct, c_.int_val(1), c_.int_val(0));
      continue;
    }
    SVal v = run(node.c);
    locals_[node.k] = saved;
    any_unknown = any_unknown || (p && (cu || (ct && !v.known)));
    z3::expr take = p && ct && v.known;
    if (node.op == Op::kSum) {
      if (v.kind != SK::kInt) throw Unsupported("sum of non-integers");
      total = total + z3::ite(take, v.v, c_.int_val(0));
      continue;
    }
    if (best.kind == SK::kAny) {
      best = v;
      best.known = c_.bool_val(true);
      best.none = c_.bool_val(false);
    }
    z3::expr better = node.op == Op::kMax ? v.v > best.v : v.v < best.v;
    z3::expr replace = take && (!have || better);
    best.v = z3::ite(replace, v.v, best.v);
    best.off = z3::ite(replace, v.off, best.off);
    have = have || take;
  }
  if (node.op == Op::kCount || node.op == Op::kSum) {
    s.kind = SK::kInt;
    s.known = none_list || (l.typed() && !any_unknown);
    s.none = none_list;
    s.v = total;
    return s;
  }
  if (best.kind == SK::kAny) {
    s.known = none_list || (l.typed() && !any_unknown);
    s.none = c_.bool_val(true);
    return s;
  }
  best.known = none_list || (l.typed() && !any_unknown);
  best.none = none_list || !have;
  return best;
}

void ProgramEncoder::comp_level(const eval::Node& node, uint32_t level, const z3::expr& path,
                                SList& out, z3::expr& unknown) {
  if (level == node.nargs) {
    z3::expr present = path;
    if (node.b != eval::kNone32) {
      SVal c = run(node.b);
      unknown = unknown || (path && !is_true(c) && !is_false(c));
      present = path && is_true(c);
    }
    out.present.push_back(present);
    out.items.push_back(run(node.a));
    return;
  }
  SVal l = run(p_.pool[node.args + 2 * level]);
  uint32_t slot = p_.pool[node.args + 2 * level + 1];
  unknown = unknown || (path && !l.known);
  if (!l.list) return;
  for (size_t i = 0; i < l.list->items.size(); ++i) {
    auto saved = locals_[slot];
    locals_[slot] = l.list->items[i];
    comp_level(node, level + 1, path && l.typed() && l.list->present[i], out, unknown);
    locals_[slot] = saved;
  }
}

SVal ProgramEncoder::comprehension(const eval::Node& node) {
  auto out = std::make_shared<SList>();
  z3::expr unk = c_.bool_val(false);
  comp_level(node, 0, c_.bool_val(true), *out, unk);
  SVal s(c_);
  s.kind = SK::kList;
  s.known = !unk;
  s.list = out;
  return s;
}

SVal ProgramEncoder::listed(const eval::Node& node) {
  // The third argument (a subdivision) only names facts; the citation carries its subdivision.
  SVal c = run(p_.pool[node.args + 1]);
  if (c.kind != SK::kCitation) return unknown(SK::kBool);
  const auto& cc = space_.citations();
  int pos = cc.list_position(node.k);
  if (pos < 0) throw Unsupported("internal: a catalog list missing from the citation classes");
  z3::expr yes = c_.bool_val(false), unk = c_.bool_val(false);
  for (size_t i = 0; i < cc.classes().size(); ++i) {
    auto a = cc.classes()[i].answers[static_cast<size_t>(pos)];
    if (a == catalog::Listed::kYes) yes = yes || c.v == static_cast<int>(i);
    if (a == catalog::Listed::kUnknown) unk = unk || c.v == static_cast<int>(i);
  }
  return boolean(c.typed() && !unk, yes);
}

SVal ProgramEncoder::covered_days(const eval::Node& node) {
  SVal l = run(p_.pool[node.args]);
  SVal until = run(p_.pool[node.args + 1]);
  SVal s(c_);
  s.kind = SK::kInt;
  if (!l.list || until.kind != SK::kDate) return s;
  // Exact: with spans sorted by start, each adds the part beyond every earlier span's end.
  struct Span {
    z3::expr valid, b, e;
  };
  std::vector<Span> spans;
  z3::expr unk = c_.bool_val(false);
  for (size_t i = 0; i < l.list->items.size(); ++i) {
    const SVal& pv = l.list->items[i];
    const z3::expr& p = l.list->present[i];
    if (pv.kind != SK::kRecord || !pv.rec) throw Unsupported("covered_days of non-records");
    const auto& ri = space_.schema().records[pv.rec->type];
    auto fi = static_cast<uint32_t>(ri.field_index("from")),
         ti = static_cast<uint32_t>(ri.field_index("to"));
    if (reads_) {
      reads_->insert({pv.rec.get(), fi});
      reads_->insert({pv.rec.get(), ti});
    }
    const SVal& from = pv.rec->fields[fi];
    const SVal& to = pv.rec->fields[ti];
    z3::expr fk = pv.typed() && from.typed(), tk = pv.typed() && to.typed();
    unk = unk || (p && !(fk && tk));
    z3::expr e = z3::ite(to.v < until.v, to.v, until.v);
    spans.push_back({p && fk && tk && e > from.v, from.v, e});
  }
  z3::expr total = c_.int_val(0);
  for (size_t i = 0; i < spans.size(); ++i) {
    z3::expr reach = spans[i].b;
    for (size_t j = 0; j < spans.size(); ++j) {
      if (j == i) continue;
      z3::expr before = j < i ? spans[j].b <= spans[i].b : spans[j].b < spans[i].b;
      z3::expr counts = spans[j].valid && before && spans[j].e > reach;
      reach = z3::ite(counts, spans[j].e, reach);
    }
    z3::expr part = spans[i].e - reach;
    total = total + z3::ite(spans[i].valid && part > 0, part, c_.int_val(0));
  }
  s.known = l.typed() && until.typed() && !unk;
  s.v = total;
  return s;
}

SVal ProgramEncoder::business_hours_after(const eval::Node& node) {
  SVal t = run(p_.pool[node.args]);
  const eval::Node& hn = p_.nodes[p_.pool[node.args + 1]];
  if (hn.op != Op::kConst || p_.consts[hn.k].kind != VKind::kInt)
    throw Unsupported("business_hours_after with a computed number of hours");
  int64_t hours = p_.consts[hn.k].i;
  // Abstracted: an uninterpreted function of the start instant for this calendar, zone and
  // number of hours, at least that many elapsed hours later. Equal arguments give equal results,
  // which is all a proof of equivalence needs; a counterexample is re-decided by the engine.
  std::string name = fmt::format("bha|{}|{}|{}", p_.policy->header().holidays,
                                 p_.policy->header().timezone, hours);
  z3::func_decl f = c_.function(name.c_str(), c_.int_sort(), c_.int_sort());
  z3::func_decl fo = c_.function((name + "|off").c_str(), c_.int_sort(), c_.int_sort());
  SVal s(c_);
  s.kind = SK::kDateTime;
  s.known = t.kind == SK::kDateTime ? t.typed() : c_.bool_val(false);
  s.v = f(t.v);
  s.off = fo(t.v);
  axioms_.push_back(z3::implies(s.known, s.v >= t.v + c_.int_val(hours * 3600)));
  return s;
}

SVal ProgramEncoder::builtin(const eval::Node& node) {
  auto arg = [&](uint32_t i) { return run(p_.pool[node.args + i]); };
  switch (static_cast<Builtin>(node.aux)) {
    case Builtin::kDate: {
      SVal t = arg(0);
      SVal s(c_);
      s.kind = SK::kDate;
      if (t.kind != SK::kDateTime) {
        s.known = t.known && t.none;
        s.none = t.none;
        return s;
      }
      s.known = t.known;
      s.none = t.none;
      s.v = (t.v + t.off) / 86400;
      return s;
    }
    case Builtin::kListed:
      return listed(node);
    case Builtin::kBusinessHoursAfter:
      return business_hours_after(node);
    case Builtin::kDaysBetween: {
      SVal a = arg(0), b = arg(1);
      SVal s(c_);
      s.kind = SK::kInt;
      if (a.kind != SK::kDate || b.kind != SK::kDate) return s;
      s.known = a.typed() && b.typed();
      s.v = b.v - a.v;
      return s;
    }
    case Builtin::kCoveredDays:
      return covered_days(node);
    case Builtin::kKnown: {
      SVal a = arg(0);
      return boolean(c_.bool_val(true), a.known);
    }
    case Builtin::kLength: {
      SVal l = arg(0);
      SVal s(c_);
      s.kind = SK::kInt;
      if (!l.list) return s;
      z3::expr n = c_.int_val(0);
      for (const auto& p : l.list->present) n = n + z3::ite(p, c_.int_val(1), c_.int_val(0));
      s.known = l.typed();
      s.v = n;
      return s;
    }
    case Builtin::kMaxOf:
    case Builtin::kMinOf: {
      SVal a = arg(0), b = arg(1);
      bool want_max = static_cast<Builtin>(node.aux) == Builtin::kMaxOf;
      z3::expr pick_a = want_max ? a.v >= b.v : a.v < b.v;
      SVal s = merge(pick_a, a, b);
      s.known = a.known && b.known;
      return s;
    }
  }
  throw Unsupported("unknown builtin");
}

SVal ProgramEncoder::run(uint32_t n) {
  const eval::Node& node = p_.nodes[n];
  switch (node.op) {
    case Op::kConst:
      return constant(p_.consts[node.k]);
    case Op::kInput:
      return field(space_.root(), node.k);
    case Op::kLocal:
      if (!locals_[node.k]) throw Unsupported("internal: an unbound local");
      return *locals_[node.k];
    case Op::kField:
      return field(run(node.a), node.k, subdivision_ok_[n]);
    case Op::kLocalField:
      if (!locals_[node.a]) throw Unsupported("internal: an unbound local");
      return field(*locals_[node.a], node.k, subdivision_ok_[n]);
    case Op::kInputField:
      return field(field(space_.root(), node.a), node.k, subdivision_ok_[n]);
    case Op::kEqConst:
    case Op::kNeConst:
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return compare(node);
    case Op::kDef:
      return def(node.k);
    case Op::kCallDef:
      return call_def(node);
    case Op::kNot: {
      SVal v = run(node.a);
      if (v.kind == SK::kBool) v.v = !v.v;
      return v;
    }
    case Op::kNeg: {
      SVal v = run(node.a);
      if (v.kind == SK::kInt) v.v = -v.v;
      return v;
    }
    case Op::kAnd:
      return logic(node, false);
    case Op::kOr:
      return logic(node, true);
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
      return arith(node);
    case Op::kIn:
      return member(node);
    case Op::kList: {
      SVal s(c_);
      s.kind = SK::kList;
      s.known = c_.bool_val(true);
      auto l = std::make_shared<SList>();
      for (uint32_t i = 0; i < node.nargs; ++i) {
        l->present.push_back(c_.bool_val(true));
        l->items.push_back(run(p_.pool[node.args + i]));
      }
      s.list = l;
      return s;
    }
    case Op::kExists:
    case Op::kAll:
      return quantify(node, node.op == Op::kExists);
    case Op::kCount:
    case Op::kSum:
    case Op::kMax:
    case Op::kMin:
      return aggregate(node);
    case Op::kComp:
      return comprehension(node);
    case Op::kIf: {
      SVal c = run(node.a);
      SVal a = run(node.b);
      SVal b = run(node.c);
      SVal when_unknown = merge(a.known && b.known && same_value(a, b), a, unknown(a.kind));
      return merge(is_true(c), a, merge(is_false(c), b, when_unknown));
    }
    case Op::kBuiltin:
      return builtin(node);
  }
  throw Unsupported("unknown operation");
}

// ---- default logic, as Eval::combine ----

namespace {
z3::expr agree(const SVal& a, const SVal& b) {
  return a.known && b.known && same_value(a, b);
}
}  // namespace

SVal ProgramEncoder::condition(const eval::RuleCode& rc) {
  if (rc.cond == eval::kNone32) return boolean(c_.bool_val(true), c_.bool_val(true));
  auto it = conds_.find(rc.rule);
  if (it != conds_.end()) return it->second;
  SVal c = run(rc.cond);
  conds_.emplace(rc.rule, c);
  return c;
}

ProgramEncoder::Tree ProgramEncoder::rule(uint32_t idx) {
  const eval::RuleCode& rc = p_.rules[idx];
  return combine(rc.exceptions, &rc);
}

ProgramEncoder::Tree ProgramEncoder::combine(const std::vector<uint32_t>& kids,
                                             const eval::RuleCode* self) {
  z3::expr f = c_.bool_val(false), t = c_.bool_val(true);
  z3::expr have = f, have_maybe = f, maybe_agree = t, conflict = f;
  SVal found = unknown(), maybe = unknown();
  for (uint32_t k : kids) {
    Tree r = rule(k);
    conflict = conflict || r.conflict;
    z3::expr rt = r.applies_true;
    z3::expr dis = !agree(found, r.value);
    conflict = conflict || (rt && have && dis && found.known && r.value.known);
    SVal unknown_found = found;
    unknown_found.known = f;
    found = merge(rt && !have, r.value, merge(rt && have && dis, unknown_found, found));
    have = have || rt;
    z3::expr ru = r.applies_unknown;
    maybe_agree = maybe_agree && !(ru && have_maybe && !agree(maybe, r.value));
    maybe = merge(ru && !have_maybe, r.value, maybe);
    have_maybe = have_maybe || ru;
  }
  // An exception applies: one that may also apply must agree with it.
  SVal exc_value = found;
  exc_value.known = found.known && !(have_maybe && !(maybe_agree && agree(maybe, found)));
  // Otherwise this rule's own condition and value.
  z3::expr own_t = f, own_f = t;
  SVal own = unknown();
  if (self) {
    SVal c = condition(*self);
    own_t = is_true(c);
    own_f = is_false(c);
    own = run(self->value);
  }
  z3::expr own_u = !own_t && !own_f;
  // Some exceptions may apply: where every possibility gives the same value, it is known.
  z3::expr all_agree = maybe_agree && (own_f || agree(maybe, own));
  SVal mixed = merge(own_f, maybe, own);
  mixed.known = mixed.known && all_agree;
  Tree out{f, f, unknown(), conflict};
  out.applies_true = have || own_t;
  out.applies_unknown = !have && !own_t && (own_u || have_maybe);
  out.value = merge(have, exc_value, merge(have_maybe, mixed, own));
  return out;
}

ProgramEncoder::Tree ProgramEncoder::target(uint32_t t) {
  return combine(p_.targets[t].roots, nullptr);
}

SVal ProgramEncoder::target_value(const Tree& t) const {
  SVal none = unknown(t.value.kind);
  none.known = c_.bool_val(true);
  none.none = c_.bool_val(true);
  SVal unk = unknown(t.value.kind);
  return merge(t.applies_true, t.value, merge(t.applies_unknown, unk, none));
}

SymVerdict ProgramEncoder::verdict() {
  const auto& pol = *p_.policy;
  SymVerdict out{c_.bool_val(false), c_.int_val(kReview), {}};
  // The request kind.
  SVal kind = unknown();
  z3::expr kind_known = c_.bool_val(false);
  if (p_.request_slot != eval::kNone32) {
    SVal req = field(space_.root(), p_.request_slot);
    if (req.kind == SK::kRecord) {
      kind = field(req, p_.request_kind_field);
      kind_known = kind.typed();
    }
  }
  z3::expr any_true = c_.bool_val(false), any_unknown = c_.bool_val(false),
           any_requested = c_.bool_val(false);
  for (uint32_t a = 0; a < pol.actions.size(); ++a) {
    z3::expr requested = c_.bool_val(false);
    for (uint32_t m = 0; m < 64; ++m) {
      if (p_.requested_by[a] & (uint64_t{1} << m))
        requested = requested || kind.v == static_cast<int>(m);
    }
    requested = kind_known && requested;
    Tree perm = target(2 * a);
    SVal pv = target_value(perm);
    Tree until = target(2 * a + 1);
    SVal uv = target_value(until);
    out.error = out.error || perm.conflict || (is_true(pv) && until.conflict);
    out.actions.push_back(SymAction{pol.actions[a].name, requested, pv, uv});
    any_requested = any_requested || requested;
    any_true = any_true || (requested && is_true(pv));
    any_unknown = any_unknown || (requested && !is_true(pv) && !is_false(pv));
  }
  out.outcome = z3::ite(!kind_known || !any_requested, c_.int_val(kReview),
                        z3::ite(any_true, c_.int_val(kHonor),
                                z3::ite(any_unknown, c_.int_val(kReview), c_.int_val(kDecline))));
  return out;
}

}  // namespace writ::analysis
