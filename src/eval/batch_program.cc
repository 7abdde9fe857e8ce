// Lowers a Program to the batch form: static shapes, inlined calls, the column layout.
#include "eval/batch_program.h"

#include <map>

#include <fmt/format.h>

#include "check/checker.h"

namespace writ::eval::batch {

namespace {

using check::Builtin;

class Lower {
 public:
  Lower(const Program& p, BatchProgram& out)
      : p_(p), schema_(p.policy->schema), out_(out), env_(p.local_slots) {}

  void run() {
    out_.layout.tables.push_back(TableSpec{});
    new_frame(kNone32);
    out_.def_root.assign(p_.defs.size(), -1);
    out_.rules.resize(p_.rules.size());
    rule_done_.assign(p_.rules.size(), false);
    root_type_ = find_root_type();
    if (p_.request_slot != kNone32) {
      Shape root = root_shape();
      uint32_t col = kNone32;
      Shape req = field(root, p_.request_slot, col);
      out_.request_col = col;
      if (req.kind == VKind::kRecord) field(req, p_.request_kind_field, out_.request_kind_col);
    }
    const auto& pol = *p_.policy;
    out_.roots.resize(pol.actions.size());
    for (uint32_t a = 0; a < pol.actions.size(); ++a) {
      for (uint32_t r : p_.targets[2 * a].roots) {
        lower_rule(r);
        out_.roots[a].push_back(r);
      }
    }
  }

 private:
  struct Bind {
    int32_t node = -1;  // a definition's parameter: the argument's node
    uint32_t id = kNone32;
    uint32_t frame = 0;
    Shape shape;
  };

  void fail(const std::string& why) {
    if (out_.unsupported.empty()) out_.unsupported = why;
  }

  // Adds a node, or returns the identical node already added (same operation, frame and
  // operands compute the same column): definitions called with the same argument, and the same
  // condition reached through different definitions, are computed once per chunk.
  int32_t add(BNode n) {
    std::string key;
    auto put = [&key](const void* p, size_t size) {
      key.append(static_cast<const char*>(p), size);
    };
    auto put32 = [&](uint32_t v) { put(&v, sizeof v); };
    put32(static_cast<uint32_t>(n.op) | static_cast<uint32_t>(n.aux) << 8 |
          static_cast<uint32_t>(n.cst) << 16 | static_cast<uint32_t>(n.shape.kind) << 24);
    for (uint32_t v : {n.frame, static_cast<uint32_t>(n.a), static_cast<uint32_t>(n.b),
                       static_cast<uint32_t>(n.c), n.col, n.item_col, n.k, n.from_col, n.to_col})
      put32(v);
    put(&n.cx, sizeof n.cx);
    put32(static_cast<uint32_t>(n.coff));
    for (int32_t v : {n.dur.years, n.dur.months, n.dur.days, n.dur.hours})
      put32(static_cast<uint32_t>(v));
    put32(static_cast<uint32_t>(n.kids.size()));
    for (int32_t v : n.kids) put32(static_cast<uint32_t>(v));
    put32(static_cast<uint32_t>(n.binds.size()));
    for (uint32_t v : n.binds) put32(v);
    put32(static_cast<uint32_t>(n.citems.size()));
    for (auto [st, x] : n.citems) {
      put32(st);
      put(&x, sizeof x);
    }
    auto [it, fresh] = seen_.try_emplace(key, static_cast<int32_t>(out_.nodes.size()));
    if (!fresh) return it->second;
    out_.nodes.push_back(std::move(n));
    return static_cast<int32_t>(out_.nodes.size() - 1);
  }

  check::TypeId find_root_type() const {
    for (check::TypeId t = 0; t < schema_.types.size(); ++t) {
      const auto& info = schema_.types[t];
      if (info.kind == check::TypeKind::kRecord && info.ref == schema_.root_record) return t;
    }
    return 0;
  }

  Shape root_shape() const {
    Shape s;
    s.kind = VKind::kRecord;
    s.type = root_type_;
    s.rec = schema_.root_record;
    s.table = 0;
    return s;
  }

  // The shape of field k of a record of shape `rec`; `col` receives its column.
  Shape field(const Shape& rec, uint32_t k, uint32_t& col) {
    Shape s;
    col = kNone32;
    if (rec.kind != VKind::kRecord || rec.table == kNoTable) {
      fail("a field of a value that is not a stored record");
      return s;
    }
    if (rec.rec >= schema_.records.size() || k >= schema_.records[rec.rec].fields.size()) {
      fail("a field outside its record");
      return s;
    }
    check::TypeId ft = schema_.records[rec.rec].fields[k].type;
    std::vector<uint32_t> path = rec.path;
    path.push_back(k);
    col = out_.layout.column(schema_, rec.table, path, ft);
    s.kind = kind_of(schema_, ft);
    s.type = ft;
    if (s.kind == VKind::kRecord) {
      s.rec = schema_.info(ft).ref;
      s.table = rec.table;
      s.path = path;
    }
    return s;
  }

  // A field read: `obj` (-1: the case row) at `frame`.
  int32_t field_node(int32_t obj, const Shape& rec, uint32_t k, uint32_t frame) {
    BNode n;
    n.op = Op::kField;
    n.a = obj;
    n.frame = frame;
    n.shape = field(rec, k, n.col);
    if (n.shape.kind == VKind::kList && n.col != kNone32) list_items(n, out_.layout.cols[n.col]);
    return add(std::move(n));
  }

  void list_items(BNode& n, const ColumnSpec& spec) {
    n.direct = true;
    check::TypeId et = schema_.info(spec.type).elem;
    n.elem.kind = kind_of(schema_, et);
    n.elem.type = et;
    if (n.elem.kind == VKind::kRecord) n.elem.rec = schema_.info(et).ref;
    n.elem.table = spec.child;
    n.item_col = out_.layout.column(schema_, spec.child, {}, et);  // the items' own column
  }

  // Moves a value computed at a shallower frame to `frame` (each row takes its ancestor's value).
  int32_t lift(int32_t node, uint32_t frame) {
    if (node < 0 || out_.nodes[static_cast<size_t>(node)].frame == frame) return node;
    BNode n;
    n.op = Op::kLocal;
    n.a = node;
    n.frame = frame;
    n.shape = out_.nodes[static_cast<size_t>(node)].shape;
    copy_shape(n, node);
    return add(std::move(n));
  }

  uint32_t new_frame(uint32_t parent) {
    out_.frame_parent.push_back(parent);
    out_.frame_list.push_back(-1);
    out_.frame_bind.push_back(kNone32);
    return static_cast<uint32_t>(out_.frame_parent.size() - 1);
  }

  // The frame of the items of `list` (a node of frame `parent`), shared by every quantifier and
  // comprehension over the same list; binds local `slot` to its items. Returns the binding.
  uint32_t bind_items(uint32_t parent, int32_t list, const Shape& shape, uint32_t slot,
                      uint32_t& frame) {
    auto [it, fresh] = frame_of_.try_emplace({parent, list}, 0);
    if (fresh) {
      it->second = new_frame(parent);
      out_.frame_list[it->second] = list;
      out_.frame_bind[it->second] = out_.bindings++;
      out_.bind_frame.push_back(it->second);
    }
    frame = it->second;
    Bind b;
    b.id = out_.frame_bind[frame];
    b.frame = frame;
    b.shape = shape;
    env_[slot] = b;
    return b.id;
  }

  int32_t constant(const Value& v, uint32_t frame) {
    BNode n;
    n.op = Op::kConst;
    n.frame = frame;
    n.shape.kind = v.kind == VKind::kNone ? VKind::kUnknown : v.kind;
    n.cst = v.kind == VKind::kUnknown ? kUnknown : v.kind == VKind::kNone ? kNoneSt : kKnown;
    auto payload = [&](const Value& x, int64_t& out) {
      switch (x.kind) {
        case VKind::kUnknown:
        case VKind::kNone:
          out = 0;
          return true;
        case VKind::kBool:
          out = x.b;
          return true;
        case VKind::kInt:
          out = x.i;
          return true;
        case VKind::kDate:
          out = x.date;
          return true;
        case VKind::kDateTime:
          out = x.dt.utc;
          return true;
        case VKind::kEnum:
          out = x.member;
          return true;
        case VKind::kString:
          out = intern(*x.str);
          return true;
        default:
          return false;
      }
    };
    if (v.kind == VKind::kList) {
      for (uint32_t i = 0; i < v.list->size; ++i) {
        const Value& it = v.list->items[i];
        int64_t x = 0;
        if (!payload(it, x)) fail("a constant list of records, citations or durations");
        uint8_t st = it.kind == VKind::kUnknown ? kUnknown
                     : it.kind == VKind::kNone  ? kNoneSt
                                                : kKnown;
        if (st == kKnown) {
          if (n.elem.kind == VKind::kUnknown) n.elem.kind = it.kind;
          if (n.elem.kind != it.kind) fail("a constant list of mixed kinds");
        }
        n.citems.emplace_back(st, x);
      }
    } else if (v.kind == VKind::kDuration) {
      n.dur = v.dur;
    } else if (!payload(v, n.cx)) {
      fail("a constant of this kind");
    }
    if (v.kind == VKind::kDateTime) n.coff = v.dt.offset;
    return add(std::move(n));
  }

  uint32_t intern(const std::string& s) {
    for (size_t i = 0; i < out_.strings.size(); ++i) {
      if (out_.strings[i] == s) return static_cast<uint32_t>(i);
    }
    out_.strings.push_back(s);
    return static_cast<uint32_t>(out_.strings.size() - 1);
  }

  static bool is_bool(const Shape& s) {
    return s.kind == VKind::kBool || s.kind == VKind::kUnknown;
  }

  int32_t def_node(uint32_t g, uint32_t frame) {
    if (out_.def_root[g] < 0) {
      const DefCode& d = p_.defs[g];
      std::vector<Bind> saved = env_;
      int32_t body = -1;
      if (d.body != kNone32) {
        body = lower(d.body, 0);
      } else if (d.target >= 0) {
        BNode t;
        t.op = Op::kDef;
        t.aux = 1;  // a definition given by rules: the target's value (none -> unknown)
        t.k = static_cast<uint32_t>(d.target);
        for (uint32_t r : p_.targets[static_cast<uint32_t>(d.target)].roots) {
          lower_rule(r);
          t.binds.push_back(r);
          int32_t v = out_.rules[r].value;
          if (v >= 0 && t.shape.kind == VKind::kUnknown)
            t.shape = out_.nodes[static_cast<size_t>(v)].shape;
        }
        if (t.shape.kind == VKind::kRecord || t.shape.kind == VKind::kList ||
            t.shape.kind == VKind::kDuration)
          fail("a definition by rules whose value is a record, list or duration");
        body = add(std::move(t));
      } else {
        body = constant(Value::unknown(), 0);
      }
      env_ = saved;
      out_.def_root[g] = body;
    }
    BNode n;
    n.op = Op::kDef;
    n.k = g;
    n.a = out_.def_root[g];
    n.frame = 0;
    copy_shape(n, n.a);
    return lift(add(std::move(n)), frame);
  }

  void lower_rule(uint32_t idx) {
    if (rule_done_[idx]) return;
    rule_done_[idx] = true;
    const RuleCode& rc = p_.rules[idx];
    BRule br;
    br.rule = rc.rule;
    if (rc.cond != kNone32) {
      auto it = cond_.find(rc.rule);
      br.cond = it != cond_.end() ? it->second : (cond_[rc.rule] = lower(rc.cond, 0));
    }
    br.value = rc.value != kNone32 ? lower(rc.value, 0) : constant(Value::none(), 0);
    br.exceptions = rc.exceptions;
    out_.rules[idx] = br;
    for (uint32_t e : rc.exceptions) lower_rule(e);
  }

  int32_t lower(uint32_t id, uint32_t frame) {
    const Node& node = p_.nodes[id];
    BNode n;
    n.op = node.op;
    n.aux = node.aux;
    n.frame = frame;
    switch (node.op) {
      case Op::kConst:
        return constant(p_.consts[node.k], frame);
      case Op::kInput:
        return lift(field_node(-1, root_shape(), node.k, 0), frame);
      case Op::kInputField: {
        uint32_t col = kNone32;
        Shape rec = field(root_shape(), node.a, col);
        return lift(field_node(-1, rec, node.k, 0), frame);
      }
      case Op::kLocal:
        return local(node.k, frame);
      case Op::kLocalField: {
        int32_t obj = local(node.a, frame);
        return field_node(obj, out_.nodes[static_cast<size_t>(obj)].shape, node.k, frame);
      }
      case Op::kField: {
        int32_t obj = lower(node.a, frame);
        return field_node(obj, out_.nodes[static_cast<size_t>(obj)].shape, node.k, frame);
      }
      case Op::kDef:
        return def_node(node.k, frame);
      case Op::kCallDef: {
        const DefCode& d = p_.defs[node.k];
        if (node.nargs > 8 || d.body == kNone32 || d.param_slots.size() < node.nargs) {
          fail("a call of a definition without a body");
          return constant(Value::unknown(), frame);
        }
        // Inlined: a parameter read is the argument's node (lifted where the body is deeper).
        std::vector<Bind> saved = env_;
        std::vector<int32_t> args;
        for (uint32_t i = 0; i < node.nargs; ++i)
          args.push_back(lower(p_.pool[node.args + i], frame));
        for (uint32_t i = 0; i < node.nargs; ++i) {
          Bind b;
          b.node = args[i];
          b.shape = out_.nodes[static_cast<size_t>(args[i])].shape;
          env_[d.param_slots[i]] = b;
        }
        int32_t body = lower(d.body, frame);
        env_ = saved;
        return body;
      }
      case Op::kNot:
        n.a = lower(node.a, frame);
        n.shape.kind = VKind::kBool;
        if (!is_bool(out_.nodes[static_cast<size_t>(n.a)].shape)) fail("not of a non-boolean");
        return add(std::move(n));
      case Op::kNeg:
        n.a = lower(node.a, frame);
        n.shape.kind = VKind::kInt;
        if (out_.nodes[static_cast<size_t>(n.a)].shape.kind != VKind::kInt) fail("negation");
        return add(std::move(n));
      case Op::kAnd:
      case Op::kOr:
        n.a = lower(node.a, frame);
        n.b = lower(node.b, frame);
        n.shape.kind = VKind::kBool;
        return add(std::move(n));
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kIn:
        n.a = lower(node.a, frame);
        n.b = lower(node.b, frame);
        n.shape.kind = VKind::kBool;
        comparable(n);
        return add(std::move(n));
      case Op::kEqConst:
      case Op::kNeConst:
        n.op = node.op == Op::kEqConst ? Op::kEq : Op::kNe;
        n.a = lower(node.a, frame);
        n.b = constant(p_.consts[node.k], frame);
        n.shape.kind = VKind::kBool;
        comparable(n);
        return add(std::move(n));
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
        n.a = lower(node.a, frame);
        n.b = lower(node.b, frame);
        arith_shape(n);
        return add(std::move(n));
      case Op::kList:
        fail("a list built at run time");
        return constant(Value::unknown(), frame);
      case Op::kExists:
      case Op::kAll:
      case Op::kCount: {
        std::vector<Bind> saved = env_;
        n.a = lower(node.a, frame);
        const BNode& l = out_.nodes[static_cast<size_t>(n.a)];
        if (l.shape.kind != VKind::kList) fail("a quantifier over a value that is not a list");
        Shape elem = l.elem;
        uint32_t inner = 0;
        n.binds.push_back(bind_items(frame, n.a, elem, node.k, inner));
        if (node.b != kNone32) n.b = lower(node.b, inner);
        env_ = saved;
        n.shape.kind = node.op == Op::kCount ? VKind::kInt : VKind::kBool;
        return add(std::move(n));
      }
      case Op::kSum:
      case Op::kMax:
      case Op::kMin:
        fail("sum, max or min over a list");
        return constant(Value::unknown(), frame);
      case Op::kComp: {
        std::vector<Bind> saved = env_;
        uint32_t cur = frame;
        for (uint32_t i = 0; i < node.nargs; ++i) {
          int32_t src = lower(p_.pool[node.args + 2 * i], cur);
          const BNode& l = out_.nodes[static_cast<size_t>(src)];
          if (l.shape.kind != VKind::kList) fail("a comprehension over a value that is not a list");
          Shape elem = l.elem;
          n.kids.push_back(src);
          n.binds.push_back(bind_items(cur, src, elem, p_.pool[node.args + 2 * i + 1], cur));
        }
        if (node.b != kNone32) n.b = lower(node.b, cur);
        n.a = lower(node.a, cur);
        env_ = saved;
        n.shape.kind = VKind::kList;
        n.elem = out_.nodes[static_cast<size_t>(n.a)].shape;
        if (n.elem.kind == VKind::kList || n.elem.kind == VKind::kDuration)
          fail("a comprehension of lists or durations");
        return add(std::move(n));
      }
      case Op::kIf: {
        n.a = lower(node.a, frame);
        n.b = lower(node.b, frame);
        n.c = lower(node.c, frame);
        const Shape& x = out_.nodes[static_cast<size_t>(n.b)].shape;
        const Shape& y = out_.nodes[static_cast<size_t>(n.c)].shape;
        const Shape& s = x.kind != VKind::kUnknown ? x : y;
        if (x.kind != VKind::kUnknown && y.kind != VKind::kUnknown &&
            (x.kind != y.kind || x.table != y.table || x.path != y.path))
          fail("if with branches of different shapes");
        if (s.kind == VKind::kList || s.kind == VKind::kDuration) fail("if with list values");
        n.shape = s;
        return add(std::move(n));
      }
      case Op::kBuiltin:
        return builtin(node, std::move(n), frame);
      default:
        break;
    }
    fail("an operation the batch form does not support");
    return constant(Value::unknown(), frame);
  }

  void copy_shape(BNode& n, int32_t from) {
    const BNode& f = out_.nodes[static_cast<size_t>(from)];
    n.shape = f.shape;
    n.elem = f.elem;
    n.direct = f.direct;
    n.col = f.col;
    n.item_col = f.item_col;
  }

  int32_t local(uint32_t slot, uint32_t frame) {
    const Bind& b = env_[slot];
    if (b.node >= 0) return lift(b.node, frame);
    BNode n;
    n.op = Op::kLocal;
    n.frame = frame;
    if (b.id == kNone32) {
      fail("a local read outside its binding");
      return constant(Value::unknown(), frame);
    }
    n.k = b.id;
    n.c = static_cast<int32_t>(b.frame);  // the frame the binding lives at
    n.shape = b.shape;
    return add(std::move(n));
  }

  void comparable(const BNode& n) {
    const Shape& a = out_.nodes[static_cast<size_t>(n.a)].shape;
    const BNode& bn = out_.nodes[static_cast<size_t>(n.b)];
    if (n.op == Op::kIn) {
      if (bn.shape.kind != VKind::kList && bn.shape.kind != VKind::kUnknown)
        fail("in of a non-list");
      if (bn.elem.kind == VKind::kRecord || bn.elem.kind == VKind::kCitation ||
          a.kind == VKind::kRecord || a.kind == VKind::kDuration)
        fail("in over records, citations or durations");
      return;
    }
    for (VKind k : {a.kind, bn.shape.kind}) {
      if (k == VKind::kList || k == VKind::kRecord || k == VKind::kDuration)
        fail("comparison of lists, records or durations");
    }
  }

  void arith_shape(BNode& n) {
    const BNode& a = out_.nodes[static_cast<size_t>(n.a)];
    const BNode& b = out_.nodes[static_cast<size_t>(n.b)];
    VKind x = a.shape.kind, y = b.shape.kind;
    if (x == VKind::kInt && y == VKind::kInt) {
      n.shape.kind = VKind::kInt;
    } else if (x == VKind::kDate && y == VKind::kInt && n.op != Op::kMul) {
      n.shape.kind = VKind::kDate;
    } else if ((x == VKind::kDate || x == VKind::kDateTime) && y == VKind::kDuration &&
               b.op == Op::kConst && n.op != Op::kMul) {
      n.shape.kind = x;
    } else if (x == VKind::kUnknown || y == VKind::kUnknown) {
      n.shape.kind = x == VKind::kUnknown ? y : x;
      if (n.shape.kind == VKind::kDuration) fail("arithmetic on durations");
    } else {
      fail(fmt::format("arithmetic on these kinds ({}, {})", static_cast<int>(x),
                       static_cast<int>(y)));
    }
  }

  int32_t builtin(const Node& node, BNode n, uint32_t frame) {
    auto arg = [&](uint32_t i) { return lower(p_.pool[node.args + i], frame); };
    switch (static_cast<Builtin>(node.aux)) {
      case Builtin::kDate:
        n.kids = {arg(0)};
        n.shape.kind = VKind::kDate;
        break;
      case Builtin::kListed: {
        n.kids = {arg(1)};
        uint32_t slot = 0;
        while (slot < out_.lists.size() && out_.lists[slot] != node.k) ++slot;
        if (slot == out_.lists.size()) out_.lists.push_back(node.k);
        n.k = slot;
        n.shape.kind = VKind::kBool;
        VKind c = out_.nodes[static_cast<size_t>(n.kids[0])].shape.kind;
        if (c != VKind::kCitation && c != VKind::kUnknown) fail("listed of a non-citation");
        break;
      }
      case Builtin::kBusinessHoursAfter:
        n.kids = {arg(0), arg(1)};
        n.shape.kind = VKind::kDateTime;
        break;
      case Builtin::kDaysBetween:
        n.kids = {arg(0), arg(1)};
        n.shape.kind = VKind::kInt;
        break;
      case Builtin::kCoveredDays: {
        n.kids = {arg(0), arg(1)};
        n.shape.kind = VKind::kInt;
        const Shape& e = out_.nodes[static_cast<size_t>(n.kids[0])].elem;
        if (e.kind != VKind::kRecord) {
          fail("covered_days of a list that is not of stored records");
          break;
        }
        const auto& rec = schema_.records[e.rec];
        int f = rec.field_index("from"), t = rec.field_index("to");
        if (f < 0 || t < 0) {
          fail("covered_days of records without from/to");
          break;
        }
        field(e, static_cast<uint32_t>(f), n.from_col);
        field(e, static_cast<uint32_t>(t), n.to_col);
        break;
      }
      case Builtin::kKnown:
        n.kids = {arg(0)};
        n.shape.kind = VKind::kBool;
        break;
      case Builtin::kLength:
        n.kids = {arg(0)};
        n.shape.kind = VKind::kInt;
        break;
      case Builtin::kMaxOf:
      case Builtin::kMinOf:
        n.kids = {arg(0), arg(1)};
        n.shape = out_.nodes[static_cast<size_t>(n.kids[0])].shape;
        if (n.shape.kind == VKind::kUnknown)
          n.shape = out_.nodes[static_cast<size_t>(n.kids[1])].shape;
        break;
      default:
        fail("a builtin the batch form does not support");
        return constant(Value::unknown(), frame);
    }
    for (int32_t k : n.kids) {
      VKind kk = out_.nodes[static_cast<size_t>(k)].shape.kind;
      if (kk == VKind::kDuration ||
          (kk == VKind::kList && static_cast<Builtin>(node.aux) != Builtin::kLength &&
           static_cast<Builtin>(node.aux) != Builtin::kCoveredDays))
        fail("a builtin over durations or lists");
    }
    return add(std::move(n));
  }

  const Program& p_;
  const check::Schema& schema_;
  BatchProgram& out_;
  std::vector<Bind> env_;
  std::vector<bool> rule_done_;
  std::map<uint32_t, int32_t> cond_;
  std::map<std::string, int32_t> seen_;
  std::map<std::pair<uint32_t, int32_t>, uint32_t> frame_of_;  // (parent, list node) -> frame
  check::TypeId root_type_ = 0;
};

}  // namespace

ColumnStore BatchProgram::make_store() const {
  return ColumnStore(program->policy->schema, layout, strings, lists, program->catalog);
}

std::unique_ptr<BatchProgram> compile_batch(const Program& p) {
  auto out = std::make_unique<BatchProgram>();
  out->program = &p;
  Lower(p, *out).run();
  // Operands come before the nodes that use them, so one pass marks every node above a frame.
  for (auto& n : out->nodes) {
    n.heavy = n.op == Op::kExists || n.op == Op::kAll || n.op == Op::kCount || n.op == Op::kComp;
    for (int32_t c : {n.a, n.b, n.c})
      n.heavy = n.heavy || (c >= 0 && out->nodes[static_cast<size_t>(c)].heavy);
    for (int32_t c : n.kids) n.heavy = n.heavy || out->nodes[static_cast<size_t>(c)].heavy;
  }
  return out;
}

}  // namespace writ::eval::batch
