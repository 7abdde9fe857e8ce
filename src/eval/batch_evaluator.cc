// The batch evaluator: each BNode is computed once per chunk for all the rows of its frame.
// Semantics follow evaluator.cc operation by operation (Kleene logic, unknown vs none, default
// logic); the comments name the differences in order of evaluation, which cannot change a result
// because expressions are pure (a rule conflict, the one error, sends the case to the per-case
// evaluator).
#include "eval/batch_evaluator.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <optional>

#include "calendar/business_time.h"
#include "calendar/civil.h"

namespace writ::eval::batch {

namespace {

// A column of values for the rows of one frame: pointers either into a ColumnStore column (no
// copy) or into the vectors it owns.
struct Vec {
  uint32_t n = 0;
  const uint8_t* st = nullptr;
  const int64_t* x = nullptr;
  const int32_t* off = nullptr;  // datetimes
  const uint32_t* lb = nullptr;  // lists: item range [lb, le) in the store's item table (direct)
  const uint32_t* le = nullptr;  //        or in `items`
  const Vec* items = nullptr;
  bool filled = false;  // a constant's rows, filled once
  // Zero-copy views of the store. base_row >= 0: a record-valued view whose row i is row `base_row
  // + i` of its table (st and x point into the store's column, x[i] == base_row + i), so a field of
  // it is the field's column from `base_row`. contig: a list view whose lb/le point into a store
  // list column (le == lb + 1), so its items are consecutive rows of the child table.
  int64_t base_row = -1;
  bool contig = false;
  // Whether every row's state is known (-1: not yet looked at); see known_all().
  mutable int8_t allk = -1;

  std::vector<uint8_t> st_;
  std::vector<int64_t> x_;
  std::vector<int32_t> off_;
  std::vector<uint32_t> lb_, le_;
  std::unique_ptr<Vec> items_;

  // Points the vectors at `rows` rows of its own storage. Storage only grows (a chunk's frames
  // vary in size; shrinking and growing again would clear memory every chunk).
  void own(uint32_t rows, bool dt, bool list) {
    n = rows;
    grow(st_, rows);
    grow(x_, rows);
    st = st_.data();
    x = x_.data();
    off = nullptr;
    lb = le = nullptr;
    items = nullptr;
    base_row = -1;
    contig = false;
    allk = -1;
    if (dt) {
      grow(off_, rows);
      off = off_.data();
    }
    if (list) {
      grow(lb_, rows);
      grow(le_, rows);
      lb = lb_.data();
      le = le_.data();
    }
  }
  template <class T>
  static void grow(std::vector<T>& v, size_t rows) {
    if (v.size() < rows) v.resize(std::max(rows, v.size() * 2));
  }
  Vec& own_items() {
    if (!items_) items_ = std::make_unique<Vec>();
    items = items_.get();
    return *items_;
  }
};

struct Items {
  const uint8_t* st;
  const int64_t* x;
  const int32_t* off;
};

struct Frame {
  uint32_t n = 0;
  std::vector<uint32_t> up;  // per row: the row of the parent frame it belongs to
};

enum T3 : uint8_t { kF = 0, kT = 1, kU = 2 };

// Default logic: per rule-tree depth, per row, whether the tree applies and its value.
struct Level {
  std::vector<uint8_t> ap, vs, have, have_maybe, maybe_agree, mvs;
  std::vector<int64_t> vx, mvx;
  void size(uint32_t n) {
    if (ap.size() >= n) return;
    for (auto* v : {&ap, &vs, &have, &have_maybe, &maybe_agree, &mvs}) v->resize(n);
    vx.resize(n);
    mvx.resize(n);
  }
};

// Working storage for one program.
struct State {
  std::vector<Vec> vals;
  std::vector<const Vec*> res;
  std::vector<uint32_t> stamp;
  uint32_t epoch = 0;
  std::vector<Vec> bindv;
  std::vector<const Vec*> bind;
  std::vector<uint32_t> bind_stamp;  // per binding: the epoch it was set in (a subset state)
  std::vector<Frame> frames;
  std::vector<uint32_t> frame_stamp;
  std::vector<uint32_t> map_a;
  std::vector<uint8_t> conflict, mark, skipped;
  std::vector<uint64_t> kind_bit;  // output: per row, the bit of its request kind
  // Per action: the first action whose rule tree computes the same (same conditions, values and
  // exceptions, e.g. hold / notify_release / transfer), whose result it shares.
  std::vector<uint32_t> same_as;
  std::vector<const Tri*> tp;  // per action decided in the chunk: permitted per row
  std::vector<uint8_t> any;    // output: per row, what its requested actions are
  std::vector<uint32_t> counts;
  std::vector<std::pair<int32_t, int32_t>> spans;
  std::vector<const Vec*> cond, value;  // per BRule, for the chunk
  std::vector<std::vector<Tri>> tri;    // per action: permitted
  size_t r0 = 0;
  // Selection: the right operand of a case-level and/or that opens item frames is computed only
  // for the cases its left operand does not decide, in `sub` (its own memo: other rows).
  std::unique_ptr<State> sub;
  std::vector<uint32_t> selected;
  std::vector<Vec> widened;  // per node: its sub-state result spread back over the chunk
  std::vector<std::vector<std::pair<int64_t, int64_t>>> shift;  // per node: date-shift cache
  // Selection inside item frames: per node (an `if`, an `and`/`or`), the state that computes an
  // operand for a subset of the rows of its frame, and the rows (per node: an operand's
  // computation may meet other such nodes).
  struct Subset {
    std::unique_ptr<State> state;
    std::vector<uint32_t> a, b;
  };
  std::vector<Subset> subset;
  std::vector<uint8_t> above;  // a subset state: per frame, whether it is above the subset's
  std::deque<Level> levels;
  // kKnown in every row: the states of a value known everywhere. Grown by a new buffer (values
  // of the chunk may point at the old ones, which are kept).
  std::vector<std::vector<uint8_t>> ones;  //
                                           // default logic: working storage per rule-tree depth

  explicit State(const BatchProgram& bp) {
    vals.resize(bp.nodes.size());
    res.assign(bp.nodes.size(), nullptr);
    stamp.assign(bp.nodes.size(), 0);
    bindv.resize(bp.bindings);
    bind.assign(bp.bindings, nullptr);
    bind_stamp.assign(bp.bindings, 0);
    frames.resize(bp.frame_parent.size());
    frame_stamp.assign(bp.frame_parent.size(), 0);
    cond.assign(bp.rules.size(), nullptr);
    value.assign(bp.rules.size(), nullptr);
    tri.resize(bp.roots.size());
    widened.resize(bp.nodes.size());
    shift.resize(bp.nodes.size());
    subset.resize(bp.nodes.size());
    std::vector<std::string> sigs;
    for (const auto& roots : bp.roots) {
      std::string sig;
      signature(bp, roots, sig);
      const auto it = std::find(sigs.begin(), sigs.end(), sig);
      same_as.push_back(static_cast<uint32_t>(it - sigs.begin()));
      sigs.push_back(it == sigs.end() ? std::move(sig) : std::string{});
    }
  }

  // What a rule tree computes: its rules' condition and value nodes and exceptions.
  static void signature(const BatchProgram& bp, const std::vector<uint32_t>& rules,
                        std::string& out) {
    out += '[';
    for (uint32_t r : rules) {
      const BRule& br = bp.rules[r];
      out += std::to_string(br.cond) + ',' + std::to_string(br.value);
      signature(bp, br.exceptions, out);
    }
    out += ']';
  }
};

}  // namespace

struct BatchScratch::Impl {
  // One state per program (a batch over several policy versions alternates between them).
  std::vector<std::pair<const BatchProgram*, std::unique_ptr<State>>> states;
  State& for_program(const BatchProgram& bp) {
    for (auto& [p, st] : states) {
      if (p == &bp) return *st;
    }
    states.emplace_back(&bp, std::make_unique<State>(bp));
    return *states.back().second;
  }
};

BatchScratch::BatchScratch() : impl(std::make_unique<Impl>()) {}
BatchScratch::~BatchScratch() = default;

namespace {

constexpr size_t kShiftCache = 4096;  // entries of a node's date-shift cache (a power of 2)
constexpr int64_t kMinDay = -719162;  // 0001-01-01
constexpr int64_t kMaxDay = 2932896;  // 9999-12-31
constexpr int64_t kMaxShiftDays = kMaxDay - kMinDay;
bool day_in_range(int64_t d) {
  return d >= kMinDay && d <= kMaxDay;
}

// As evaluator.cc.
std::optional<cal::Days> shift_date(cal::Days d, const Duration& u, int64_t sign) {
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

// Starts a new memo generation of `s` (a chunk, or a subset of rows).
void next_epoch(State& s) {
  if (++s.epoch == 0) {
    std::fill(s.stamp.begin(), s.stamp.end(), 0);
    std::fill(s.frame_stamp.begin(), s.frame_stamp.end(), 0);
    std::fill(s.bind_stamp.begin(), s.bind_stamp.end(), 0);
    s.epoch = 1;
  }
}

// Whether every row of `v` is known (computed once per value).
bool known_all(const Vec& v) {
  if (v.allk < 0) {
    uint8_t acc = 0;
    const uint8_t* __restrict st = v.st;
    for (uint32_t i = 0; i < v.n; ++i) acc |= static_cast<uint8_t>(st[i] ^ kKnown);
    v.allk = acc == 0;
  }
  return v.allk != 0;
}

class Run {
 public:
  Run(const BatchProgram& bp, const ColumnStore& store, State& s, const uint32_t* rows0 = nullptr)
      : bp_(bp), store_(store), s_(s), rows0_(rows0) {}

  // A run over the rows `rows` (m of them) of frame `frame` of `parent`'s rows: the nodes of that
  // frame and of the frames below it are computed here, those of the frames above by `parent`.
  Run(Run& parent, State& s, uint32_t frame, const uint32_t* rows, uint32_t m)
      : bp_(parent.bp_),
        store_(parent.store_),
        s_(s),
        parent_(&parent),
        sel_frame_(frame),
        sel_rows_(rows) {
    next_epoch(s_);
    s_.r0 = parent.s_.r0;
    if (s_.above.empty()) {  // a subset state serves one node: always the same frame
      s_.above.assign(bp_.frame_parent.size(), 0);
      for (uint32_t f = frame; f != 0;) {
        f = bp_.frame_parent[f];
        s_.above[f] = 1;
      }
    }
    above_ = s_.above.data();
    for (uint32_t f = 0; f < s_.above.size(); ++f) {
      if (!above_[f]) continue;
      s_.frames[f].n = parent.s_.frames[f].n;
      if (f != 0) {  // frame 0 has no parent rows
        s_.frames[f].up.assign(parent.s_.frames[f].up.begin(),
                               parent.s_.frames[f].up.begin() + parent.s_.frames[f].n);
      }
      s_.frame_stamp[f] = s_.epoch;
    }
    Frame& fr = s_.frames[frame];
    const Frame& pf = parent.s_.frames[frame];
    fr.n = m;
    if (fr.up.size() < m) fr.up.resize(std::max<size_t>(m, fr.up.size() * 2));
    for (uint32_t k = 0; k < m; ++k) fr.up[k] = pf.up[rows[k]];
    s_.frame_stamp[frame] = s_.epoch;
  }

  const Vec& eval(int32_t id) {
    auto u = static_cast<size_t>(id);
    if (s_.stamp[u] == s_.epoch) return *s_.res[u];
    const BNode& nd = bp_.nodes[u];
    if (parent_ && above_[nd.frame]) return parent_->eval(id);
    const uint32_t n = s_.frames[nd.frame].n;
    Vec& out = s_.vals[u];
    const Vec* r = &out;
    const bool dt = nd.shape.kind == VKind::kDateTime;
    const bool list = nd.shape.kind == VKind::kList;
    switch (nd.op) {
      case Op::kConst:
        constant(nd, n, out);
        break;
      case Op::kField:
        field(nd, n, out, dt, list);
        break;
      case Op::kLocal:
        if (nd.a >= 0) {
          const Vec& src = eval(nd.a);
          gather(src, map(nd.frame, bp_.nodes[static_cast<size_t>(nd.a)].frame), n, out, dt, list);
        } else {
          const Vec* src = binding(nd.k);
          auto bf = static_cast<uint32_t>(nd.c);
          if (bf == nd.frame) {
            r = src;
          } else {
            gather(*src, map(nd.frame, bf), n, out, dt, list);
          }
        }
        break;
      case Op::kDef:
        if (nd.aux == 1) {  // a definition by rules: none (no rule applies) is unknown
          target_value(nd.binds, n, out);
          for (uint32_t i = 0; i < n; ++i) {
            if (out.st_[i] == kNoneSt) out.st_[i] = kUnknown;
          }
        } else {
          r = &eval(nd.a);
        }
        break;
      case Op::kCallDef:
        for (size_t i = 0; i < nd.kids.size(); ++i) s_.bind[nd.binds[i]] = &eval(nd.kids[i]);
        r = &eval(nd.a);
        break;
      case Op::kNot: {
        const Vec& a = eval(nd.a);
        out.own(n, false, false);
        const uint8_t* __restrict as = a.st;
        const int64_t* __restrict ax = a.x;
        uint8_t* __restrict st = out.st_.data();
        int64_t* __restrict x = out.x_.data();
        if (known_all(a)) {  // known booleans are 0 or 1
          for (uint32_t i = 0; i < n; ++i) x[i] = ax[i] ^ 1;
          set_known(out, n);
          break;
        }
        for (uint32_t i = 0; i < n; ++i) {
          st[i] = as[i];
          x[i] = as[i] == kKnown ? !ax[i] : ax[i];
        }
        break;
      }
      case Op::kNeg: {
        const Vec& a = eval(nd.a);
        out.own(n, false, false);
        for (uint32_t i = 0; i < n; ++i) {
          bool ok = a.st[i] == kKnown && a.x[i] != INT64_MIN;
          out.st_[i] = ok ? uint8_t{kKnown} : (a.st[i] == kKnown ? uint8_t{kUnknown} : a.st[i]);
          out.x_[i] = ok ? -a.x[i] : 0;
        }
        break;
      }
      case Op::kAnd:
      case Op::kOr:
        logic(nd, n, out);
        break;
      case Op::kEq:
      case Op::kNe:
        equal(nd, n, out);
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        order(nd, n, out);
        break;
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
        arith(nd, n, out);
        break;
      case Op::kIn:
        member(nd, n, out);
        break;
      case Op::kExists:
      case Op::kAll:
      case Op::kCount:
        quantify(nd, n, out);
        break;
      case Op::kComp:
        comprehension(nd, n, out);
        break;
      case Op::kIf:
        choose(nd, n, out, dt);
        break;
      case Op::kBuiltin:
        builtin(nd, n, out);
        break;
      default:  // not emitted by compile_batch
        out.own(n, dt, list);
        std::fill(out.st_.begin(), out.st_.end(), kUnknown);
        break;
    }
    s_.stamp[u] = s_.epoch;
    s_.res[u] = r;
    return *r;
  }

  // Makes `out` (own()ed for n rows) known in every row: its states point at s_.ones.
  void set_known(Vec& out, uint32_t n) {
    if (s_.ones.empty() || s_.ones.back().size() < n) {
      const size_t size =
          std::max<size_t>({n, 1024, s_.ones.empty() ? 0 : s_.ones.back().size() * 2});
      s_.ones.emplace_back(size, uint8_t{kKnown});
    }
    out.st = s_.ones.back().data();
    out.allk = 1;
  }

  // Whether an action is permitted, over the rows of frame 0 (unknown when no rule applies or
  // its value is not a known boolean).
  void target_tri(const std::vector<uint32_t>& roots, uint32_t n, std::vector<Tri>& out) {
    prepare(roots);
    if (out.size() < n) out.resize(n);
    Level& t = combine(roots, nullptr, 0, n);
    const uint8_t* __restrict ap = t.ap.data();
    const uint8_t* __restrict vs = t.vs.data();
    const int64_t* __restrict vx = t.vx.data();
    Tri* __restrict o = out.data();
    for (uint32_t i = 0; i < n; ++i) {
      o[i] = ap[i] == kT && vs[i] == kKnown ? (vx[i] ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
    }
  }

  // The value of a target over the rows of frame 0 (none when no rule applies).
  void target_value(const std::vector<uint32_t>& roots, uint32_t n, Vec& out) {
    prepare(roots);
    out.own(n, false, false);
    Level& t = combine(roots, nullptr, 0, n);
    uint8_t* __restrict st = out.st_.data();
    int64_t* __restrict x = out.x_.data();
    const uint8_t* __restrict ap = t.ap.data();
    const uint8_t* __restrict vs = t.vs.data();
    const int64_t* __restrict vx = t.vx.data();
    for (uint32_t i = 0; i < n; ++i) {
      // A conflict (flagged in s_.conflict) sends the case to the per-case evaluator.
      const bool val = ap[i] == kT;
      st[i] = val ? vs[i] : ap[i] == kF ? uint8_t{kNoneSt} : uint8_t{kUnknown};
      x[i] = val ? vx[i] : 0;
    }
  }

 private:
  // The values of binding `b` (in a subset run, those of the parent for the selected rows).
  const Vec* binding(uint32_t b) {
    if (!parent_ || s_.bind_stamp[b] == s_.epoch) return s_.bind[b];
    const Vec* src = parent_->binding(b);
    if (bp_.bind_frame[b] != sel_frame_) return src;  // a frame above: the same rows
    // A frame below is built (and its binding set) before it is read.
    const VKind kind = bp_.nodes[static_cast<size_t>(bp_.frame_list[sel_frame_])].elem.kind;
    gather(*src, sel_rows_, s_.frames[sel_frame_].n, s_.bindv[b], kind == VKind::kDateTime,
           kind == VKind::kList);
    s_.bind[b] = &s_.bindv[b];
    s_.bind_stamp[b] = s_.epoch;
    return s_.bind[b];
  }

  // Computes node `id` (of frame nd.frame != 0) for the rows `rows` of its frame only, and writes
  // its values to `out` at those rows.
  void subset_into(const BNode& nd, int32_t id, const std::vector<uint32_t>& rows, Vec& out) {
    auto& slot = s_.subset[static_cast<size_t>(&nd - bp_.nodes.data())].state;
    if (!slot) slot = std::make_unique<State>(bp_);
    const auto m = static_cast<uint32_t>(rows.size());
    Run sub(*this, *slot, nd.frame, rows.data(), m);
    const Vec& r = sub.eval(id);
    const uint32_t* __restrict rr = rows.data();
    const uint8_t* __restrict rs = r.st;
    const int64_t* __restrict rx = r.x;
    uint8_t* __restrict st = out.st_.data();
    int64_t* __restrict x = out.x_.data();
    for (uint32_t k = 0; k < m; ++k) {
      st[rr[k]] = rs[k];
      x[rr[k]] = rx[k];
    }
  }

  // Whether computing node `id` for a subset of its frame's rows can pay for the gathers.
  bool worth_subset(int32_t id) const {
    const BNode& b = bp_.nodes[static_cast<size_t>(id)];
    return s_.stamp[static_cast<size_t>(id)] != s_.epoch && b.op != Op::kConst &&
           b.op != Op::kLocal && b.op != Op::kField;
  }

  // Composite row map from frame `from` to its ancestor frame `to`.
  const uint32_t* map(uint32_t from, uint32_t to) {
    const Frame& f = s_.frames[from];
    uint32_t parent = bp_.frame_parent[from];
    if (parent == to) return f.up.data();
    auto& m = s_.map_a;
    m.assign(f.up.begin(), f.up.begin() + f.n);
    while (parent != to) {
      const Frame& p = s_.frames[parent];
      for (auto& v : m) v = p.up[v];
      parent = bp_.frame_parent[parent];
    }
    return m.data();
  }

  static void gather(const Vec& src, const uint32_t* m, uint32_t n, Vec& out, bool dt, bool list) {
    out.own(n, dt, list);
    {
      const uint8_t* __restrict ss = src.st;
      const int64_t* __restrict sx = src.x;
      const uint32_t* __restrict mm = m;
      uint8_t* __restrict st = out.st_.data();
      int64_t* __restrict x = out.x_.data();
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t j = mm[i];
        st[i] = ss[j];
        x[i] = sx[j];
      }
    }
    if (dt && src.off) {
      for (uint32_t i = 0; i < n; ++i) out.off_[i] = src.off[m[i]];
    }
    if (list) {
      for (uint32_t i = 0; i < n; ++i) {
        out.lb_[i] = src.lb[m[i]];
        out.le_[i] = src.le[m[i]];
      }
      out.items = src.items;
    }
  }

  void constant(const BNode& nd, uint32_t n, Vec& out) {
    const bool dt = nd.shape.kind == VKind::kDateTime;
    const bool list = nd.shape.kind == VKind::kList;
    if (out.st_.size() >= n && out.st == out.st_.data() && out.filled) {
      out.n = n;  // filled in an earlier chunk: the same value in every row
      return;
    }
    out.own(n, dt, list);
    out.filled = true;
    std::fill(out.st_.begin(), out.st_.end(), nd.cst);
    std::fill(out.x_.begin(), out.x_.end(), nd.cx);
    if (dt) std::fill(out.off_.begin(), out.off_.end(), nd.coff);
    if (list) {
      Vec& it = out.own_items();
      auto m = static_cast<uint32_t>(nd.citems.size());
      it.own(m, false, false);
      for (uint32_t j = 0; j < m; ++j) {
        it.st_[j] = nd.citems[j].first;
        it.x_[j] = nd.citems[j].second;
      }
      std::fill(out.lb_.begin(), out.lb_.end(), 0);
      std::fill(out.le_.begin(), out.le_.end(), m);
    }
  }

  void field(const BNode& nd, uint32_t n, Vec& out, bool dt, bool list) {
    const Column& col = store_.col(nd.col);
    if (nd.a < 0 && rows0_) {  // a path from the case row, for selected cases
      out.own(n, dt, list);
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t row = rows0_[i];
        out.st_[i] = col.st[row];
        out.x_[i] = col.x[row];
        if (dt) out.off_[i] = col.off[row];
        if (list) {
          out.lb_[i] = col.begin[row];
          out.le_[i] = col.begin[row + 1];
        }
      }
      return;
    }
    if (nd.a < 0) {  // a path from the case row: the store's column itself
      view(nd, col, s_.r0, n, out, dt, list);
      return;
    }
    const Vec& o = eval(nd.a);
    if (o.base_row >= 0) {  // a field of consecutive stored records: its column from there
      view(nd, col, static_cast<size_t>(o.base_row), n, out, dt, list);
      return;
    }
    out.own(n, dt, list);
    if (!dt && !list && !col.st.empty()) {
      const uint8_t* __restrict ost = o.st;
      const int64_t* __restrict ox = o.x;
      const uint8_t* __restrict cst = col.st.data();
      const int64_t* __restrict cx = col.x.data();
      uint8_t* __restrict st = out.st_.data();
      int64_t* __restrict x = out.x_.data();
      if (known_all(o)) {  // every record known: its row is its payload
        for (uint32_t i = 0; i < n; ++i) {
          const auto row = static_cast<size_t>(ox[i]);
          st[i] = cst[row];
          x[i] = cx[row];
        }
        return;
      }
      for (uint32_t i = 0; i < n; ++i) {
        const bool k = ost[i] == kKnown;
        const auto row = static_cast<size_t>(k ? ox[i] : 0);
        st[i] = k ? cst[row] : ost[i];
        x[i] = k ? cx[row] : 0;
      }
      return;
    }
    for (uint32_t i = 0; i < n; ++i) {
      auto row = static_cast<size_t>(o.x[i]);
      if (o.st[i] == kKnown) {
        out.st_[i] = col.st[row];
        out.x_[i] = col.x[row];
        if (dt) out.off_[i] = col.off[row];
        if (list) {
          out.lb_[i] = col.begin[row];
          out.le_[i] = col.begin[row + 1];
        }
      } else {
        out.st_[i] = o.st[i];  // none stays none, unknown unknown
        out.x_[i] = 0;
        if (dt) out.off_[i] = 0;
        if (list) out.lb_[i] = out.le_[i] = 0;
      }
    }
  }

  // `out` as a view of rows [r0, r0 + n) of the store's column `col`. A field of a record whose
  // state is not known has that same state in the store (ColumnStore::fill), and a payload that
  // no operation reads, so the view equals the value field() would gather.
  static void view(const BNode& nd, const Column& col, size_t r0, uint32_t n, Vec& out, bool dt,
                   bool list) {
    out.n = n;
    out.st = col.st.data() + r0;
    out.x = col.x.data() + r0;
    out.off = dt ? col.off.data() + r0 : nullptr;
    out.lb = list ? col.begin.data() + r0 : nullptr;
    out.le = list ? col.begin.data() + r0 + 1 : nullptr;
    out.items = nullptr;
    out.base_row = nd.shape.kind == VKind::kRecord ? static_cast<int64_t>(r0) : -1;
    out.contig = list;
    out.allk = -1;
  }

  Items items_of(const BNode& ln, const Vec& l) const {
    if (l.items) return Items{l.items->st, l.items->x, l.items->off};
    const Column& c = store_.col(ln.item_col);
    return Items{c.st.data(), c.x.data(), c.off.empty() ? nullptr : c.off.data()};
  }

  // The right operand for the rows the left one does not decide; the others get unknown, which
  // the operator never reads (false absorbs in `and`, true in `or`). nullptr: not worth it.
  const Vec* selected(const BNode& nd, const Vec& a, uint32_t n) {
    if (rows0_ || nd.frame != 0 || !bp_.nodes[static_cast<size_t>(nd.b)].heavy) return nullptr;
    const bool is_or = nd.op == Op::kOr;
    auto& sel = s_.selected;
    sel.clear();
    for (uint32_t i = 0; i < n; ++i) {
      const bool decided = a.st[i] == kKnown && (a.x[i] != 0) == is_or;
      if (!decided) sel.push_back(static_cast<uint32_t>(s_.r0 + i));
    }
    if (sel.size() * 2 > n) return nullptr;
    if (!s_.sub) s_.sub = std::make_unique<State>(bp_);
    State& sub = *s_.sub;
    next_epoch(sub);
    const auto m = static_cast<uint32_t>(sel.size());
    sub.frames[0].n = m;
    sub.conflict.assign(m, 0);
    Run run(bp_, store_, sub, sel.data());
    const Vec& bs = run.eval(nd.b);
    Vec& w = s_.widened[static_cast<size_t>(nd.b)];
    w.own(n, false, false);
    std::fill(w.st_.begin(), w.st_.begin() + n, kUnknown);
    std::fill(w.x_.begin(), w.x_.begin() + n, 0);
    for (uint32_t k = 0; k < m; ++k) {
      const size_t i = sel[k] - s_.r0;
      w.st_[i] = bs.st[k];
      w.x_[i] = bs.x[k];
      if (sub.conflict[k]) s_.conflict[i] = 1;
    }
    return &w;
  }

  void logic(const BNode& nd, uint32_t n, Vec& out) {
    const Vec& a = eval(nd.a);
    const Vec* sel = selected(nd, a, n);
    const Vec& b = sel ? *sel : eval(nd.b);
    out.own(n, false, false);
    uint8_t* __restrict ost = out.st_.data();
    int64_t* __restrict ox = out.x_.data();
    const bool is_or = nd.op == Op::kOr;
    const uint8_t* __restrict as = a.st;
    const uint8_t* __restrict bs = b.st;
    const int64_t* __restrict ax = a.x;
    const int64_t* __restrict bx = b.x;
    if (known_all(a) && known_all(b)) {  // two-valued logic on 0/1
      if (is_or) {
        for (uint32_t i = 0; i < n; ++i) ox[i] = ax[i] | bx[i];
      } else {
        for (uint32_t i = 0; i < n; ++i) ox[i] = ax[i] & bx[i];
      }
      set_known(out, n);
      return;
    }
    // Kleene logic on bytes (kUnknown = 0, kKnown = 1; a known boolean is 0 or 1): ta / fa, the
    // left operand is known true / known false.
    static_assert(kUnknown == 0 && kKnown == 1);
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t ka = as[i] == kKnown, kb = bs[i] == kKnown;
      const uint8_t va = static_cast<uint8_t>(ax[i]) & 1, vb = static_cast<uint8_t>(bx[i]) & 1;
      const uint8_t ta = ka & va, tb = kb & vb, fa = ka & (va ^ 1), fb = kb & (vb ^ 1);
      const uint8_t t = is_or ? (ta | tb) : (ta & tb);
      const uint8_t f = is_or ? (fa & fb) : (fa | fb);
      ost[i] = t | f;
      ox[i] = t;
    }
  }

  void equal(const BNode& nd, uint32_t n, Vec& out) {
    const Vec& a = eval(nd.a);
    const Vec& b = eval(nd.b);
    out.own(n, false, false);
    const bool same_kind = bp_.nodes[static_cast<size_t>(nd.a)].shape.kind ==
                           bp_.nodes[static_cast<size_t>(nd.b)].shape.kind;
    const bool want = nd.op == Op::kEq;
    const uint8_t* __restrict as = a.st;
    const uint8_t* __restrict bs = b.st;
    const int64_t* __restrict ax = a.x;
    const int64_t* __restrict bx = b.x;
    uint8_t* __restrict st = out.st_.data();
    int64_t* __restrict x = out.x_.data();
    const int64_t w = want ? 1 : 0;
    const BNode& bn = bp_.nodes[static_cast<size_t>(nd.b)];
    if (same_kind && bn.op == Op::kConst && bn.cst == kKnown) {  // `field == constant`
      const int64_t c = bn.cx;
      if (known_all(a)) {
        for (uint32_t i = 0; i < n; ++i) x[i] = (ax[i] == c) == w;
        set_known(out, n);
        return;
      }
      for (uint32_t i = 0; i < n; ++i) {
        st[i] = as[i] == kUnknown ? uint8_t{kUnknown} : uint8_t{kKnown};
        x[i] = ((as[i] == kKnown) & (ax[i] == c)) == w;
      }
      return;
    }
    if (same_kind && known_all(a) && known_all(b)) {
      for (uint32_t i = 0; i < n; ++i) x[i] = (ax[i] == bx[i]) == w;
      set_known(out, n);
      return;
    }
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t sa = as[i], sb = bs[i];
      const bool eq = (sa == kNoneSt && sb == kNoneSt) |
                      (sa == kKnown && sb == kKnown && same_kind && ax[i] == bx[i]);
      st[i] = ((sa == kUnknown) | (sb == kUnknown)) ? kUnknown : kKnown;
      x[i] = eq == want;
    }
  }

  void order(const BNode& nd, uint32_t n, Vec& out) {
    const Vec& a = eval(nd.a);
    const Vec& b = eval(nd.b);
    out.own(n, false, false);
    VKind ka = bp_.nodes[static_cast<size_t>(nd.a)].shape.kind;
    VKind kb = bp_.nodes[static_cast<size_t>(nd.b)].shape.kind;
    const bool ok_kind =
        ka == kb && (ka == VKind::kInt || ka == VKind::kDate || ka == VKind::kDateTime);
    if (ok_kind && known_all(a) && known_all(b)) {
      const int64_t* __restrict ax = a.x;
      const int64_t* __restrict bx = b.x;
      int64_t* __restrict x = out.x_.data();
      switch (nd.op) {
        case Op::kLt:
          for (uint32_t i = 0; i < n; ++i) x[i] = ax[i] < bx[i];
          break;
        case Op::kLe:
          for (uint32_t i = 0; i < n; ++i) x[i] = ax[i] <= bx[i];
          break;
        case Op::kGt:
          for (uint32_t i = 0; i < n; ++i) x[i] = ax[i] > bx[i];
          break;
        default:
          for (uint32_t i = 0; i < n; ++i) x[i] = ax[i] >= bx[i];
          break;
      }
      set_known(out, n);
      return;
    }
    for (uint32_t i = 0; i < n; ++i) {
      bool known = ok_kind && a.st[i] == kKnown && b.st[i] == kKnown;
      int64_t x = a.x[i], y = b.x[i];
      bool r = nd.op == Op::kLt   ? x < y
               : nd.op == Op::kLe ? x <= y
               : nd.op == Op::kGt ? x > y
                                  : x >= y;
      out.st_[i] = known ? kKnown : kUnknown;
      out.x_[i] = known && r;
    }
  }

  void arith(const BNode& nd, uint32_t n, Vec& out) {
    const BNode& an = bp_.nodes[static_cast<size_t>(nd.a)];
    const BNode& bn = bp_.nodes[static_cast<size_t>(nd.b)];
    const Vec& a = eval(nd.a);
    const Vec& b = eval(nd.b);
    const bool dt = nd.shape.kind == VKind::kDateTime;
    out.own(n, dt, false);
    const int64_t sign = nd.op == Op::kSub ? -1 : 1;
    const VKind ka = an.shape.kind, kb = bn.shape.kind;
    if (ka == VKind::kDate && kb == VKind::kInt && nd.op != Op::kMul && known_all(a) &&
        known_all(b)) {  // date +/- days, every row known: only the range can fail
      const int64_t* __restrict ax = a.x;
      const int64_t* __restrict bx = b.x;
      uint8_t* __restrict st = out.st_.data();
      int64_t* __restrict x = out.x_.data();
      for (uint32_t i = 0; i < n; ++i) {
        const bool y_ok = bx[i] <= kMaxShiftDays && bx[i] >= -kMaxShiftDays;
        const int64_t r = ax[i] + sign * (y_ok ? bx[i] : 0);  // a date: no overflow
        const bool ok = y_ok && day_in_range(r);
        st[i] = ok ? uint8_t{kKnown} : uint8_t{kUnknown};
        x[i] = ok ? r : 0;
      }
      return;
    }
    std::vector<std::pair<int64_t, int64_t>> cache_none;
    auto& cache = ka == VKind::kDate && kb == VKind::kDuration ? shift_cache(nd) : cache_none;
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t sa = a.st[i], sb = b.st[i];
      out.x_[i] = 0;
      if (dt) out.off_[i] = 0;
      if (sa == kUnknown || sb == kUnknown) {
        out.st_[i] = kUnknown;
        continue;
      }
      if (sa == kNoneSt || sb == kNoneSt) {
        out.st_[i] = kNoneSt;
        continue;
      }
      out.st_[i] = kUnknown;
      int64_t x = a.x[i], y = b.x[i];
      if (ka == VKind::kInt && kb == VKind::kInt) {
        int64_t r = 0;
        bool overflow = nd.op == Op::kMul   ? __builtin_mul_overflow(x, y, &r)
                        : nd.op == Op::kAdd ? __builtin_add_overflow(x, y, &r)
                                            : __builtin_sub_overflow(x, y, &r);
        if (!overflow) {
          out.st_[i] = kKnown;
          out.x_[i] = r;
        }
      } else if (ka == VKind::kDate && kb == VKind::kInt) {
        if (y <= kMaxShiftDays && y >= -kMaxShiftDays && day_in_range(x + sign * y)) {
          out.st_[i] = kKnown;
          out.x_[i] = x + sign * y;
        }
      } else if (ka == VKind::kDate && kb == VKind::kDuration) {
        // Calendar arithmetic is costly and dates repeat: a direct-mapped cache per node.
        auto& e = cache[static_cast<size_t>(x) & (kShiftCache - 1)];
        if (e.first != x) {
          auto d = shift_date(static_cast<cal::Days>(x), bn.dur, sign);
          e = {x, d ? static_cast<int64_t>(*d) : INT64_MIN};
        }
        if (e.second != INT64_MIN) {
          out.st_[i] = kKnown;
          out.x_[i] = e.second;
        }
      } else if (ka == VKind::kDateTime && kb == VKind::kDuration) {
        int32_t offset = a.off[i];
        int64_t local = x + offset;
        int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        int64_t tod = local - day * 86400;
        Duration months_only = bn.dur;
        months_only.days = 0;
        months_only.hours = 0;
        auto nday = shift_date(static_cast<cal::Days>(day), months_only, sign);
        int64_t elapsed =
            static_cast<int64_t>(bn.dur.days) * 86400 + static_cast<int64_t>(bn.dur.hours) * 3600;
        if (!nday || std::abs(elapsed) > kMaxShiftDays * 86400) continue;
        int64_t utc = static_cast<int64_t>(*nday) * 86400 + tod - offset + sign * elapsed;
        if (!day_in_range((utc + offset) / 86400)) continue;
        out.st_[i] = kKnown;
        out.x_[i] = utc;
        out.off_[i] = offset;
      }
    }
  }

  // The date-shift cache of node `nd`: (day, shifted day or INT64_MIN when out of range).
  std::vector<std::pair<int64_t, int64_t>>& shift_cache(const BNode& nd) {
    auto& c = s_.shift[static_cast<size_t>(&nd - bp_.nodes.data())];
    if (c.empty()) c.assign(kShiftCache, {INT64_MIN, 0});
    return c;
  }

  void member(const BNode& nd, uint32_t n, Vec& out) {
    const Vec& a = eval(nd.a);
    const BNode& ln = bp_.nodes[static_cast<size_t>(nd.b)];
    const Vec& l = eval(nd.b);
    out.own(n, false, false);
    Items it = items_of(ln, l);
    const bool same_kind = bp_.nodes[static_cast<size_t>(nd.a)].shape.kind == ln.elem.kind;
    if (ln.op == Op::kConst && ln.cst == kKnown && same_kind && known_all(a) &&
        ln.citems.size() <= 8 && std::all_of(ln.citems.begin(), ln.citems.end(), [](auto& c) {
          return c.first == kKnown;
        })) {
      // A known value in a constant list of known items: compare with each item.
      int64_t items[8];
      const size_t m = ln.citems.size();
      for (size_t k = 0; k < m; ++k) items[k] = ln.citems[k].second;
      const int64_t* __restrict ax = a.x;
      int64_t* __restrict x = out.x_.data();
      for (uint32_t i = 0; i < n; ++i) {
        int64_t found = 0;
        for (size_t k = 0; k < m; ++k) found |= ax[i] == items[k];
        x[i] = found;
      }
      set_known(out, n);
      return;
    }
    for (uint32_t i = 0; i < n; ++i) {
      out.x_[i] = 0;
      if (l.st[i] != kKnown || a.st[i] == kUnknown) {
        out.st_[i] = kUnknown;
        continue;
      }
      bool found = false, any_unknown = false;
      for (uint32_t j = l.lb[i]; j < l.le[i]; ++j) {
        uint8_t s = it.st[j];
        if (s == kUnknown) {
          any_unknown = true;
          continue;
        }
        if ((a.st[i] == kNoneSt && s == kNoneSt) ||
            (a.st[i] == kKnown && s == kKnown && same_kind && a.x[i] == it.x[j])) {
          found = true;
          break;
        }
      }
      out.st_[i] = found || !any_unknown ? kKnown : kUnknown;
      out.x_[i] = found;
    }
  }

  // Builds the frame of the items of list `l` (node `ln`, rows of frame `parent`) into frame
  // `f` and the binding `b`. Returns nothing; rows of parent row i are consecutive.
  void build_frame(const BNode& ln, const Vec& l, uint32_t f, uint32_t b, bool dt) {
    Frame& fr = s_.frames[f];
    uint32_t total = 0;
    for (uint32_t i = 0; i < l.n; ++i) {
      if (l.st[i] == kKnown) total += l.le[i] - l.lb[i];
    }
    fr.n = total;
    if (fr.up.size() < total) fr.up.resize(std::max<size_t>(total, fr.up.size() * 2));
    Vec& e = s_.bindv[b];
    if (l.contig && !l.items && l.n > 0) {
      // The items of consecutive stored lists: consecutive rows of the child table (a list that
      // is not known has no rows there), viewed in place.
      const Column& ic = store_.col(ln.item_col);
      const size_t base = l.lb[0];
      uint32_t* __restrict up = fr.up.data();
      uint32_t p = 0;
      for (uint32_t i = 0; i < l.n; ++i) {
        if (l.st[i] != kKnown) continue;
        for (uint32_t j = l.lb[i]; j < l.le[i]; ++j) up[p++] = i;
      }
      e.n = total;
      e.st = ic.st.data() + base;
      e.x = ic.x.data() + base;
      e.off = dt ? ic.off.data() + base : nullptr;
      e.lb = e.le = nullptr;
      e.items = nullptr;
      e.base_row = ln.elem.kind == VKind::kRecord ? static_cast<int64_t>(base) : -1;
      e.contig = false;
      e.allk = -1;
      s_.bind[b] = &e;
      s_.bind_stamp[b] = s_.epoch;
      return;
    }
    e.own(total, dt, false);
    Items it = items_of(ln, l);
    uint32_t p = 0;
    uint32_t* __restrict up = fr.up.data();
    uint8_t* __restrict est = e.st_.data();
    int64_t* __restrict ex = e.x_.data();
    const uint8_t* __restrict ist = it.st;
    const int64_t* __restrict ix = it.x;
    for (uint32_t i = 0; i < l.n; ++i) {
      if (l.st[i] != kKnown) continue;
      const uint32_t b = l.lb[i], end = l.le[i];
      for (uint32_t j = b; j < end; ++j, ++p) {
        up[p] = i;
        est[p] = ist[j];
        ex[p] = ix[j];
      }
    }
    if (dt) {
      p = 0;
      for (uint32_t i = 0; i < l.n; ++i) {
        if (l.st[i] != kKnown) continue;
        for (uint32_t j = l.lb[i]; j < l.le[i]; ++j, ++p) e.off_[p] = it.off ? it.off[j] : 0;
      }
    }
    s_.bind[b] = &e;
    s_.bind_stamp[b] = s_.epoch;
  }

  // The frame of the items of its list, built once per chunk however many quantifiers use it.
  void ensure_frame(uint32_t f) {
    if (s_.frame_stamp[f] == s_.epoch) return;
    const int32_t list = bp_.frame_list[f];
    const BNode& ln = bp_.nodes[static_cast<size_t>(list)];
    const Vec& l = eval(list);
    build_frame(ln, l, f, bp_.frame_bind[f], ln.elem.kind == VKind::kDateTime);
    s_.frame_stamp[f] = s_.epoch;
  }

  void quantify(const BNode& nd, uint32_t n, Vec& out) {
    const Vec& l = eval(nd.a);
    const uint32_t b = nd.binds[0];
    ensure_frame(bp_.bind_frame[b]);
    const Vec* c = nd.b >= 0 ? &eval(nd.b) : nullptr;
    out.own(n, false, false);
    const bool is_exists = nd.op == Op::kExists;
    if (nd.op != Op::kCount && c && known_all(l) && known_all(*c)) {
      // Every list and every condition known: an or (exists) / and (all) of 0/1 per row.
      const uint32_t* __restrict lb = l.lb;
      const uint32_t* __restrict le = l.le;
      const int64_t* __restrict cx = c->x;
      int64_t* __restrict x = out.x_.data();
      uint32_t q = 0;
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t end = q + (le[i] - lb[i]);
        int64_t acc = is_exists ? 0 : 1;
        if (is_exists) {
          for (; q < end; ++q) acc |= cx[q];
        } else {
          for (; q < end; ++q) acc &= cx[q];
        }
        x[i] = acc;
      }
      set_known(out, n);
      return;
    }
    uint32_t p = 0;
    for (uint32_t i = 0; i < n; ++i) {
      out.x_[i] = 0;
      if (l.st[i] != kKnown) {
        // none: exists is false, all is true, count is none; unknown stays unknown.
        out.st_[i] = l.st[i];
        if (l.st[i] == kNoneSt && nd.op != Op::kCount) {
          out.st_[i] = kKnown;
          out.x_[i] = !is_exists;
        }
        continue;
      }
      const uint32_t end = p + (l.le[i] - l.lb[i]);
      bool any_unknown = false;
      if (nd.op == Op::kCount) {
        int64_t count = 0;
        for (; p < end; ++p) {
          if (!c) {
            ++count;
            continue;
          }
          if (c->st[p] == kKnown && c->x[p] == 0) continue;
          if (c->st[p] == kUnknown) {
            any_unknown = true;
            continue;
          }
          ++count;
        }
        out.st_[i] = any_unknown ? kUnknown : kKnown;
        out.x_[i] = count;
        continue;
      }
      bool decided = false;
      for (; p < end; ++p) {
        if (!c) {
          if (is_exists) decided = true;
          continue;
        }
        if (c->st[p] == kKnown) {
          if ((c->x[p] != 0) == is_exists) decided = true;
        } else {
          any_unknown = true;
        }
      }
      if (decided) {
        out.st_[i] = kKnown;
        out.x_[i] = is_exists;
      } else {
        out.st_[i] = any_unknown ? kUnknown : kKnown;
        out.x_[i] = !is_exists;
      }
    }
  }

  void comprehension(const BNode& nd, uint32_t n, Vec& out) {
    auto& unknown = s_.mark;
    unknown.assign(n, 0);
    uint32_t cur = nd.frame;
    for (size_t lvl = 0; lvl < nd.kids.size(); ++lvl) {
      const Vec& l = eval(nd.kids[lvl]);
      if (cur != nd.frame) {
        const uint32_t* m = map(cur, nd.frame);
        for (uint32_t r = 0; r < l.n; ++r) {
          if (l.st[r] == kUnknown) unknown[m[r]] = 1;
        }
      } else {
        for (uint32_t r = 0; r < l.n; ++r) {
          if (l.st[r] == kUnknown) unknown[r] = 1;
        }
      }
      cur = bp_.bind_frame[nd.binds[lvl]];
      ensure_frame(cur);
    }
    const Vec* c = nd.b >= 0 ? &eval(nd.b) : nullptr;
    const Vec& v = eval(nd.a);
    const uint32_t rows = s_.frames[cur].n;
    const uint32_t* m = map(cur, nd.frame);
    auto& counts = s_.counts;
    counts.assign(n, 0);
    const bool dt = bp_.nodes[static_cast<size_t>(nd.a)].shape.kind == VKind::kDateTime;
    Vec& items = out.own_items();  // before own(): own() resets `items`
    items.own(rows, dt, false);
    uint32_t k = 0;
    for (uint32_t p = 0; p < rows; ++p) {
      uint32_t i = m[p];
      if (c) {
        if (c->st[p] == kKnown && c->x[p] == 0) continue;
        if (c->st[p] == kUnknown) {
          unknown[i] = 1;
          continue;
        }
      }
      items.st_[k] = v.st[p];
      items.x_[k] = v.x[p];
      if (dt) items.off_[k] = v.off[p];
      ++k;
      ++counts[i];
    }
    out.own(n, false, true);
    out.items = out.items_.get();
    uint32_t at = 0;
    for (uint32_t i = 0; i < n; ++i) {
      out.st_[i] = unknown[i] ? kUnknown : kKnown;
      out.x_[i] = 0;
      out.lb_[i] = at;
      at += counts[i];
      out.le_[i] = at;
    }
  }

  void choose(const BNode& nd, uint32_t n, Vec& out, bool dt) {
    const Vec& c = eval(nd.a);
    if (!dt && nd.frame != 0 && nd.shape.kind != VKind::kList && known_all(c) &&
        (worth_subset(nd.b) || worth_subset(nd.c))) {
      // Selection inside an item frame: each branch computed only for the rows that take it.
      auto& tr = s_.subset[static_cast<size_t>(&nd - bp_.nodes.data())].a;
      auto& fr = s_.subset[static_cast<size_t>(&nd - bp_.nodes.data())].b;
      tr.clear();
      fr.clear();
      const int64_t* __restrict cx = c.x;
      for (uint32_t i = 0; i < n; ++i) (cx[i] ? tr : fr).push_back(i);
      out.own(n, false, false);
      for (auto [id, rows] : {std::pair{nd.b, &tr}, std::pair{nd.c, &fr}}) {
        if (rows->empty()) continue;
        if (rows->size() == n || !worth_subset(id)) {
          const Vec& v = eval(id);
          for (uint32_t i : *rows) {
            out.st_[i] = v.st[i];
            out.x_[i] = v.x[i];
          }
        } else {
          subset_into(nd, id, *rows, out);
        }
      }
      return;
    }
    const Vec& a = eval(nd.b);
    const Vec& b = eval(nd.c);
    const bool same_kind = bp_.nodes[static_cast<size_t>(nd.b)].shape.kind ==
                           bp_.nodes[static_cast<size_t>(nd.c)].shape.kind;
    out.own(n, dt, false);
    if (!dt && known_all(c)) {  // each row takes one branch
      const int64_t* __restrict cx = c.x;
      const uint8_t* __restrict as = a.st;
      const uint8_t* __restrict bs = b.st;
      const int64_t* __restrict ax = a.x;
      const int64_t* __restrict bx = b.x;
      uint8_t* __restrict st = out.st_.data();
      int64_t* __restrict x = out.x_.data();
      for (uint32_t i = 0; i < n; ++i) {
        const bool t = cx[i] != 0;
        st[i] = t ? as[i] : bs[i];
        x[i] = t ? ax[i] : bx[i];
      }
      return;
    }
    for (uint32_t i = 0; i < n; ++i) {
      const Vec* pick = nullptr;
      if (c.st[i] == kKnown) {
        pick = c.x[i] ? &a : &b;
      } else {
        bool same = (a.st[i] == kNoneSt && b.st[i] == kNoneSt) ||
                    (a.st[i] == kKnown && b.st[i] == kKnown && same_kind && a.x[i] == b.x[i]);
        if (same) pick = &a;
      }
      if (pick) {
        out.st_[i] = pick->st[i];
        out.x_[i] = pick->x[i];
        if (dt) out.off_[i] = pick->off ? pick->off[i] : 0;
      } else {
        out.st_[i] = kUnknown;
        out.x_[i] = 0;
        if (dt) out.off_[i] = 0;
      }
    }
  }

  void builtin(const BNode& nd, uint32_t n, Vec& out) {
    const auto which = static_cast<check::Builtin>(nd.aux);
    const bool dt = nd.shape.kind == VKind::kDateTime;
    switch (which) {
      case check::Builtin::kListed: {
        const Vec& c = eval(nd.kids[0]);
        out.own(n, false, false);
        const uint8_t* __restrict table = store_.listed_table(nd.k);
        if (known_all(c)) {
          const int64_t* __restrict cx = c.x;
          uint8_t* __restrict st = out.st_.data();
          int64_t* __restrict x = out.x_.data();
          for (uint32_t i = 0; i < n; ++i) {
            const uint8_t r = table[cx[i]];
            st[i] = r != 2;  // kKnown, or kUnknown for an unparsed citation
            x[i] = r == 1;
          }
          return;
        }
        for (uint32_t i = 0; i < n; ++i) {
          uint8_t r = c.st[i] == kKnown ? table[c.x[i]] : uint8_t{2};
          out.st_[i] = r == 2 ? kUnknown : kKnown;
          out.x_[i] = r == 1;
        }
        return;
      }
      case check::Builtin::kCoveredDays:
        covered_days(nd, n, out);
        return;
      case check::Builtin::kLength: {
        const Vec& l = eval(nd.kids[0]);
        out.own(n, false, false);
        for (uint32_t i = 0; i < n; ++i) {
          out.st_[i] = l.st[i] == kKnown ? kKnown : kUnknown;
          out.x_[i] = l.st[i] == kKnown ? l.le[i] - l.lb[i] : 0;
        }
        return;
      }
      default:
        break;
    }
    const Vec& a = eval(nd.kids[0]);
    const Vec* b = nd.kids.size() > 1 ? &eval(nd.kids[1]) : nullptr;
    out.own(n, dt, false);
    const cal::HolidayCalendar* holidays = bp_.program->holidays;
    const cal::TimeZone* zone = bp_.program->zone;
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t st = kUnknown;
      int64_t x = 0;
      int32_t off = 0;
      switch (which) {
        case check::Builtin::kDate:
          if (a.st[i] == kKnown) {
            st = kKnown;
            x = cal::local_date(cal::DateTime{a.x[i], a.off[i]});
          } else {
            st = a.st[i];
          }
          break;
        case check::Builtin::kBusinessHoursAfter:
          if (a.st[i] == kKnown && b->st[i] == kKnown && holidays && zone) {
            cal::DateTime r =
                cal::add_business_hours(cal::DateTime{a.x[i], a.off[i]}, b->x[i], *holidays, *zone);
            st = kKnown;
            x = r.utc_seconds;
            off = r.offset_seconds;
          }
          break;
        case check::Builtin::kDaysBetween:
          if (a.st[i] == kKnown && b->st[i] == kKnown) {
            st = kKnown;
            x = b->x[i] - a.x[i];
          }
          break;
        case check::Builtin::kKnown:
          st = kKnown;
          x = a.st[i] != kUnknown;
          break;
        case check::Builtin::kMaxOf:
        case check::Builtin::kMinOf:
          if (a.st[i] != kUnknown && b->st[i] != kUnknown) {
            int64_t ka = a.st[i] == kKnown ? a.x[i] : 0, kb = b->st[i] == kKnown ? b->x[i] : 0;
            bool want_max = which == check::Builtin::kMaxOf;
            const bool first = (ka >= kb) == want_max;
            const Vec& w = first ? a : *b;
            st = w.st[i];
            x = w.x[i];
            off = dt && w.off ? w.off[i] : 0;
          }
          break;
        default:
          break;
      }
      out.st_[i] = st;
      out.x_[i] = x;
      if (dt) out.off_[i] = off;
    }
  }

  void covered_days(const BNode& nd, uint32_t n, Vec& out) {
    const BNode& ln = bp_.nodes[static_cast<size_t>(nd.kids[0])];
    const Vec& l = eval(nd.kids[0]);
    const Vec& until = eval(nd.kids[1]);
    const Column& from = store_.col(nd.from_col);
    const Column& to = store_.col(nd.to_col);
    Items it = items_of(ln, l);
    out.own(n, false, false);
    auto& spans = s_.spans;
    for (uint32_t i = 0; i < n; ++i) {
      out.st_[i] = kUnknown;
      out.x_[i] = 0;
      if (l.st[i] != kKnown || until.st[i] != kKnown) continue;
      spans.clear();
      bool any_unknown = false;
      const int64_t u = until.x[i];
      for (uint32_t j = l.lb[i]; j < l.le[i]; ++j) {
        if (it.st[j] != kKnown) {
          any_unknown = true;
          continue;
        }
        auto row = static_cast<size_t>(it.x[j]);
        if (from.st[row] != kKnown || to.st[row] != kKnown) {
          any_unknown = true;
          continue;
        }
        auto b = static_cast<int32_t>(from.x[row]);
        auto e = static_cast<int32_t>(std::min(to.x[row], u));
        if (e > b) spans.emplace_back(b, e);
      }
      if (any_unknown) continue;
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
      out.st_[i] = kKnown;
      out.x_[i] = total;
    }
  }

  // ---- default logic over conditions and values computed for the whole chunk ----
  // combine() gives, per row, whether a rule tree applies (kF / kT / kU) and its value, as the
  // per-row walk of evaluator.cc, one tree node at a time over all rows. A conflict (two applicable
  // rules with different known values) marks the row in s_.conflict; its values are then unused.
  void prepare(const std::vector<uint32_t>& rules) {
    for (uint32_t r : rules) {
      const BRule& br = bp_.rules[r];
      if (br.cond >= 0) s_.cond[r] = &eval(br.cond);
      s_.value[r] = &eval(br.value);
      prepare(br.exceptions);
    }
  }

  static bool agree(uint8_t sa, int64_t xa, uint8_t sb, int64_t xb) {
    return sa != kUnknown && sb != kUnknown && sa == sb && (sa == kNoneSt || xa == xb);
  }

  // The rule's own applicability and value (no exceptions applying) into `o`.
  void own_rule(uint32_t r, uint32_t n, Level& o) {
    const Vec* c = s_.cond[r];
    const Vec* v = s_.value[r];
    uint8_t* __restrict ap = o.ap.data();
    uint8_t* __restrict vs = o.vs.data();
    int64_t* __restrict vx = o.vx.data();
    const uint8_t* __restrict sv = v->st;
    const int64_t* __restrict xv = v->x;
    if (!c) {
      for (uint32_t i = 0; i < n; ++i) {
        ap[i] = kT;
        vs[i] = sv[i];
        vx[i] = xv[i];
      }
      return;
    }
    const uint8_t* __restrict sc = c->st;
    const int64_t* __restrict xc = c->x;
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t a = sc[i] == kKnown ? (xc[i] ? uint8_t{kT} : uint8_t{kF}) : uint8_t{kU};
      ap[i] = a;
      vs[i] = a != kF ? sv[i] : uint8_t{kUnknown};
      vx[i] = a != kF ? xv[i] : 0;
    }
  }

  // Merges rule r, which has a condition and no exceptions, into `o` as combine() merges a kid,
  // reading its condition and value in place.
  void merge_leaf(uint32_t r, uint32_t n, Level& o) {
    const uint8_t* __restrict sc = s_.cond[r]->st;
    const int64_t* __restrict xc = s_.cond[r]->x;
    const uint8_t* __restrict sv = s_.value[r]->st;
    const int64_t* __restrict xv = s_.value[r]->x;
    uint8_t* __restrict conflict = s_.conflict.data();
    for (uint32_t i = 0; i < n; ++i) {
      if (sc[i] != kKnown) {  // may apply
        if (!o.have_maybe[i]) {
          o.have_maybe[i] = 1;
          o.mvs[i] = sv[i];
          o.mvx[i] = xv[i];
        } else if (!agree(o.mvs[i], o.mvx[i], sv[i], xv[i])) {
          o.maybe_agree[i] = 0;
        }
      } else if (xc[i]) {  // applies
        if (!o.have[i]) {
          o.have[i] = 1;
          o.vs[i] = sv[i];
          o.vx[i] = xv[i];
        } else if (!agree(o.vs[i], o.vx[i], sv[i], xv[i])) {
          if (o.vs[i] != kUnknown && sv[i] != kUnknown) conflict[i] = 1;
          o.vs[i] = kUnknown;
        }
      }
    }
  }

  // The tree of `self` (nullptr: the root list of a target) with exceptions `kids`, at recursion
  // depth `depth` (its own working storage).
  Level& combine(const std::vector<uint32_t>& kids, const BRule* self, size_t depth, uint32_t n) {
    if (s_.levels.size() <= depth) s_.levels.resize(depth + 1);
    Level& o = s_.levels[depth];
    o.size(n);
    const uint32_t r = self ? static_cast<uint32_t>(self - bp_.rules.data()) : 0;
    if (kids.empty()) {
      if (self) {
        own_rule(r, n, o);
      } else {
        std::fill_n(o.ap.begin(), n, uint8_t{kF});
        std::fill_n(o.vs.begin(), n, uint8_t{kUnknown});
        std::fill_n(o.vx.begin(), n, 0);
      }
      return o;
    }
    size_t from = 0;
    if (bp_.rules[kids[0]].exceptions.empty() && s_.cond[kids[0]]) {
      first_leaf(kids[0], n, o);  // the first exception is a leaf: its state as is
      from = 1;
    } else {
      std::fill_n(o.have.begin(), n, 0);
      std::fill_n(o.have_maybe.begin(), n, 0);
      std::fill_n(o.maybe_agree.begin(), n, 1);
    }
    uint8_t* __restrict conflict = s_.conflict.data();
    for (size_t ki = from; ki < kids.size(); ++ki) {
      const uint32_t k = kids[ki];
      if (bp_.rules[k].exceptions.empty() && s_.cond[k]) {
        merge_leaf(k, n, o);
        continue;
      }
      const Level& q = combine(bp_.rules[k].exceptions, &bp_.rules[k], depth + 1, n);
      for (uint32_t i = 0; i < n; ++i) {
        const uint8_t a = q.ap[i];
        if (a == kT) {
          if (!o.have[i]) {
            o.have[i] = 1;
            o.vs[i] = q.vs[i];
            o.vx[i] = q.vx[i];
          } else if (!agree(o.vs[i], o.vx[i], q.vs[i], q.vx[i])) {
            if (o.vs[i] != kUnknown && q.vs[i] != kUnknown) conflict[i] = 1;
            o.vs[i] = kUnknown;
          }
        } else if (a == kU) {
          if (!o.have_maybe[i]) {
            o.have_maybe[i] = 1;
            o.mvs[i] = q.vs[i];
            o.mvx[i] = q.vx[i];
          } else if (!agree(o.mvs[i], o.mvx[i], q.vs[i], q.vx[i])) {
            o.maybe_agree[i] = 0;
          }
        }
      }
    }
    // Rows where an exception applies: its value (unknown unless the maybes agree with it).
    // Other rows: the rule's own, merged with the exceptions that may apply.
    const Vec* c = self ? s_.cond[r] : nullptr;
    const Vec* v = self ? s_.value[r] : nullptr;
    if (self && c) {  // the usual shape, without branches per row
      const uint8_t* __restrict sc = c->st;
      const int64_t* __restrict xc = c->x;
      const uint8_t* __restrict sv = v->st;
      const int64_t* __restrict xv = v->x;
      uint8_t* __restrict ap = o.ap.data();
      uint8_t* __restrict vs = o.vs.data();
      int64_t* __restrict vx = o.vx.data();
      const uint8_t* __restrict have = o.have.data();
      const uint8_t* __restrict hm = o.have_maybe.data();
      const uint8_t* __restrict ma = o.maybe_agree.data();
      const uint8_t* __restrict mvs = o.mvs.data();
      const int64_t* __restrict mvx = o.mvx.data();
      for (uint32_t i = 0; i < n; ++i) {
        const uint8_t oa = sc[i] == kKnown ? (xc[i] ? uint8_t{kT} : uint8_t{kF}) : uint8_t{kU};
        const uint8_t ovs = oa != kF ? sv[i] : uint8_t{kUnknown};
        const int64_t ovx = oa != kF ? xv[i] : 0;
        // An exception applies: its value, unknown unless the maybes agree with it.
        const bool h_ok = !hm[i] || (ma[i] && agree(mvs[i], mvx[i], vs[i], vx[i]));
        const uint8_t h_vs = h_ok ? vs[i] : uint8_t{kUnknown};
        // Only maybes: merged with the rule's own.
        const bool m_ok = ma[i] && (oa == kF || agree(mvs[i], mvx[i], ovs, ovx));
        const uint8_t m_vs = !m_ok ? uint8_t{kUnknown} : oa == kF ? mvs[i] : ovs;
        const int64_t m_vx = oa == kF ? mvx[i] : ovx;
        const uint8_t m_ap = oa == kT ? uint8_t{kT} : uint8_t{kU};
        const int64_t h_vx = vx[i];
        ap[i] = have[i] ? uint8_t{kT} : hm[i] ? m_ap : oa;
        vs[i] = have[i] ? h_vs : hm[i] ? m_vs : ovs;
        vx[i] = have[i] ? h_vx : hm[i] ? m_vx : ovx;
      }
      return o;
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (o.have[i]) {
        if (o.have_maybe[i] && !(o.maybe_agree[i] && agree(o.mvs[i], o.mvx[i], o.vs[i], o.vx[i])))
          o.vs[i] = kUnknown;
        o.ap[i] = kT;
        continue;
      }
      uint8_t oa = kF, ovs = kUnknown;
      int64_t ovx = 0;
      if (self) {
        oa = !c                   ? uint8_t{kT}
             : c->st[i] == kKnown ? (c->x[i] ? uint8_t{kT} : uint8_t{kF})
                                  : uint8_t{kU};
        if (oa != kF) {
          ovs = v->st[i];
          ovx = v->x[i];
        }
      }
      if (!o.have_maybe[i]) {
        o.ap[i] = oa;
        o.vs[i] = ovs;
        o.vx[i] = ovx;
        continue;
      }
      const bool all_agree = o.maybe_agree[i] && (oa == kF || agree(o.mvs[i], o.mvx[i], ovs, ovx));
      o.ap[i] = oa == kT ? uint8_t{kT} : uint8_t{kU};
      o.vs[i] = !all_agree ? uint8_t{kUnknown} : oa == kF ? o.mvs[i] : ovs;
      o.vx[i] = oa == kF ? o.mvx[i] : ovx;
    }
    return o;
  }

  // The state after merging leaf exception `r` into an empty level (as merge_leaf would).
  void first_leaf(uint32_t r, uint32_t n, Level& o) {
    const uint8_t* __restrict sc = s_.cond[r]->st;
    const int64_t* __restrict xc = s_.cond[r]->x;
    const uint8_t* __restrict sv = s_.value[r]->st;
    const int64_t* __restrict xv = s_.value[r]->x;
    uint8_t* __restrict have = o.have.data();
    uint8_t* __restrict hm = o.have_maybe.data();
    uint8_t* __restrict ma = o.maybe_agree.data();
    uint8_t* __restrict vs = o.vs.data();
    uint8_t* __restrict mvs = o.mvs.data();
    int64_t* __restrict vx = o.vx.data();
    int64_t* __restrict mvx = o.mvx.data();
    for (uint32_t i = 0; i < n; ++i) {
      const bool known = sc[i] == kKnown;
      have[i] = known & (xc[i] != 0);
      hm[i] = !known;
      ma[i] = 1;
      vs[i] = mvs[i] = sv[i];  // read only where have / have_maybe is set
      vx[i] = mvx[i] = xv[i];
    }
  }

  const BatchProgram& bp_;
  const ColumnStore& store_;
  State& s_;
  Run* parent_ = nullptr;  // a run over a subset of the rows of frame sel_frame_ (see above)
  uint32_t sel_frame_ = 0;
  const uint32_t* sel_rows_ = nullptr;
  const uint8_t* above_ = nullptr;  // per frame: whether it is above sel_frame_
  const uint32_t* rows0_ =
      nullptr;  // a selection: the case rows of frame 0 (nullptr: r0, r0 + 1, ...)
};

}  // namespace

void evaluate_columns(const BatchProgram& bp, const ColumnStore& store, size_t begin, size_t end,
                      BatchScratch& scratch, BatchOutput& out, size_t chunk, Actions which) {
  const size_t nact = bp.roots.size();
  const size_t total = store.cases();
  out.actions = nact;
  if (out.outcome.size() < total) {
    out.outcome.resize(total, Outcome::kReview);
    out.permitted.resize(total * nact, Tri::kUnknown);
    out.fallback.resize(total, 0);
    out.failed.resize(total, 0);
  }
  if (end > total) end = total;
  if (!bp.unsupported.empty()) {
    for (size_t r = begin; r < end; ++r) out.fallback[r] = 1;
    return;
  }
  if (chunk == 0) chunk = kDefaultChunk;
  State& s = scratch.impl->for_program(bp);
  const Program& p = *bp.program;
  const Column* req = bp.request_col != kNone32 ? &store.col(bp.request_col) : nullptr;
  const Column* kind = bp.request_kind_col != kNone32 ? &store.col(bp.request_kind_col) : nullptr;
  Run run(bp, store, s);
  for (size_t c0 = begin; c0 < end; c0 += chunk) {
    const auto n = static_cast<uint32_t>(std::min(chunk, end - c0));
    next_epoch(s);
    s.r0 = c0;
    s.frames[0].n = n;
    s.conflict.assign(n, 0);
    // Which actions some case of the chunk asks for (all of them for Actions::kAll).
    uint64_t asked = ~uint64_t{0};
    if (which == Actions::kRequested && req && kind) {
      asked = 0;
      for (uint32_t i = 0; i < n; ++i) {
        const size_t row = c0 + i;
        if (req->st[row] == kKnown && kind->st[row] == kKnown && kind->x[row] < 64)
          asked |= uint64_t{1} << kind->x[row];
      }
    }
    s.skipped.assign(nact, 0);
    s.tp.assign(nact, nullptr);
    for (size_t a = 0; a < nact; ++a) {
      if (which == Actions::kAll || (p.requested_by[a] & asked)) {
        const uint32_t same = s.same_as[a];
        if (same != a && s.tp[same]) {
          s.tp[a] = s.tp[same];  // the same rule tree: the same result
        } else {
          run.target_tri(bp.roots[a], n, s.tri[a]);
          s.tp[a] = s.tri[a].data();
        }
      } else {
        s.skipped[a] = 1;
      }
    }
    Tri* __restrict perm = out.permitted.data() + c0 * nact;
    std::fill_n(perm, size_t{n} * nact, Tri::kUnknown);  // the actions not decided stay unknown
    // Per row: the bit of its request kind (0 when not known), then per decided action (an
    // action not decided in this chunk is asked for by no case of it) whether the row asks for
    // it, and whether one it asks for is permitted / unknown.
    auto& kb = s.kind_bit;
    auto& any = s.any;  // bit 0: requested, bit 1: true, bit 2: unknown
    if (kb.size() < n) kb.resize(n);
    any.assign(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      const size_t row = c0 + i;
      const bool k = req && kind && req->st[row] == kKnown && kind->st[row] == kKnown;
      kb[i] = k && kind->x[row] < 64 ? uint64_t{1} << kind->x[row] : 0;
    }
    const uint64_t* requested_by = p.requested_by.data();
    for (size_t a = 0; a < nact; ++a) {
      if (s.skipped[a]) continue;
      const Tri* __restrict t = s.tp[a];
      for (uint32_t i = 0; i < n; ++i) perm[i * nact + a] = t[i];
      if (std::find(s.tp.begin(), s.tp.begin() + static_cast<std::ptrdiff_t>(a), t) !=
          s.tp.begin() + static_cast<std::ptrdiff_t>(a))
        continue;       // its rows were merged with those of the first action sharing its result
      uint64_t rb = 0;  // the kinds that ask for an action with this result
      for (size_t b = a; b < nact; ++b) {
        if (s.tp[b] == t) rb |= requested_by[b];
      }
      const uint64_t* __restrict kbp = kb.data();
      uint8_t* __restrict an = any.data();
      for (uint32_t i = 0; i < n; ++i) {
        const uint8_t r = (rb & kbp[i]) != 0;
        const auto ti = static_cast<uint8_t>(t[i]);
        an[i] |= static_cast<uint8_t>(r | (r & (ti == 1)) << 1 | (r & (ti == 2)) << 2);
      }
    }
    static_assert(static_cast<uint8_t>(Tri::kTrue) == 1 &&
                  static_cast<uint8_t>(Tri::kUnknown) == 2);
    const uint8_t* __restrict an = any.data();
    for (uint32_t i = 0; i < n; ++i) {
      const size_t row = c0 + i;
      out.fallback[row] = store.needs_fallback(row) | s.conflict[i];
      // A row whose kind is not known asks for nothing (kb 0): review.
      const uint8_t v = an[i];
      out.outcome[row] = !(v & 1)  ? Outcome::kReview
                         : (v & 2) ? Outcome::kHonor
                         : (v & 4) ? Outcome::kReview
                                   : Outcome::kDecline;
    }
  }
}

size_t decide_cases(const BatchProgram& bp, const std::vector<const CaseData*>& cases,
                    BatchOutput& out) {
  ColumnStore store = bp.make_store();
  for (const CaseData* c : cases) store.add(*c);
  BatchScratch scratch;
  out = BatchOutput{};
  evaluate_columns(bp, store, 0, store.cases(), scratch, out);
  Scratch s;
  Verdict v;
  size_t fallbacks = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (!out.fallback[i]) continue;
    ++fallbacks;
    auto r = evaluate_into(*bp.program, *cases[i], s, v, Actions::kAll);
    if (!r) {
      out.failed[i] = 1;
      out.outcome[i] = Outcome::kReview;
      continue;
    }
    out.outcome[i] = v.outcome;
    for (size_t a = 0; a < out.actions; ++a) {
      const Value& pv = v.actions[a].permitted.value;
      out.permitted[i * out.actions + a] =
          pv.kind == VKind::kBool ? (pv.b ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
    }
  }
  return fallbacks;
}

}  // namespace writ::eval::batch
