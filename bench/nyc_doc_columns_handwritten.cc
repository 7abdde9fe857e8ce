#include "nyc_doc_columns_handwritten.h"

#include <algorithm>
#include <utility>

#include "calendar/civil.h"
#include "nyc_doc_cases.h"

namespace writ::bench::cols {

namespace eb = eval::batch;

namespace {

constexpr Tri3 both(Tri3 a, Tri3 b) {
  if (a == kNo || b == kNo) return kNo;
  if (a == kYes && b == kYes) return kYes;
  return kMaybe;
}

constexpr Tri3 either(Tri3 a, Tri3 b) {
  if (a == kYes || b == kYes) return kYes;
  if (a == kNo && b == kNo) return kNo;
  return kMaybe;
}

// Field indices by name, from a record of the schema.
bool path_of(const check::Schema& schema, uint32_t rec, std::initializer_list<const char*> names,
             std::vector<uint32_t>& path) {
  path.clear();
  for (const char* n : names) {
    int f = schema.records[rec].field_index(n);
    if (f < 0) return false;
    path.push_back(static_cast<uint32_t>(f));
    check::TypeId t = schema.records[rec].fields[static_cast<size_t>(f)].type;
    const auto& info = schema.info(t);
    if (info.kind == check::TypeKind::kRecord) rec = info.ref;
    if (info.kind == check::TypeKind::kList) rec = schema.info(info.elem).ref;
  }
  return true;
}

class Row {
 public:
  Row(const Plan& p, const eb::ColumnStore& s, size_t row) : p_(p), s_(s), row_(row) {}

  Tri3 judicial_warrant() const {
    const auto& docs = s_.col(p_.docs);
    if (docs.st[row_] != eb::kKnown) return kMaybe;
    const int64_t presented = s_.col(p_.presented_at).x[row_];
    const bool presented_known = s_.col(p_.presented_at).st[row_] == eb::kKnown;
    Tri3 r = kNo;
    for (uint32_t d = docs.begin[row_]; d < docs.begin[row_ + 1]; ++d) {
      const auto& type = s_.col(p_.d_type);
      const auto& issuer = s_.col(p_.d_issuer);
      const auto& names = s_.col(p_.d_names);
      const auto& auth = s_.col(p_.d_authorizes);
      const auto& at = s_.col(p_.d_presented);
      if (type.st[d] != eb::kKnown || issuer.st[d] != eb::kKnown || names.st[d] != eb::kKnown ||
          auth.st[d] != eb::kKnown) {
        r = kMaybe;
        continue;
      }
      if (type.x[d] != static_cast<int64_t>(DocType::kWarrant)) continue;
      if (issuer.x[d] != static_cast<int64_t>(Issuer::kArticleIIIJudge) &&
          issuer.x[d] != static_cast<int64_t>(Issuer::kFederalMagistrateJudge))
        continue;
      if (!names.x[d] || !auth.x[d]) continue;
      if (at.st[d] != eb::kKnown) return kYes;
      if (!presented_known) {
        r = kMaybe;
        continue;
      }
      if (at.x[d] <= presented) return kYes;
    }
    return r;
  }

  Tri3 watchlist() const {
    const auto& w = s_.col(p_.watch);
    return w.st[row_] != eb::kKnown ? kMaybe : w.x[row_] ? kYes : kNo;
  }

  Tri3 counts(uint32_t k) const {
    const auto& disp = s_.col(p_.c_disp);
    if (disp.st[k] != eb::kKnown) return kMaybe;
    if (disp.x[k] != static_cast<int64_t>(Disposition::kConviction)) return kNo;
    const auto& juris = s_.col(p_.c_juris);
    const auto& inch = s_.col(p_.c_inchoate);
    if (juris.st[k] != eb::kKnown) return kMaybe;
    if (juris.x[k] != p_.us_ny) {
      const auto& pred = s_.col(p_.c_pred);
      Tri3 pf = pred.st[k] != eb::kKnown ? kMaybe : pred.x[k] ? kYes : kNo;
      if (pf == kNo) return kNo;
      const auto& eq = s_.col(p_.c_equiv);
      if (eq.st[k] != eb::kKnown) return both(pf, kMaybe);
      Tri3 r = listed(p_.vsc, eq.x[k]);
      if (r != kYes) r = either(r, listed(p_.hate, eq.x[k]));
      if (r != kYes && inch.st[k] == eb::kKnown && inch.x[k] == 0)
        r = either(r, listed(p_.vtl600, eq.x[k]));
      return both(pf, r);
    }
    const auto& level = s_.col(p_.c_level);
    if (level.st[k] != eb::kKnown) return kMaybe;
    if (level.x[k] != static_cast<int64_t>(Level::kFelony)) return kNo;
    const auto& st = s_.col(p_.c_statute);
    if (st.st[k] != eb::kKnown) return kMaybe;
    Tri3 r = listed(p_.vsc, st.x[k]);
    if (r == kYes) return r;
    const auto& hate = s_.col(p_.c_hate);
    if (hate.st[k] == eb::kKnown && hate.x[k]) return kYes;
    r = either(r, hate.st[k] == eb::kKnown ? kNo : kMaybe);
    r = either(r, listed(p_.hate, st.x[k]));
    if (r == kYes) return r;
    if (inch.st[k] != eb::kKnown) return either(r, kMaybe);
    if (inch.x[k] == 0) r = either(r, listed(p_.vtl600, st.x[k]));
    return r;
  }

  // Days incarcerated for counting crimes before the arrest; false when not known.
  bool incarcerated_days(int64_t& days) const {
    const auto& convs = s_.col(p_.convs);
    const auto& incs = s_.col(p_.c_incs);
    const auto& from = s_.col(p_.i_from);
    const auto& to = s_.col(p_.i_to);
    const int64_t arrest = s_.col(p_.arrest).x[row_];
    thread_local std::vector<std::pair<int64_t, int64_t>> spans;
    spans.clear();
    for (uint32_t k = convs.begin[row_]; k < convs.begin[row_ + 1]; ++k) {
      Tri3 c = counts(k);
      if (c == kNo) continue;
      if (c == kMaybe || incs.st[k] != eb::kKnown) return false;
      for (uint32_t i = incs.begin[k]; i < incs.begin[k + 1]; ++i) {
        if (from.st[i] != eb::kKnown || to.st[i] != eb::kKnown) return false;
        int64_t b = from.x[i], e = std::min(to.x[i], arrest);
        if (e > b) spans.emplace_back(b, e);
      }
    }
    std::sort(spans.begin(), spans.end());
    int64_t total = 0, cur_b = 0, cur_e = 0;
    bool open = false;
    for (auto [b, e] : spans) {
      if (open && b <= cur_e) {
        cur_e = std::max(cur_e, e);
        continue;
      }
      if (open) total += cur_e - cur_b;
      cur_b = b;
      cur_e = e;
      open = true;
    }
    if (open) total += cur_e - cur_b;
    days = total;
    return true;
  }

  // § 9-131(a)(2)(ii): a counting judgment within five years (extended) before the arrest.
  Tri3 convicted(Facts* f = nullptr) const {
    const auto& convs = s_.col(p_.convs);
    const auto& arrest = s_.col(p_.arrest);
    if (convs.st[row_] != eb::kKnown || arrest.st[row_] != eb::kKnown) return kMaybe;
    const int64_t cutoff = cal::add_years(static_cast<cal::Days>(arrest.x[row_]), -5);
    const auto& judgment = s_.col(p_.c_judgment);
    bool have_days = false, days_known = false, any_unknown = false;
    int64_t days = 0;
    if (f) {
      days_known = incarcerated_days(days);
      have_days = true;
      f->window_start = cutoff - days;
    }
    Tri3 result = kNo;
    for (uint32_t k = convs.begin[row_]; k < convs.begin[row_ + 1]; ++k) {
      Tri3 c = counts(k);
      if (c == kNo) continue;
      if (judgment.st[k] != eb::kKnown) {
        any_unknown = true;
        continue;
      }
      const int64_t j = judgment.x[k];
      if (f && c == kYes) {
        f->latest_counting = f->any_counting ? std::max(f->latest_counting, j) : j;
        f->any_counting = true;
      }
      Tri3 within = kYes;
      if (j <= cutoff) {
        if (!have_days) {
          days_known = incarcerated_days(days);
          have_days = true;
        }
        within = !days_known ? kMaybe : j > cutoff - days ? kYes : kNo;
      }
      Tri3 t = both(c, within);
      if (t == kYes) {
        result = kYes;
        if (!f) return kYes;
      }
      if (t == kMaybe) any_unknown = true;
    }
    if (result == kYes) return kYes;
    return any_unknown ? kMaybe : kNo;
  }

  Tri3 federal() const {
    const auto& from = s_.col(p_.from);
    if (from.st[row_] != eb::kKnown) return kMaybe;
    const int64_t id = from.x[row_];
    if (p_.any_named_requester) return id != p_.empty ? kYes : kNo;
    for (int64_t f : p_.federal) {
      if (id == f) return kYes;
    }
    return kNo;
  }

  uint8_t outcome() const {
    // The bench cases are detainers (hold and notify_release requested; both follow one rule).
    const auto& req = s_.col(p_.req);
    const auto& kind = s_.col(p_.kind);
    if (req.st[row_] != eb::kKnown || kind.st[row_] != eb::kKnown || kind.x[row_] != 0) return 2;
    Tri3 honor = judicial_warrant();
    if (honor != kNo) {
      Tri3 w = watchlist();
      if (w != kYes) honor = both(honor, either(w, convicted()));
    }
    Tri3 fed = federal();
    Tri3 hold = fed == kYes ? honor : kMaybe;
    return hold == kYes ? 0 : hold == kNo ? 1 : 2;
  }

 private:
  Tri3 listed(uint32_t slot, int64_t citation) const {
    return static_cast<Tri3>(s_.listed(slot, citation));
  }

  const Plan& p_;
  const eb::ColumnStore& s_;
  size_t row_;
};

}  // namespace

bool make_plan(const eb::BatchProgram& bp, const eb::ColumnStore& store,
               const catalog::Catalog& catalog, Plan& plan, std::string& error) {
  const check::Schema& schema = bp.program->policy->schema;
  const eb::Layout& layout = bp.layout;
  std::vector<uint32_t> path;
  bool ok = true;
  auto col = [&](uint32_t table, uint32_t rec, std::initializer_list<const char*> names) {
    if (!path_of(schema, rec, names, path)) {
      ok = false;
      error = std::string("no field ") + *names.begin();
      return UINT32_MAX;
    }
    uint32_t c = layout.find(table, path);
    if (c == UINT32_MAX) {
      ok = false;
      error = std::string("the program does not read ") + *(names.end() - 1);
    }
    return c;
  };
  auto rec = [&](const char* name) {
    for (uint32_t r = 0; r < schema.records.size(); ++r) {
      if (schema.records[r].name == name) return r;
    }
    ok = false;
    error = std::string("no record ") + name;
    return 0u;
  };
  const uint32_t root = schema.root_record;
  plan.req = col(0, root, {"request"});
  plan.kind = col(0, root, {"request", "kind"});
  plan.from = col(0, root, {"request", "from"});
  plan.presented_at = col(0, root, {"request", "presented_at"});
  plan.docs = col(0, root, {"request", "documents"});
  plan.watch = col(0, root, {"subject", "watchlist_match"});
  plan.arrest = col(0, root, {"custody", "arrest_date"});
  plan.convs = col(0, root, {"subject", "convictions"});
  if (!ok) return false;
  const uint32_t dt = layout.cols[plan.docs].child, ct = layout.cols[plan.convs].child;
  const uint32_t doc = rec("Document"), conv = rec("Conviction"), period = rec("Period");
  plan.d_type = col(dt, doc, {"type"});
  plan.d_issuer = col(dt, doc, {"issuer"});
  plan.d_names = col(dt, doc, {"names_subject"});
  plan.d_authorizes = col(dt, doc, {"authorizes_custody"});
  plan.d_presented = col(dt, doc, {"presented_at"});
  plan.c_disp = col(ct, conv, {"disposition"});
  plan.c_juris = col(ct, conv, {"jurisdiction"});
  plan.c_statute = col(ct, conv, {"statute"});
  plan.c_level = col(ct, conv, {"level"});
  plan.c_hate = col(ct, conv, {"hate_crime"});
  plan.c_inchoate = col(ct, conv, {"inchoate"});
  plan.c_pred = col(ct, conv, {"predicate_felony"});
  plan.c_equiv = col(ct, conv, {"equivalent_to"});
  plan.c_judgment = col(ct, conv, {"judgment_date"});
  plan.c_incs = col(ct, conv, {"incarcerations"});
  if (!ok) return false;
  const uint32_t it = layout.cols[plan.c_incs].child;
  plan.i_from = col(it, period, {"from"});
  plan.i_to = col(it, period, {"to"});
  if (!ok) return false;
  auto slot = [&](const char* id) {
    auto li = catalog.list_index(id);
    for (uint32_t s = 0; li && s < store.lists().size(); ++s) {
      if (store.lists()[s] == li->value) return s;
    }
    ok = false;
    error = std::string("the program does not ask list ") + id;
    return 0u;
  };
  plan.vsc = slot("nyc-vsc");
  plan.hate = slot("nyc-vsc-hate");
  plan.vtl600 = slot("nyc-vsc-vtl600");
  plan.us_ny = store.string_id("US-NY");
  plan.empty = store.string_id("");
  plan.federal.clear();
  for (const char* f : {"ICE", "CBP", "USCIS", "DHS"}) plan.federal.push_back(store.string_id(f));
  plan.any_named_requester = bp.program->version >= "2026-01-29";
  return ok;
}

void decide(const Plan& plan, const eb::ColumnStore& store, size_t begin, size_t end,
            uint8_t* out) {
  for (size_t r = begin; r < end; ++r) out[r] = Row(plan, store, r).outcome();
}

Facts facts(const Plan& plan, const eb::ColumnStore& store, size_t row) {
  Row r(plan, store, row);
  Facts f;
  f.judicial_warrant = r.judicial_warrant();
  f.watchlist = r.watchlist() == kYes;
  f.convicted = r.convicted(&f);
  return f;
}

}  // namespace writ::bench::cols
