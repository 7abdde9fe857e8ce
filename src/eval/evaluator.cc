// The evaluator: Kleene three-valued logic over the flat program, with default-logic rule trees.
#include "eval/evaluator.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "calendar/business_time.h"
#include "calendar/civil.h"
#include "catalog/catalog.h"

namespace writ::eval {

// ---------------------------------------------------------------- Scratch

void Scratch::reset(const Program& p, bool ex) {
  explain = ex;
  failed = false;
  // Memo entries are valid when their stamp equals `epoch`; a new decision bumps the epoch
  // instead of clearing them. Local slots are always written before they are read.
  // A program is identified by its serial number, not its address: a Scratch outlives engines
  // (Engine::decide keeps one per thread), and a new program may be allocated where a freed one
  // was.
  if (program != p.serial || ++epoch == 0) {
    program = p.serial;
    epoch = 1;
    locals.assign(p.local_slots, Value());
    defs.assign(p.defs.size(), Value());
    def_state.assign(p.defs.size(), 0);
    rule_conds.assign(p.policy->rules.size(), Value());
    rule_cond_state.assign(p.policy->rules.size(), 0);
  }
  call_memo.clear();
  events.clear();
  facts_.resize(1);
  lists_used_ = 0;
}

uint32_t Scratch::leaf(const Record* rec, uint32_t field) {
  facts_.push_back(FactNode{0, 0, rec, field});
  return static_cast<uint32_t>(facts_.size() - 1);
}

uint32_t Scratch::join(uint32_t a, uint32_t b) {
  if (a == 0 || a == b) return b;
  if (b == 0) return a;
  facts_.push_back(FactNode{a, b, nullptr, 0});
  return static_cast<uint32_t>(facts_.size() - 1);
}

uint32_t Scratch::mark_unspecific(uint32_t a) {
  if (a == 0) return 0;
  facts_.push_back(FactNode{a, 0, nullptr, 1});
  return static_cast<uint32_t>(facts_.size() - 1);
}

std::vector<Fact> Scratch::collect(uint32_t id, bool only_unspecific) const {
  std::vector<Fact> out;
  // Only the nodes reachable from `id` are visited; marks are stamped with a walk number, so no
  // per-call clearing of a table as large as every fact recorded so far.
  if (seen_plain_.size() < facts_.size()) {
    seen_plain_.resize(facts_.size(), 0);
    seen_marked_.resize(facts_.size(), 0);
  }
  if (++walk_ == 0) {
    std::fill(seen_plain_.begin(), seen_plain_.end(), 0);
    std::fill(seen_marked_.begin(), seen_marked_.end(), 0);
    walk_ = 1;
  }
  auto& stack = walk_stack_;  // node, under an "unspecific" mark
  stack.clear();
  if (id) stack.emplace_back(id, false);
  while (!stack.empty()) {
    auto [n, marked] = stack.back();
    stack.pop_back();
    if (n == 0 || n >= facts_.size()) continue;
    uint32_t& seen = marked ? seen_marked_[n] : seen_plain_[n];
    if (seen == walk_) continue;
    seen = walk_;
    const FactNode& f = facts_[n];
    if (f.rec) {
      Fact fact{f.rec, f.field};
      if ((marked || !only_unspecific) && std::find(out.begin(), out.end(), fact) == out.end()) {
        out.push_back(fact);
      }
    } else {
      bool m = marked || f.field == 1;
      stack.emplace_back(f.r, m);
      stack.emplace_back(f.l, m);
    }
  }
  return out;
}

std::vector<Fact> Scratch::flatten(uint32_t id) const {
  return collect(id, false);
}

std::vector<Fact> Scratch::unspecific(uint32_t id) const {
  return collect(id, true);
}

Scratch::BuiltList* Scratch::new_list() {
  if (lists_used_ == lists_.size()) lists_.emplace_back();
  BuiltList* l = &lists_[lists_used_++];
  l->items.clear();
  return l;
}

// ---------------------------------------------------------------- Evaluator

namespace {

using check::Builtin;

template <bool kExplain>
class Eval {
 public:
  Eval(const Program& p, const CaseData& c, Scratch& s) : p_(p), c_(c), s_(s) {}

  // A definition's value (memoized for this decision).
  Value definition(uint32_t g) { return def(g); }

  Value run(uint32_t n) {
    const Node& node = p_.nodes[n];
    switch (node.op) {
      case Op::kConst:
        return p_.consts[node.k];
      case Op::kInput:
        return field(c_.root(), node.k);
      case Op::kLocal:
        return s_.locals[node.k];
      case Op::kField: {
        Value obj = run(node.a);
        if (obj.kind == VKind::kRecord) return field(obj.rec, node.k);
        if (obj.kind == VKind::kNone) return Value::none();
        return Value::unknown(obj.facts);
      }
      case Op::kLocalField: {
        const Value& obj = s_.locals[node.a];
        if (obj.kind == VKind::kRecord) return field(obj.rec, node.k);
        if (obj.kind == VKind::kNone) return Value::none();
        return Value::unknown(obj.facts);
      }
      case Op::kInputField: {
        Value obj = field(c_.root(), node.a);
        if (obj.kind == VKind::kRecord) return field(obj.rec, node.k);
        if (obj.kind == VKind::kNone) return Value::none();
        return Value::unknown(obj.facts);
      }
      case Op::kEqConst:
      case Op::kNeConst: {
        Value a = run(node.a);
        if (!a.known()) return Value::unknown(a.facts);
        const Value& b = p_.consts[node.k];
        bool eq = a.kind == b.kind && (a.kind == VKind::kEnum   ? a.member == b.member
                                       : a.kind == VKind::kBool ? a.b == b.b
                                                                : same_value(a, b));
        Value v = Value::boolean(eq == (node.op == Op::kEqConst));
        if constexpr (kExplain) v.facts = a.facts;
        return v;
      }
      case Op::kDef:
        return def(node.k);
      case Op::kCallDef:
        return call_def(node);
      case Op::kNot: {
        Value v = run(node.a);
        if (v.kind == VKind::kBool) v.b = !v.b;
        return v;
      }
      case Op::kNeg: {
        Value v = run(node.a);
        if (v.kind == VKind::kInt) {
          if (v.i == INT64_MIN) return Value::unknown(v.facts);  // would overflow
          v.i = -v.i;
        }
        return v;
      }
      case Op::kAnd:
        return logic(node, false);
      case Op::kOr:
        return logic(node, true);
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return compare(node);
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
        return arith(node);
      case Op::kIn:
        return member(node);
      case Op::kList: {
        Scratch::BuiltList* l = s_.new_list();
        for (uint32_t i = 0; i < node.nargs; ++i) {
          Value item = run(p_.pool[node.args + i]);
          l->items.push_back(item);
        }
        return Value::of_list(l->seal());
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
        Value c = run(node.a);
        if constexpr (kExplain) {
          if (s_.coverage) {
            (*s_.coverage)[n] |= c.kind != VKind::kBool ? Scratch::kCovUnknown
                                 : c.b                  ? Scratch::kCovThen
                                                        : Scratch::kCovElse;
          }
        }
        if (c.kind == VKind::kBool) {
          Value v = run(c.b ? node.b : node.c);
          if constexpr (kExplain) v.facts = s_.join(c.facts, v.facts);
          return v;
        }
        Value a = run(node.b);
        Value b = run(node.c);
        if (a.known() && b.known() && same_value(a, b)) return a;
        return Value::unknown(
            kExplain ? s_.join(c.facts, s_.join(a.known() ? 0 : a.facts, b.known() ? 0 : b.facts))
                     : 0);
      }
      case Op::kBuiltin:
        return builtin(node);
    }
    return Value::unknown();
  }

  TargetResult target(uint32_t t) {
    const TargetCode& tc = p_.targets[t];
    TargetResult out;
    out.events_begin = static_cast<uint32_t>(s_.events.size());
    Tree r = combine(tc.roots, nullptr);
    out.events_end = static_cast<uint32_t>(s_.events.size());
    out.applies = r.applies;
    out.rule = r.by;
    if (r.applies == Tri::kFalse) {
      out.value = Value::none();
    } else if (r.applies == Tri::kUnknown) {
      // Either a rule gives its value or no rule applies at all: not known.
      out.value =
          Value::unknown(kExplain ? s_.join(r.ufacts, r.value.known() ? 0 : r.value.facts) : 0);
    } else {
      out.value = r.value;
    }
    if (!out.value.known() && r.uncertain >= 0) {
      // Report the rule that made the value unknown: it is what a person must settle.
      out.applies = r.uncertain_applies;
      out.rule = r.uncertain;
    }
    return out;
  }

 private:
  struct Tree {
    Tri applies = Tri::kFalse;
    Value value;
    int32_t by = -1;
    int32_t uncertain = -1;  // an exception whose applicability is unknown made the value unknown
    uint32_t ufacts = 0;     // facts an unknown applicability depends on
    Tri uncertain_applies = Tri::kUnknown;  // whether `uncertain` certainly applies
  };

  Value field(const Record* rec, uint32_t k) {
    Value v = rec->slots[k];
    if constexpr (kExplain) {
      for (const auto& o : s_.overrides) {
        if (o.rec == rec && o.field == k) v = o.value;
      }
      v.facts = s_.leaf(rec, k);
    }
    return v;
  }

  uint32_t unknown_facts(const Value& a, const Value& b) {
    if constexpr (!kExplain) return 0;
    return s_.join(a.known() ? 0 : a.facts, b.known() ? 0 : b.facts);
  }

  Value def(uint32_t g) {
    if (s_.def_state[g] == s_.epoch) return s_.defs[g];
    const DefCode& d = p_.defs[g];
    Value v;
    if (d.body != kNone32) {
      if constexpr (kExplain) {
        if (s_.coverage) (*s_.coverage)[d.body] |= Scratch::kCovRun;
      }
      v = run(d.body);
    } else if (d.target >= 0) {
      TargetResult r = target(static_cast<uint32_t>(d.target));
      v = r.value.kind == VKind::kNone ? Value::unknown(r.value.facts) : r.value;
    }
    s_.defs[g] = v;
    s_.def_state[g] = s_.epoch;
    if constexpr (kExplain) s_.events.push_back(DefEvent{g, v});
    return v;
  }

  Value call_def(const Node& node) {
    const DefCode& d = p_.defs[node.k];
    // Definitions are never recursive (the checker rejects cycles), so parameter slots are free.
    Value saved[8];
    uint32_t n = std::min<uint32_t>(node.nargs, 8);
    Value args[8];
    for (uint32_t i = 0; i < n; ++i) args[i] = run(p_.pool[node.args + i]);
    // Definitions are pure, so a call on one record (`counts(c)`) is computed once per decision.
    const bool memo = n == 1 && args[0].kind == VKind::kRecord;
    if (memo) {
      for (const auto& m : s_.call_memo) {
        if (m.def == node.k && m.arg == args[0].rec) return m.value;
      }
    }
    for (uint32_t i = 0; i < n; ++i) {
      saved[i] = s_.locals[d.param_slots[i]];
      s_.locals[d.param_slots[i]] = args[i];
    }
    if constexpr (kExplain) {
      if (s_.coverage) (*s_.coverage)[d.body] |= Scratch::kCovRun;
    }
    Value v = run(d.body);
    for (uint32_t i = 0; i < n; ++i) s_.locals[d.param_slots[i]] = saved[i];
    if (memo) s_.call_memo.push_back({node.k, args[0].rec, v});
    return v;
  }

  Value logic(const Node& node, bool is_or) {
    // Kleene: for 'and', false absorbs; for 'or', true absorbs.
    Value a = run(node.a);
    if (a.kind == VKind::kBool && a.b == is_or) return a;
    Value b = run(node.b);
    if (b.kind == VKind::kBool && b.b == is_or) return b;
    if (a.kind == VKind::kBool && b.kind == VKind::kBool) {
      Value v = Value::boolean(!is_or);
      if constexpr (kExplain) v.facts = s_.join(a.facts, b.facts);
      return v;
    }
    return Value::unknown(unknown_facts(a, b));
  }

  Value compare(const Node& node) {
    Value a = run(node.a);
    Value b = run(node.b);
    if (!a.known() || !b.known()) return Value::unknown(unknown_facts(a, b));
    bool r = false;
    if (node.op == Op::kEq || node.op == Op::kNe) {
      r = same_value(a, b) == (node.op == Op::kEq);
    } else {
      if (a.kind != b.kind || a.kind == VKind::kNone) return Value::unknown();
      int64_t x = 0, y = 0;
      switch (a.kind) {
        case VKind::kInt:
          x = a.i;
          y = b.i;
          break;
        case VKind::kDate:
          x = a.date;
          y = b.date;
          break;
        case VKind::kDateTime:
          x = a.dt.utc;
          y = b.dt.utc;
          break;
        default:
          return Value::unknown();
      }
      switch (node.op) {
        case Op::kLt:
          r = x < y;
          break;
        case Op::kLe:
          r = x <= y;
          break;
        case Op::kGt:
          r = x > y;
          break;
        default:
          r = x >= y;
          break;
      }
    }
    Value v = Value::boolean(r);
    if constexpr (kExplain) v.facts = s_.join(a.facts, b.facts);
    return v;
  }

  // Dates stay within years 1..9999 (the case format's range); anything else is unknown.
  static constexpr int64_t kMinDay = -719162;  // 0001-01-01
  static constexpr int64_t kMaxDay = 2932896;  // 9999-12-31
  static constexpr int64_t kMaxShiftDays = kMaxDay - kMinDay;
  static bool day_in_range(int64_t d) { return d >= kMinDay && d <= kMaxDay; }

  // d shifted by the duration, or nullopt when the result leaves the range of dates.
  static std::optional<cal::Days> shift_date(cal::Days d, const Duration& u, int64_t sign) {
    if (std::abs(static_cast<int64_t>(u.years)) > 10000 ||
        std::abs(static_cast<int64_t>(u.months)) > 120000 ||
        std::abs(static_cast<int64_t>(u.days) + u.hours / 24) > kMaxShiftDays) {
      return std::nullopt;
    }
    int64_t r = cal::add_months(cal::add_years(d, sign * u.years), sign * u.months);
    if (!day_in_range(r)) return std::nullopt;
    r += sign * (static_cast<int64_t>(u.days) + u.hours / 24);
    if (!day_in_range(r)) return std::nullopt;
    return static_cast<cal::Days>(r);
  }

  Value arith(const Node& node) {
    Value a = run(node.a);
    Value b = run(node.b);
    if (!a.known() || !b.known()) return Value::unknown(unknown_facts(a, b));
    if (a.kind == VKind::kNone || b.kind == VKind::kNone) return Value::none();
    int64_t sign = node.op == Op::kSub ? -1 : 1;
    Value v;
    if (a.kind == VKind::kDate && b.kind == VKind::kInt) {
      if (b.i > kMaxShiftDays || b.i < -kMaxShiftDays || !day_in_range(a.date + sign * b.i)) {
        return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
      }
      v = Value::day(static_cast<int32_t>(a.date + sign * b.i));
    } else if (a.kind == VKind::kInt && b.kind == VKind::kInt) {
      int64_t r = 0;
      bool overflow = node.op == Op::kMul   ? __builtin_mul_overflow(a.i, b.i, &r)
                      : node.op == Op::kAdd ? __builtin_add_overflow(a.i, b.i, &r)
                                            : __builtin_sub_overflow(a.i, b.i, &r);
      if (overflow) return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
      v = Value::integer(r);
    } else if (a.kind == VKind::kDuration && b.kind == VKind::kDuration) {
      auto part = [&](int32_t x, int32_t y, int32_t& out) {
        int64_t r = static_cast<int64_t>(x) + sign * y;
        if (r < INT32_MIN || r > INT32_MAX) return false;
        out = static_cast<int32_t>(r);
        return true;
      };
      Duration d;
      if (!part(a.dur.years, b.dur.years, d.years) || !part(a.dur.months, b.dur.months, d.months) ||
          !part(a.dur.days, b.dur.days, d.days) || !part(a.dur.hours, b.dur.hours, d.hours)) {
        return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
      }
      v = Value::duration(d);
    } else {
      if (a.kind == VKind::kDuration) std::swap(a, b);
      if (b.kind != VKind::kDuration) return Value::unknown();
      if (a.kind == VKind::kDate) {
        auto shifted = shift_date(a.date, b.dur, sign);
        if (!shifted) return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
        v = Value::day(*shifted);
      } else if (a.kind == VKind::kDateTime) {
        // Years and months move the local calendar date; days and hours are elapsed time.
        int64_t local = a.dt.utc + a.dt.offset;
        int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        int64_t tod = local - day * 86400;
        Duration months_only = b.dur;
        months_only.days = 0;
        months_only.hours = 0;
        auto nd = shift_date(static_cast<cal::Days>(day), months_only, sign);
        int64_t elapsed =
            static_cast<int64_t>(b.dur.days) * 86400 + static_cast<int64_t>(b.dur.hours) * 3600;
        if (!nd || std::abs(elapsed) > kMaxShiftDays * 86400) {
          return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
        }
        int64_t utc = static_cast<int64_t>(*nd) * 86400 + tod - a.dt.offset + sign * elapsed;
        int64_t result_day = (utc + a.dt.offset) / 86400;
        if (!day_in_range(result_day))
          return Value::unknown(kExplain ? s_.join(a.facts, b.facts) : 0);
        v = Value::datetime(utc, a.dt.offset);
      } else {
        return Value::unknown();
      }
    }
    if constexpr (kExplain) v.facts = s_.join(a.facts, b.facts);
    return v;
  }

  Value member(const Node& node) {
    Value x = run(node.a);
    Value l = run(node.b);
    if (l.kind != VKind::kList) return Value::unknown(unknown_facts(x, l));
    if (!x.known()) return Value::unknown(x.facts);
    uint32_t unknown = 0;
    bool any_unknown = false;
    for (uint32_t i = 0; i < l.list->size; ++i) {
      const Value& it = l.list->items[i];
      if (!it.known()) {
        any_unknown = true;
        if constexpr (kExplain) unknown = s_.join(unknown, it.facts);
        continue;
      }
      if (same_value(x, it)) {
        Value v = Value::boolean(true);
        if constexpr (kExplain) v.facts = s_.join(x.facts, l.facts);
        return v;
      }
    }
    if (any_unknown) return Value::unknown(unknown);
    Value v = Value::boolean(false);
    if constexpr (kExplain) v.facts = s_.join(x.facts, l.facts);
    return v;
  }

  Value element(const List* l, uint32_t i) {
    Value v = l->items[i];
    if constexpr (kExplain) {
      if (v.kind != VKind::kRecord) v.facts = l->items[i].facts;
    }
    return v;
  }

  Value quantify(const Node& node, bool is_exists) {
    Value l = run(node.a);
    if (l.kind == VKind::kNone) return Value::boolean(!is_exists);
    if (l.kind != VKind::kList) return Value::unknown(l.facts);
    uint32_t unknown = 0;
    bool any_unknown = false;
    for (uint32_t i = 0; i < l.list->size; ++i) {
      s_.locals[node.k] = element(l.list, i);
      Value c = node.b == kNone32 ? Value::boolean(true) : run(node.b);
      if (c.kind == VKind::kBool) {
        if (c.b == is_exists) {
          // The witness (or counterexample) and its facts; an element that is no record (an enum
          // in a list of them) carries none of its own, so the list is the fact.
          if constexpr (kExplain) {
            if (c.facts == 0) c.facts = l.facts;
          }
          return c;
        }
        continue;
      }
      any_unknown = true;
      if constexpr (kExplain) unknown = s_.join(unknown, c.facts);
    }
    if (any_unknown) return Value::unknown(unknown);
    Value v = Value::boolean(!is_exists);
    if constexpr (kExplain) v.facts = l.facts;
    return v;
  }

  Value aggregate(const Node& node) {
    Value l = run(node.a);
    if (l.kind != VKind::kList)
      return l.kind == VKind::kNone ? Value::none() : Value::unknown(l.facts);
    int64_t count = 0;
    Value best = Value::none();
    uint32_t facts = kExplain ? l.facts : 0;
    uint32_t unknown = 0;
    bool any_unknown = false;
    for (uint32_t i = 0; i < l.list->size; ++i) {
      s_.locals[node.k] = element(l.list, i);
      Value c = node.b == kNone32 ? Value::boolean(true) : run(node.b);
      if (c.is_false()) continue;
      if (!c.known()) {
        any_unknown = true;
        if constexpr (kExplain) unknown = s_.join(unknown, c.facts);
        if (node.op == Op::kCount) continue;
      }
      if (node.op == Op::kCount) {
        ++count;
        continue;
      }
      Value v = run(node.c);
      if (!v.known()) {
        any_unknown = true;
        if constexpr (kExplain) unknown = s_.join(unknown, v.facts);
        continue;
      }
      if (!c.known()) continue;
      if constexpr (kExplain) facts = s_.join(facts, v.facts);
      if (node.op == Op::kSum) {
        if (__builtin_add_overflow(count, v.i, &count)) return Value::unknown(kExplain ? facts : 0);
        continue;
      }
      if (best.kind == VKind::kNone) {
        best = v;
        continue;
      }
      int64_t x = v.kind == VKind::kInt ? v.i : v.kind == VKind::kDate ? v.date : v.dt.utc;
      int64_t y = best.kind == VKind::kInt    ? best.i
                  : best.kind == VKind::kDate ? best.date
                                              : best.dt.utc;
      if ((node.op == Op::kMax && x > y) || (node.op == Op::kMin && x < y)) best = v;
    }
    if (any_unknown) return Value::unknown(unknown);
    Value out = node.op == Op::kMax || node.op == Op::kMin ? best : Value::integer(count);
    if constexpr (kExplain) out.facts = facts;
    return out;
  }

  Value comprehension(const Node& node) {
    uint32_t facts = 0;
    bool unknown = false;
    Scratch::BuiltList* out = s_.new_list();  // deque storage: stays put during nested lists
    comp_level(node, 0, out->items, facts, unknown);
    if (unknown) return Value::unknown(facts);
    Value v = Value::of_list(out->seal());
    if constexpr (kExplain) v.facts = facts;
    return v;
  }

  void comp_level(const Node& node, uint32_t level, std::vector<Value>& items, uint32_t& facts,
                  bool& unknown) {
    if (level == node.nargs) {
      if (node.b != kNone32) {
        Value c = run(node.b);
        if (c.is_false()) return;
        if (!c.known()) {
          unknown = true;
          if constexpr (kExplain) facts = s_.join(facts, c.facts);
          return;
        }
      }
      Value v = run(node.a);
      if constexpr (kExplain) facts = s_.join(facts, v.facts);
      items.push_back(v);
      return;
    }
    Value l = run(p_.pool[node.args + 2 * level]);
    uint32_t slot = p_.pool[node.args + 2 * level + 1];
    if (l.kind == VKind::kNone) return;
    if (l.kind != VKind::kList) {
      unknown = true;
      if constexpr (kExplain) facts = s_.join(facts, l.facts);
      return;
    }
    for (uint32_t i = 0; i < l.list->size; ++i) {
      s_.locals[slot] = element(l.list, i);
      comp_level(node, level + 1, items, facts, unknown);
    }
  }

  Value builtin(const Node& node) {
    auto arg = [&](uint32_t i) { return run(p_.pool[node.args + i]); };
    switch (static_cast<Builtin>(node.aux)) {
      case Builtin::kDate: {
        Value t = arg(0);
        if (t.kind != VKind::kDateTime) return t.kind == VKind::kNone ? t : Value::unknown(t.facts);
        Value v = Value::day(cal::local_date(cal::DateTime{t.dt.utc, t.dt.offset}));
        v.facts = t.facts;
        return v;
      }
      case Builtin::kListed:
        return listed(node);
      case Builtin::kBusinessHoursAfter: {
        Value t = arg(0);
        Value h = arg(1);
        if (t.kind != VKind::kDateTime || h.kind != VKind::kInt)
          return Value::unknown(unknown_facts(t, h));
        cal::DateTime r = cal::add_business_hours(cal::DateTime{t.dt.utc, t.dt.offset}, h.i,
                                                  *p_.holidays, *p_.zone);
        Value v = Value::datetime(r.utc_seconds, r.offset_seconds);
        if constexpr (kExplain) v.facts = s_.join(t.facts, h.facts);
        return v;
      }
      case Builtin::kDaysBetween: {
        Value a = arg(0);
        Value b = arg(1);
        if (a.kind != VKind::kDate || b.kind != VKind::kDate)
          return Value::unknown(unknown_facts(a, b));
        Value v = Value::integer(static_cast<int64_t>(b.date) - a.date);
        if constexpr (kExplain) v.facts = s_.join(a.facts, b.facts);
        return v;
      }
      case Builtin::kCoveredDays:
        return covered_days(node);
      case Builtin::kKnown: {
        Value a = arg(0);
        Value v = Value::boolean(a.known());
        if constexpr (kExplain) v.facts = a.facts;
        return v;
      }
      case Builtin::kLength: {
        Value l = arg(0);
        if (l.kind != VKind::kList) return Value::unknown(l.facts);
        Value v = Value::integer(l.list->size);
        if constexpr (kExplain) v.facts = l.facts;
        return v;
      }
      case Builtin::kMaxOf:
      case Builtin::kMinOf: {
        Value a = arg(0);
        Value b = arg(1);
        if (!a.known() || !b.known()) return Value::unknown(unknown_facts(a, b));
        auto key = [](const Value& v) {
          return v.kind == VKind::kInt ? v.i : v.kind == VKind::kDate ? v.date : v.dt.utc;
        };
        bool want_max = static_cast<Builtin>(node.aux) == Builtin::kMaxOf;
        Value v = (key(a) >= key(b)) == want_max ? a : b;
        if constexpr (kExplain) v.facts = s_.join(a.facts, b.facts);
        return v;
      }
    }
    return Value::unknown();
  }

  Value listed(const Node& node) {
    // node.k holds the catalog list index resolved when the program was linked.
    Value c = run(p_.pool[node.args + 1]);
    Value sub = node.nargs > 2 ? run(p_.pool[node.args + 2]) : Value::none();
    if (c.kind != VKind::kCitation) return Value::unknown(c.facts);
    if (!c.cit->parsed) return Value::unknown(c.facts);  // a citation nobody can read: ask a person
    catalog::Listed r =
        c.cit->row_resolved
            ? p_.catalog->listed_at(catalog::ListIndex{node.k}, c.cit->row, c.cit->citation)
            : p_.catalog->listed(catalog::ListIndex{node.k}, c.cit->citation);
    if (r == catalog::Listed::kUnknown) {
      return Value::unknown(kExplain ? s_.mark_unspecific(s_.join(c.facts, sub.facts)) : 0);
    }
    Value v = Value::boolean(r == catalog::Listed::kYes);
    if constexpr (kExplain) v.facts = c.facts;
    return v;
  }

  Value covered_days(const Node& node) {
    Value l = run(p_.pool[node.args]);
    Value until = run(p_.pool[node.args + 1]);
    if (l.kind != VKind::kList || until.kind != VKind::kDate)
      return Value::unknown(unknown_facts(l, until));
    const auto& rinfo = p_.policy->schema;
    auto& spans = s_.spans;
    spans.clear();
    uint32_t facts = kExplain ? s_.join(l.facts, until.facts) : 0;
    uint32_t unknown = 0;
    bool any_unknown = false;
    for (uint32_t i = 0; i < l.list->size; ++i) {
      const Value& pv = l.list->items[i];
      if (pv.kind != VKind::kRecord) {
        any_unknown = true;
        continue;
      }
      const auto& rec = rinfo.records[pv.rec->type];
      Value from = field(pv.rec, static_cast<uint32_t>(rec.field_index("from")));
      Value to = field(pv.rec, static_cast<uint32_t>(rec.field_index("to")));
      if (from.kind != VKind::kDate || to.kind != VKind::kDate) {
        any_unknown = true;
        if constexpr (kExplain) unknown = s_.join(unknown, unknown_facts(from, to));
        continue;
      }
      if constexpr (kExplain) facts = s_.join(facts, s_.join(from.facts, to.facts));
      int32_t b = from.date, e = std::min(to.date, until.date);
      if (e > b) spans.emplace_back(b, e);
    }
    if (any_unknown) return Value::unknown(unknown);
    std::sort(spans.begin(), spans.end());
    int64_t total = 0;
    int32_t cur_b = 0, cur_e = 0;
    bool open = false;
    for (auto [b, e] : spans) {
      if (!open || b > cur_e) {
        if (open) total += cur_e - cur_b;
        cur_b = b;
        cur_e = e;
        open = true;
      } else {
        cur_e = std::max(cur_e, e);
      }
    }
    if (open) total += cur_e - cur_b;
    Value v = Value::integer(total);
    if constexpr (kExplain) v.facts = facts;
    return v;
  }

  // ---- default logic ----
  Tree rule(uint32_t idx) {
    const RuleCode& rc = p_.rules[idx];
    Tree t = combine(rc.exceptions, &rc);
    if (t.by < 0) t.by = static_cast<int32_t>(idx);
    return t;
  }

  // Combines the exceptions `kids` over the rule `self` (nullptr for a target's roots).
  // A rule's condition, computed once per decision however many targets the rule sets.
  Value condition(const RuleCode& rc) {
    if (rc.cond == kNone32) return Value::boolean(true);
    if (s_.rule_cond_state[rc.rule] == s_.epoch) return s_.rule_conds[rc.rule];
    Value c = run(rc.cond);
    s_.rule_conds[rc.rule] = c;
    s_.rule_cond_state[rc.rule] = s_.epoch;
    return c;
  }

  static bool agree(const Value& a, const Value& b) {
    return a.known() && b.known() && same_value(a, b);
  }

  // Combines the exceptions `kids` over the rule `self` (nullptr for a target's roots).
  //
  // A Tree says whether the subtree applies (true / false / unknown) and, when it applies or
  // might, the value it gives. `ufacts` are the facts an unknown applicability depends on.
  Tree combine(const std::vector<uint32_t>& kids, const RuleCode* self) {
    Tree found;
    bool have = false;
    // Exceptions whose applicability is unknown.
    Tree maybe;
    bool have_maybe = false, maybe_agree = true;
    uint32_t maybe_facts = 0;
    for (uint32_t k : kids) {
      Tree r = rule(k);
      if (s_.failed) return r;
      if (r.applies == Tri::kTrue) {
        if (!have) {
          found = r;
          have = true;
        } else if (!agree(found.value, r.value)) {
          if (found.value.known() && r.value.known()) {
            conflict(found.by, r.by);
            return found;
          }
          found.uncertain = found.value.known() ? r.by : found.by;
          found.uncertain_applies = Tri::kTrue;
          found.value = Value::unknown(kExplain ? s_.join(found.value.facts, r.value.facts) : 0);
        }
      } else if (r.applies == Tri::kUnknown) {
        if (!have_maybe) {
          maybe = r;
          have_maybe = true;
        } else if (!agree(maybe.value, r.value)) {
          maybe_agree = false;
        }
        if constexpr (kExplain) {
          maybe_facts =
              s_.join(maybe_facts, s_.join(r.ufacts, r.value.known() ? 0 : r.value.facts));
        }
      }
    }
    if (have) {
      // An exception applies. One that may also apply changes nothing if it gives the same value;
      // otherwise it may be a conflict or an override nobody can rule out: unknown.
      if (have_maybe && !(maybe_agree && agree(maybe.value, found.value))) {
        found.value = Value::unknown(maybe_facts);
        found.uncertain = maybe.by;
      }
      return found;
    }
    // No exception certainly applies: this rule's own condition and value.
    Tree own;
    if (self) {
      Value c = condition(*self);
      own.applies = c.kind == VKind::kBool ? (c.b ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
      if (own.applies != Tri::kFalse) {
        own.value = run(self->value);
        if constexpr (kExplain) {
          if (own.applies == Tri::kTrue) own.value.facts = s_.join(c.facts, own.value.facts);
        }
      }
      if (own.applies == Tri::kUnknown) own.ufacts = c.facts;
    }
    if (!have_maybe) return own;
    // Some exceptions may apply. Where every possibility gives the same value, the value is known.
    bool all_agree = maybe_agree && (own.applies == Tri::kFalse || agree(maybe.value, own.value));
    Tree out;
    out.applies = own.applies == Tri::kTrue ? Tri::kTrue : Tri::kUnknown;
    out.by = own.applies == Tri::kFalse ? maybe.by : -1;
    if (own.applies == Tri::kFalse) {
      out.value = maybe.value;
      out.ufacts = maybe_facts;
    } else {
      out.value = own.value;
      if constexpr (kExplain) out.ufacts = s_.join(maybe_facts, own.ufacts);
    }
    if (!all_agree) {
      out.value = Value::unknown(kExplain ? s_.join(maybe_facts, own.ufacts) : 0);
      out.uncertain = maybe.by;
    }
    return out;
  }

  void conflict(int32_t a, int32_t b) {
    const auto& pol = *p_.policy;
    const auto& ra = pol.rule(p_.rules[static_cast<uint32_t>(a)].rule);
    const auto& rb = pol.rule(p_.rules[static_cast<uint32_t>(b)].rule);
    const auto& tgt = pol.targets[p_.rules[static_cast<uint32_t>(a)].target];
    s_.failed = true;
    s_.error =
        make_error(ErrorCode::kConflict,
                   fmt::format("rules '{}' and '{}' both apply to '{}' and disagree; the policy "
                               "must say which prevails (make one an exception to the other)",
                               ra.label, rb.label, tgt.name));
  }

  const Program& p_;
  const CaseData& c_;
  Scratch& s_;
};

template <bool kExplain>
Result<Ok> run_all(const Program& p, const CaseData& c, Scratch& s, Verdict& v, Actions which) {
  s.reset(p, kExplain);
  Eval<kExplain> ev(p, c, s);
  const auto& pol = *p.policy;
  v.actions.resize(pol.actions.size());
  // The request kind decides which actions were asked for.
  Value kind;
  if (p.request_slot != kNone32 && c.root()->slots[p.request_slot].kind == VKind::kRecord) {
    const Record* req = c.root()->slots[p.request_slot].rec;
    kind = req->slots[p.request_kind_field];
    if constexpr (kExplain) {
      for (const auto& o : s.overrides) {
        if (o.rec == req && o.field == p.request_kind_field) kind = o.value;
      }
      kind.facts = s.leaf(req, p.request_kind_field);
    }
  }
  v.request_kind = kind;
  const bool kind_known = kind.kind == VKind::kEnum;
  const uint64_t kind_bit = kind_known && kind.member < 64 ? uint64_t{1} << kind.member : 0;
  bool any_true = false, any_unknown = false, any_requested = false;
  // The requested actions first, then the others: a definition's DefEvent is recorded the first
  // time it is computed, so the requested actions' explanations hold every definition they use.
  const uint32_t n_actions = static_cast<uint32_t>(pol.actions.size());
  for (uint32_t a = 0; a < n_actions; ++a) {
    v.actions[a].requested = (p.requested_by[a] & kind_bit) != 0;
  }
  for (uint32_t i = 0; i < 2 * n_actions; ++i) {
    const uint32_t a = i % n_actions;
    ActionVerdict& av = v.actions[a];
    if (av.requested != (i < n_actions)) continue;
    av.evaluated = av.requested || which == Actions::kAll;
    if (!av.evaluated) {
      av.permitted = TargetResult{};
      av.until = TargetResult{};
      continue;
    }
    av.permitted = ev.target(2 * a);
    if (s.failed) return s.error;
    const Value& pv = av.permitted.value;
    if (pv.kind == VKind::kBool && pv.b) {
      av.until = ev.target(2 * a + 1);
      if (s.failed) return s.error;
    } else {
      av.until = TargetResult{};
      av.until.value = Value::none();
    }
    if (!av.requested) continue;
    any_requested = true;
    if (pv.kind == VKind::kBool) {
      any_true |= pv.b;
    } else {
      any_unknown = true;
    }
  }
  // Notices owed to the person: true, false, or unknown (still given, marked uncertain).
  v.notices.resize(p.notices.size());
  for (size_t i = 0; i < p.notices.size(); ++i) {
    const NoticeCode& nc = p.notices[i];
    if (nc.cond == kNone32) {
      v.notices[i] = Tri::kTrue;
      continue;
    }
    Value c = ev.run(nc.cond);
    if (s.failed) return s.error;
    v.notices[i] = c.kind == VKind::kBool ? (c.b ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
  }
  if (!kind_known || !any_requested) {
    v.outcome = Outcome::kReview;
  } else if (any_true) {
    v.outcome = Outcome::kHonor;
  } else if (any_unknown) {
    v.outcome = Outcome::kReview;
  } else {
    v.outcome = Outcome::kDecline;
  }
  return Ok{};
}

}  // namespace

Result<Ok> evaluate_into(const Program& p, const CaseData& c, Scratch& s, Verdict& out,
                         Actions actions) {
  return run_all<false>(p, c, s, out, actions);
}

Result<Verdict> evaluate(const Program& p, const CaseData& c, Scratch& s) {
  Verdict v;
  auto r = run_all<false>(p, c, s, v, Actions::kAll);
  if (!r) return r.error();
  return v;
}

Result<Verdict> evaluate_explained(const Program& p, const CaseData& c, Scratch& s) {
  Verdict v;
  auto r = run_all<true>(p, c, s, v, Actions::kAll);
  if (!r) return r.error();
  return v;
}

Result<Tri> evaluate_bool_definition(const Program& p, const CaseData& c, Scratch& s,
                                     uint32_t def_group) {
  if (def_group >= p.defs.size() || !p.defs[def_group].param_slots.empty()) {
    return make_error(ErrorCode::kInternal, "not a definition without parameters");
  }
  s.reset(p, false);
  Eval<false> ev(p, c, s);
  Value v = ev.definition(def_group);
  if (s.failed) return s.error;
  if (v.kind != VKind::kBool) return Tri::kUnknown;
  return v.b ? Tri::kTrue : Tri::kFalse;
}

}  // namespace writ::eval
